"""What a response must record so that its letter is a complete notice, for every outcome and regime.

The details of a `responded` event are checked here against the law of the request's regime:
* refused_s12: FOIA s12(1) / FOISA s12(1), the cost limit; the estimate and any aggregation (Fees Regulations 2004
  reg 5); advice on narrowing the request (FOIA s16; FOISA s15). The notice is FOIA s17(5) / FOISA s16(4).
* refused_s14: FOIA s14(1) vexatious or s14(2) repeated (the same in FOISA s14); s14(2) names the earlier request.
  No notice is needed where s17(6) (FOISA s16(5)) applies.
* ncnd: the provisions excluding the duty to confirm or deny (FOIA s17(1)(b) requires them named; s17(4) excuses
  only the reasons) and, for a qualified one, the public interest (s17(3)).
* not_held: the s1(1)(a) statement and, where known, who may hold the information (s16).
* withheld_in_full with no documents: the whole request refused under cited exemptions, e.g. the EIR reg 12(4)(b)
  route for a request that would cost too much or is vexatious (EIR reg 12(1)(b): with the public interest).
"""

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.deadline.regimes import Regime, exemption_regime
from app.errors import Unprocessable
from app.exemption.catalogue import AmbiguousExemption, Catalogue, UnknownExemption, UnsupportedRegime
from app.exemption.ncnd import resolve_ncnd, shared_provisions
from app.foi_request import clock
from app.foi_request.models import FoiRequest, Outcome

Long = Field(default=None, max_length=20_000)


