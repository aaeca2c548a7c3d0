"""Exemptions as a letter explains them: the catalogue's standard paragraphs plus this case's reasoning."""

from typing import Any, TypeVar

from app.document.models import Decision
from app.exemption.catalogue import Catalogue
from app.exemption.formatting import format_code
from app.letter.context import CitedExemption, Opinion, PublicInterest, Purpose

T = TypeVar("T")


def _unique(values: list[T]) -> list[T]:
    seen: list[T] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def cite_exemptions(
    decisions: list[tuple[str, Decision]], catalogue: Catalogue, regime: str | None = None
) -> list[CitedExemption]:
    """Group every citation in these (item, decision) pairs by code, in statute order, in catalogue `regime`."""
    grouped: dict[str, dict[str, list[Any]]] = {}
    for item, decision in decisions:
        for c in decision.citations:
            g = grouped.setdefault(
                c.code, {"reasoning": [], "pi": [], "qp": [], "purposes": [], "items": [], "statistical": []}
            )
            if c.reasoning:
                g["reasoning"].append(c.reasoning)
            if c.pi_conclusion:
                g["pi"].append(
                    PublicInterest(
                        for_disclosure=c.pi_for_disclosure,
                        for_withholding=c.pi_for_withholding,
                        conclusion=c.pi_conclusion,
                    )
                )
            if c.qp_name and c.qp_opinion_on:
                g["qp"].append(Opinion(name=c.qp_name, role=c.qp_role or "", opinion_on=c.qp_opinion_on))
            g["purposes"].extend(c.s31_purposes or [])
            g["items"].append(item)
            if c.statistical:
                g["statistical"].append(item)
    return share_public_interest(
        [
            explain(code, catalogue, regime, **parts)
            for code, parts in sorted(grouped.items(), key=lambda kv: catalogue.sort_key(kv[0], regime))
        ]
    )


def share_public_interest(cited: list[CitedExemption]) -> list[CitedExemption]:
    """Where sections rest on the same public interest assessment, the letter sets it out once, under the first,
    and says the same balance applies to the others ("the same balance applies to sections 31 and 33")."""
    tests: dict[str, list[PublicInterest]] = {}
    for ex in cited:
        if not ex.absolute:
            tests.setdefault(ex.section_code, [])
            tests[ex.section_code] += [pi for pi in ex.public_interest if pi not in tests[ex.section_code]]
    first_with: dict[tuple[PublicInterest, ...], str] = {}
    same_as: dict[str, str] = {}
    for section, assessment in tests.items():
        key = tuple(assessment)
        if not key:
            continue
        if key in first_with:
            same_as[section] = first_with[key]
        else:
            first_with[key] = section
    display = {ex.section_code: ex.section_display for ex in cited}
    also: dict[str, list[str]] = {}
    for section, first in same_as.items():
        also.setdefault(first, []).append(display[section])
    return [
        ex.model_copy(
            update={
                "public_interest_same_as": display[same_as[ex.section_code]] if ex.section_code in same_as else None,
                "public_interest_also": also.get(ex.section_code, []),
            }
        )
        for ex in cited
    ]


def explain(
    code: str,
    catalogue: Catalogue,
    regime: str | None = None,
    *,
    reasoning: list[str] | None = None,
    pi: list[PublicInterest] | None = None,
    qp: list[Opinion] | None = None,
    purposes: list[str] | None = None,
    items: list[str] | None = None,
    statistical: list[str] | None = None,
) -> CitedExemption:
    citation = catalogue.resolve(code, regime)
    section = citation.section
    return CitedExemption(
        code=citation.code,
        display=format_code(citation.code),
        section_code=section.code,
        section_display=format_code(section.code),
        section_title=section.title,
        limb_description=citation.limb.description if citation.limb else None,
        absolute=citation.absolute,
        paragraphs=list(section.paragraphs),
        reasoning=_unique(reasoning or []),
        public_interest=_unique(pi or []),
        qualified_person=_unique(qp or []),
        purposes=[
            Purpose(code=p.code, display=format_code(p.code), description=p.description)
            for p in (catalogue.purpose(section.code, code, section.regime) for code in _unique(purposes or []))
        ],
        items=_unique(items or []),
        statistical_items=_unique(statistical or []),
        statistical_provision=format_code(citation.limb.statistical_without_opinion)
        if citation.limb and citation.limb.statistical_without_opinion and statistical
        else None,
    )
