"""The "record the response" form: for each outcome, the fields its notice needs (app/foi_request/response.py),
named "<outcome>__<field>", and where the service's errors belong on it."""

from typing import Any

from app.foi_request.models import Outcome
from app.foi_request.response import FIELDS_FOR

# The response form asks, per outcome, what its notice needs (app/foi_request/response.py): fields are named
# "<outcome>__<field>", so each outcome's answers stay apart when the page is used without JavaScript.
LIST_FIELDS = {"aggregated_with", "exemptions"}
PUBLIC_INTEREST_FIELDS = ("for_disclosure", "for_withholding", "conclusion")
RULE_FIELDS = {
    "estimate_within_limit": "estimate_hours",
    "aggregation_window": "aggregated_with",
    "same_request": "aggregated_with",
    "s14_provision_required": "provision",
    "earlier_request_later": "earlier_request",
    "ncnd_provision_required": "exemptions",
    "not_an_ncnd_provision": "exemptions",
    "unknown_ncnd_provision": "exemptions",
    "unknown_exemption": "exemptions",
    "public_interest_required": "conclusion",
    "manifestly_unreasonable": None,
}


def response_details(outcome: str, lists: dict[str, list[str]]) -> dict[str, Any]:
    """The refusal details for the chosen outcome, from the fields of that outcome only."""
    try:
        names = FIELDS_FOR[Outcome(outcome)]
    except ValueError:
        return {}

    def value(name: str) -> str:
        return (lists.get(f"{outcome}__{name}") or [""])[0].strip()

    details: dict[str, Any] = {}
    for name in sorted(names - {"public_interest"}):
        if name in LIST_FIELDS:
            codes = [c.strip() for c in value(name).replace("\n", ",").replace(";", ",").split(",") if c.strip()]
            if codes:
                details[name] = codes
        elif name == "notice_not_required":
            if value(name) == "yes":
                details[name] = True
        elif text := value(name):
            details[name] = text
    if "public_interest" in names and any(value(n) for n in PUBLIC_INTEREST_FIELDS):
        details["public_interest"] = {n: value(n) or None for n in PUBLIC_INTEREST_FIELDS}
    return details


def response_field(outcome: str, rule: str | None, field: str | None) -> str:
    if rule == "earlier_request_required":
        return f"{outcome}__earlier_request"
    if rule == "unknown_request":
        return f"{outcome}__{'earlier_request' if outcome == 'refused_s14' else 'aggregated_with'}"
    name = RULE_FIELDS.get(rule or "")
    if name is None and field is not None and field.startswith("details."):
        name = {"public_interest": "conclusion"}.get(field.removeprefix("details."), field.removeprefix("details."))
    return f"{outcome}__{name}" if name else "outcome"
