"""Form plumbing shared by the pages: GOV.UK error messages, dates in three boxes, and safe attempts."""

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.auth.models import User
from app.errors import AppError, Conflict
from app.web.models import FormSubmission

T = TypeVar("T")
DATE_PARTS = ("day", "month", "year")
STALE_CASE = (
    "Someone else changed this case while you were working on it. What you entered is below: check the case "
    "page in another tab if you need to, then submit again."
)
NO_VERSION = (
    "This form did not say which version of the case it was opened at, so nothing was saved. What you entered is "
    "below: check the case page in another tab if you need to, then submit again."
)


@dataclass
class FormErrors:
    """What is wrong with a submitted form: one message per field, plus any that belong to no field."""

    fields: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def add(self, name: str | None, message: str) -> None:
        if name is None:
            self.general.append(message)
        else:
            self.fields.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    def in_page_order(self, names: list[str]) -> None:
        """The error summary lists problems in the order the fields appear on the page."""
        rank = {name: i for i, name in enumerate(names)}
        self.fields = dict(sorted(self.fields.items(), key=lambda item: rank.get(item[0], len(rank))))

    def summary(self) -> list[dict[str, str]]:
        """The GOV.UK error summary: each message links to its field."""
        return [{"text": m} for m in self.general] + [{"text": m, "href": f"#{n}"} for n, m in self.fields.items()]

    def on(self, name: str) -> dict[str, str] | None:
        """The errorMessage parameter for a GOV.UK macro, or None when the field is fine."""
        message = self.fields.get(name)
        return {"text": message} if message else None


def add_validation_errors(
    errors: FormErrors, exc: ValidationError, fields: Mapping[str, str], labels: Mapping[str, str]
) -> None:
    """Turn pydantic's messages into GOV.UK ones: 'Enter the title', not 'String should have at least 1 character'.

    fields maps a pydantic location (dotted) to the form field's name; labels maps a field name to how the
    message should name it.
    """
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        name = fields.get(loc, loc.replace(".", "_"))
        label = labels.get(name, name.replace("_", " "))
        kind = err["type"]
        if kind in {"missing", "string_too_short"} or (kind == "value_error" and "empty" in err["msg"]):
            message = f"Enter {label}"
        elif kind == "string_too_long":
            message = f"{label.capitalize()} must be {err['ctx']['max_length']:,} characters or fewer"
        elif kind.startswith("date") or kind == "date_from_datetime_parsing":
            message = f"{label.capitalize()} must be a real date"
        elif kind == "string_pattern_mismatch":
            message = f"Enter {label} in the correct format"
        elif "email" in kind or (kind == "value_error" and "email" in err["msg"].lower()):
            message = f"Enter {label} in the correct format, like name@example.com"
        else:
            message = f"{label.capitalize()}: {err['msg']}"
        errors.add(name if name in labels else None, message)


def add_app_error(
    errors: FormErrors,
    exc: AppError,
    fields_by_rule: Mapping[str, str] | None = None,
    fields_by_field: Mapping[str, str] | None = None,
) -> None:
    """Show a service's error at the form field it concerns: by the error's own field, else by its rule. Several
    problems raised together (app.errors.Problems) are shown each at its own field."""
    for problem in exc.extra.get("problems") or [exc.to_body()]:
        field_name, rule = problem.get("field") or "", problem.get("rule") or ""
        name = (fields_by_field or {}).get(field_name) or (fields_by_rule or {}).get(rule)
        errors.add(name, str(problem.get("detail", exc.detail)))


def errors_of(exc: AppError) -> FormErrors:
    """A form's errors when the service's one error is all there is to show."""
    errors = FormErrors()
    add_app_error(errors, exc)
    return errors


def add_case_error(
    errors: FormErrors, exc: AppError, form: dict[str, Any], version: int, fields: Mapping[str, str]
) -> None:
    """A service's error on a form that carries the case's version: a stale or missing version is said above the
    form, which now carries the case's current version; any other error is shown at its field."""
    if exc.rule in {"stale_version", "version_required"}:
        errors.add(None, STALE_CASE if exc.rule == "stale_version" else NO_VERSION)
        form["version"] = str(version)
    else:
        add_app_error(errors, exc, fields)


def read_date(
    form: Mapping[str, Any], name: str, label: str, errors: FormErrors, *, required: bool = True
) -> date | None:
    """A GOV.UK date input: three boxes named name-day, name-month, name-year."""
    parts = [str(form.get(f"{name}-{p}", "")).strip() for p in DATE_PARTS]
    if not any(parts):
        if required:
            errors.add(name, f"Enter {label}")
        return None
    if not all(p.isdigit() for p in parts):
        missing = [p for p, v in zip(DATE_PARTS, parts, strict=True) if not v.isdigit()]
        errors.add(name, f"{label.capitalize()} must include a {' and '.join(missing)} in numbers")
        return None
    day, month, year = (int(p) for p in parts)
    if year < 1000:
        errors.add(name, f"The year of {label} must include 4 numbers")
        return None
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):  # a ten-digit year or month overflows C's int before it is out of range
        errors.add(name, f"{label.capitalize()} must be a real date")
        return None


def typed_date(form: Mapping[str, Any], name: str) -> dict[str, str]:
    """What was typed into a date's three boxes, to show again beside an error."""
    return {p: str(form.get(f"{name}-{p}", "")) for p in DATE_PARTS}


def optional_int(value: str | None) -> int | None:
    """A hidden or select field holding a number (a version, an officer's id); anything else is no number."""
    return int(value) if value and value.isdigit() else None


def date_parts(value: date | None) -> dict[str, str]:
    if value is None:
        return {"day": "", "month": "", "year": ""}
    return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}


def attempt(session: Session, action: Callable[[], T]) -> tuple[T | None, AppError | None]:
    """Run a service call in a savepoint: on a rule broken, undo just that and hand back the error for the form."""
    savepoint = session.begin_nested()
    try:
        result = action()
        session.flush()
    except AppError as exc:
        savepoint.rollback()
        return None, exc
    except StaleDataError:
        savepoint.rollback()
        return None, Conflict("Someone else changed this case while you were working on it.", rule="stale_version")
    savepoint.commit()
    return result, None


def new_form_key() -> str:
    return secrets.token_urlsafe(24)


def claim_form_key(session: Session, key: str, user: User) -> str | None:
    """Claim a form's one-time key. Returns where the earlier submission went when the form was sent twice.

    The key's row is written first, so a second submit racing the first waits on the unique index, then finds it.
    """
    if not key or len(key) > 64:
        return None
    savepoint = session.begin_nested()
    try:
        session.add(FormSubmission(key=key, user_id=user.id, result_path=""))
        session.flush()
    except IntegrityError:
        savepoint.rollback()
        earlier = session.scalar(select(FormSubmission).where(FormSubmission.key == key))
        return earlier.result_path if earlier is not None and earlier.result_path else "/dashboard"
    savepoint.commit()
    return None


def release_form_key(session: Session, key: str) -> None:
    session.execute(delete(FormSubmission).where(FormSubmission.key == key))


def complete_form_key(session: Session, key: str, result_path: str) -> None:
    submission = session.scalar(select(FormSubmission).where(FormSubmission.key == key))
    if submission is not None:
        submission.result_path = result_path
