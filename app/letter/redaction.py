"""The published copy of a letter: a PublicLetterContext built field by field from the requester's copy.

It has no recipient at all, and every free-text value (the request, its title, reasons, notes, descriptions) is
redacted as a string with the requester's forms (app.personal_data) before the model is built. Nothing is ever
searched and replaced in serialised data. The authority's own details are published as they are.
"""

from collections.abc import Callable
from types import UnionType
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from app.letter import context as ctx
from app.personal_data.forms import RequesterForms


def _without_none(annotation: object) -> object:
    if isinstance(annotation, UnionType):
        kept = [a for a in get_args(annotation) if a is not type(None)]
        return kept[0] if len(kept) == 1 else annotation
    return annotation


def _clean(value: Any, annotation: object, text: Callable[[str], str]) -> Any:
    annotation = _without_none(annotation)
    if isinstance(value, BaseModel):
        return _clean_model(value, text)
    if isinstance(value, list):
        item = get_args(annotation)[0] if get_origin(annotation) is list else object
        return [_clean(v, item, text) for v in value]
    if isinstance(value, str) and annotation is str:
        return text(value)
    return value  # a date, a number, a Literal code: structure, never personal data


def _clean_model(model: BaseModel, text: Callable[[str], str]) -> dict[str, Any]:
    fields = type(model).model_fields
    return {name: _clean(getattr(model, name), fields[name].annotation, text) for name in fields}


def _public_fields(context: ctx.LetterContext, text: Callable[[str], str]) -> dict[str, Any]:
    return {
        name: _clean(getattr(context, name), field.annotation, text)
        for name, field in ctx.PublicLetterContext.model_fields.items()
        if name != "authority"
    }


def public_copy(context: ctx.LetterContext, forms: RequesterForms) -> ctx.PublicLetterContext:
    """The copy for the disclosure log: rendered from this, the requester's data never reaches the PDF."""
    body = _public_fields(context, forms.redact)
    # Staff are not named on the disclosure log: the published copy is signed by the authority's signatory.
    return ctx.PublicLetterContext.model_validate({**body, "authority": context.authority, "signatory": None})


def free_text(context: ctx.LetterContext) -> list[str]:
    """Every free-text value the published copy carries from the case: what a person reads for the requester."""
    found: list[str] = []

    def keep(value: str) -> str:
        found.append(value)
        return value

    _public_fields(context, keep)
    return found