class PublicInterestDetails(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    for_disclosure: str | None = Long
    for_withholding: str | None = Long
    conclusion: str = Field(min_length=1, max_length=20_000)


class ResponseDetails(BaseModel):
    """The fields a response may carry; which ones apply depends on the outcome (checked by `check_response`)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    note: str | None = Field(default=None, max_length=5000)
    outcome: Outcome | None = None
    # refused_s12
    estimate_hours: Decimal | None = Field(default=None, gt=0, le=100_000, decimal_places=2)
    estimate_breakdown: str | None = Long
    aggregated_with: list[str] = Field(default_factory=list, max_length=50)
    # refused_s12 and not_held: advice and assistance (FOIA s16)
    advice: str | None = Long
    # refused_s14
    provision: Literal["s14(1)", "s14(2)"] | None = None
    earlier_request: str | None = Field(default=None, max_length=32)
    notice_not_required: bool = False
    # refused_s14, ncnd and a whole-request refusal: why (FOIA s17(4) may excuse it for ncnd)
    reasons: str | None = Long
    # ncnd and a whole-request refusal
    exemptions: list[str] = Field(default_factory=list, max_length=20)
    public_interest: PublicInterestDetails | None = None
    # not_held
    other_holder: str | None = Field(default=None, max_length=500)


# The fields each outcome may carry; any other refusal field on it is a mistake worth saying so.
FIELDS_FOR: dict[Outcome, set[str]] = {
    Outcome.refused_s12: {"estimate_hours", "estimate_breakdown", "aggregated_with", "advice"},
    Outcome.refused_s14: {"provision", "earlier_request", "notice_not_required", "reasons"},
    Outcome.ncnd: {"exemptions", "public_interest", "reasons"},
    Outcome.not_held: {"advice", "other_holder"},
    Outcome.withheld_in_full: {"exemptions", "public_interest", "reasons"},
    Outcome.advice_only: {"advice"},
}
ALWAYS = {"note", "outcome"}


def check_response(
    session: Session, req: FoiRequest, details: dict[str, Any], catalogue: Catalogue, cost_band: str
) -> tuple[dict[str, Any], list[str]]:
    """Check a responded event's details for its outcome; the canonical details, and warnings to show."""
    parsed = ResponseDetails.model_validate(details)
    outcome = parsed.outcome
    given = {name for name in parsed.model_fields_set if getattr(parsed, name) not in (None, [], False)}
    if outcome is None:
        return parsed.model_dump(mode="json", exclude_defaults=True), []
    regime = clock.regime_or_422(req.regime)
    stray = sorted(given - ALWAYS - FIELDS_FOR.get(outcome, set()))
    if stray:
        raise Unprocessable(
            f"details {', '.join(stray)} do not belong to a {outcome.value} response. " + _fields_hint(outcome),
            rule="details_not_for_outcome",
        )
    warnings: list[str] = []
    route = regime.unreasonable_requests_exception
    if outcome in (Outcome.refused_s12, Outcome.refused_s14) and route is not None:
        raise Unprocessable(
            f"{regime.name} has no {'cost limit' if outcome is Outcome.refused_s12 else 'section 14'}: a request "
            f"that is too costly or vexatious is manifestly unreasonable under {route}, an exception subject to "
            "the public interest test and the presumption in favour of disclosure (EIR regulation 12(1)(b) and "
            "12(2)). Record outcome withheld_in_full with details.exemptions "
            f'["{route}"], details.reasons and details.public_interest.',
            rule="manifestly_unreasonable",
        )
    if outcome is Outcome.refused_s12 and regime.cost_limit is None:
        raise Unprocessable(f"{regime.name} has no cost limit to refuse under.", rule="no_cost_limit")
    if outcome is Outcome.refused_s12:
        _check_cost(session, req, parsed, regime, cost_band)
    elif outcome is Outcome.refused_s14:
        warnings += _check_repeat(session, req, parsed)
    elif outcome is Outcome.ncnd:
        parsed.exemptions = _check_ncnd(req, parsed, catalogue)
    elif outcome is Outcome.withheld_in_full and parsed.exemptions:
        parsed.exemptions = _check_whole_request(session, req, parsed, catalogue)
    return parsed.model_dump(mode="json", exclude_defaults=True), warnings


def _fields_hint(outcome: Outcome) -> str:
    allowed = sorted(FIELDS_FOR.get(outcome, set()))
    return f"A {outcome.value} response takes {', '.join(allowed)}." if allowed else "It takes only a note."


def _check_cost(session: Session, req: FoiRequest, parsed: ResponseDetails, regime: Regime, band: str) -> None:
    limit = regime.cost_limit
    assert limit is not None  # the caller refuses a regime with none
    hours = limit.hours(band)
    if parsed.estimate_hours is not None and parsed.estimate_hours <= hours:
        raise Unprocessable(
            f"The estimate of {parsed.estimate_hours} hours is within the appropriate limit of {hours:g} hours "
            f"(£{limit.pounds(band)} at £{limit.hourly_rate} an hour, {limit.limit_provision} of "
            f"{limit.regulations}); section 12 applies only when the estimate exceeds it.",
            rule="estimate_within_limit",
        )
    if parsed.aggregated_with:
        parsed.aggregated_with = _check_aggregation(session, req, parsed.aggregated_with, regime)


def _check_aggregation(session: Session, req: FoiRequest, references: list[str], regime: Regime) -> list[str]:
    limit = regime.cost_limit
    assert limit is not None
    if limit.aggregation_working_days is None:
        raise Unprocessable(
            f"{regime.name} has no rule for adding requests together for the cost limit: remove aggregated_with.",
            rule="no_aggregation",
        )
    others = _requests(session, references, req)
    received = [req.received_on, *(o.received_on for o in others)]
    calendar = clock.calendar_for(session, regime)
    span = calendar.working_days_between(min(received), max(received))
    if span >= limit.aggregation_working_days:
        raise Unprocessable(
            f"Requests can be added together only when all were received within {limit.aggregation_working_days} "
            f"consecutive working days ({limit.aggregation_provision} of {limit.regulations}); these span "
            f"{span + 1} working days, from {min(received).isoformat()} to {max(received).isoformat()}.",
            rule="aggregation_window",
        )
    return [o.reference for o in others]


def _requests(session: Session, references: list[str], req: FoiRequest) -> list[FoiRequest]:
    wanted = list(dict.fromkeys(r.strip().upper() for r in references if r.strip()))
    if req.reference.upper() in wanted:
        raise Unprocessable(f"{req.reference} is this request; name the other requests.", rule="same_request")
    rows = session.scalars(select(FoiRequest).where(func.upper(FoiRequest.reference).in_(wanted)))
    found = {r.reference.upper(): r for r in rows}
    missing = [r for r in wanted if r not in found]
    if missing:
        raise Unprocessable(
            f"No request with reference {', '.join(missing)}: give the reference of an existing request, e.g. "
            f"{req.reference}.",
            rule="unknown_request",
        )
    return [found[r] for r in wanted]


def _check_repeat(session: Session, req: FoiRequest, parsed: ResponseDetails) -> list[str]:
    if parsed.provision is None:
        raise Unprocessable(
            'A section 14 refusal must say which subsection applies: details.provision "s14(1)" (the request is '
            'vexatious) or "s14(2)" (it repeats an earlier request from the same person).',
            rule="s14_provision_required",
        )
    if parsed.provision == "s14(2)" and not parsed.earlier_request:
        raise Unprocessable(
            "Section 14(2) applies to a request identical or substantially similar to an earlier one from the same "
            "person: give details.earlier_request, the reference of that request.",
            rule="earlier_request_required",
        )
    if parsed.notice_not_required and not parsed.earlier_request:
        raise Unprocessable(
            "Section 17(6) excuses a refusal notice only where one was already given for a previous request: give "
            "details.earlier_request, the request that notice was given for.",
            rule="earlier_request_required",
        )
    if not parsed.earlier_request:
        return []
    (earlier,) = _requests(session, [parsed.earlier_request], req)
    parsed.earlier_request = earlier.reference
    if earlier.received_on > req.received_on:
        raise Unprocessable(
            f"{earlier.reference} was received on {earlier.received_on.isoformat()}, after this request "
            f"({req.received_on.isoformat()}): the earlier request must come first.",
            rule="earlier_request_later",
        )
    if not _same_person(earlier, req):
        return [
            f"{earlier.reference} was made by a different requester ({earlier.requester.name}). Section 14(2) "
            "applies only to a request from the same person: check that the two are one person."
        ]
    return []


def _same_person(a: FoiRequest, b: FoiRequest) -> bool:
    if a.requester_id == b.requester_id:
        return True
    one, other = a.requester, b.requester
    if one.email and other.email:
        return one.email.casefold() == other.email.casefold()
    return " ".join(one.name.split()).casefold() == " ".join(other.name.split()).casefold()


def _check_ncnd(req: FoiRequest, parsed: ResponseDetails, catalogue: Catalogue) -> list[str]:
    if not parsed.exemptions:
        raise Unprocessable(
            "A neither-confirm-nor-deny response must name the provisions relied on (FOIA s17(1)(b); s17(4) "
            'excuses only the reasons): give details.exemptions, e.g. ["s31(3)"] or ["s40(5B)"].',
            rule="ncnd_provision_required",
        )
    regime = exemption_regime(req.regime)
    cited = [resolve_ncnd(catalogue, code, regime) for code in parsed.exemptions]
    shared = shared_provisions(catalogue, regime)
    bare = [c.code for c in cited if c.code in shared]
    if bare and not any(c.provision in shared and c.code not in shared for c in cited):
        raise Unprocessable(
            f"{', '.join(bare)} applies only with the exemption that would apply if the information were held: "
            "cite that exemption too, e.g. "
            f'["{bare[0]}", "s35(1)(a)"] (FOISA s16(1)(c) and s18(1)).',
            rule="ncnd_exemption_required",
        )
    qualified = [c.code for c in cited if not c.absolute]
    if qualified and parsed.public_interest is None:
        raise Unprocessable(
            f"{', '.join(qualified)} {'is' if len(qualified) == 1 else 'are'} qualified: give "
            "details.public_interest (for_disclosure, for_withholding and the conclusion) saying why the public "
            "interest in neither confirming nor denying outweighs the public interest in saying whether the "
            "information is held (FOIA s2(1)(b), s17(3)).",
            rule="public_interest_required",
        )
    return list(dict.fromkeys(c.code for c in cited))


def _check_whole_request(session: Session, req: FoiRequest, parsed: ResponseDetails, catalogue: Catalogue) -> list[str]:
    from app.document.service import list_documents  # documents build on requests

    if list_documents(session, req.id):
        raise Unprocessable(
            "This request has documents in scope: cite exemptions on each document's decision, not on the response.",
            rule="cite_on_documents",
        )
    codes: list[str] = []
    needing_test: list[str] = []
    for code in parsed.exemptions:
        try:
            citation = catalogue.resolve(code, exemption_regime(req.regime))
        except (UnknownExemption, AmbiguousExemption, UnsupportedRegime) as exc:
            raise Unprocessable(str(exc), rule="unknown_exemption") from exc
        codes.append(citation.code)
        if citation.requires_public_interest_test:
            needing_test.append(citation.code)
    if needing_test and parsed.public_interest is None:
        raise Unprocessable(
            f"{', '.join(needing_test)} {'is' if len(needing_test) == 1 else 'are'} qualified: give "
            "details.public_interest with the conclusion of the public interest test.",
            rule="public_interest_required",
        )
    return list(dict.fromkeys(codes))
