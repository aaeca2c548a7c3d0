"""Clock events: each one is checked against the whole history, then the clock is recomputed from scratch."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from app import timeutil
from app.audit.service import record
from app.audit.snapshot import snapshot
from app.auth.models import User
from app.config import get_settings
from app.deadline import ClockResult
from app.deadline.regimes import exemption_regime
from app.errors import Conflict, NotFound, Unprocessable
from app.exemption.catalogue import AmbiguousExemption, Catalogue, UnknownExemption
from app.foi_request import clock
from app.foi_request.models import ClockEventRow, FoiRequest, Outcome, Status
from app.foi_request.response import ResponseDetails, check_response
from app.foi_request.schemas import EventIn
from app.foi_request.service import check_version
from app.lifecycle import clock_changed


class _Details(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    note: str | None = Field(default=None, max_length=5000)


class _ExtensionDetails(_Details):
    extended_to: date
    reason: str | None = Field(default=None, max_length=5000)


class _PitDetails(_ExtensionDetails):
    # FOIA s10(3)/s17(2): the notice names the qualified exemptions whose public interest is being weighed.
    exemptions: list[str] = Field(min_length=1)


class _FeeNoticeDetails(_Details):
    # FOIA s9(1): the notice states the fee to be charged.
    amount: Decimal = Field(gt=0, le=1_000_000, decimal_places=2, description="The fee in pounds, e.g. 25.00")
    breakdown: str | None = Field(default=None, max_length=5000)


DETAILS: dict[str, type[BaseModel]] = {
    "pit_extension": _PitDetails,
    "commissioner_extension": _ExtensionDetails,
    "responded": ResponseDetails,
    "fee_notice_issued": _FeeNoticeDetails,
}


def _validated_details(event_type: str, details: dict[str, Any]) -> dict[str, Any]:
    model = DETAILS.get(event_type, _Details)
    try:
        parsed = model.model_validate(details)
    except ValidationError as exc:
        errors = exc.errors()
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'details'}: {e['msg']}" for e in errors)
        first = errors[0]["loc"][:1] if errors else ()
        raise Unprocessable(
            f"details for a {event_type} event are not valid: {problems}.",
            rule="bad_event_details",
            field=f"details.{first[0]}" if first else "details",
        ) from exc
    return parsed.model_dump(mode="json", exclude_none=True)


def _check_pit_exemptions(catalogue: Catalogue, regime: str, codes: list[str]) -> list[str]:
    canonical = []
    for code in codes:
        try:
            citation = catalogue.resolve(code, exemption_regime(regime))
        except (UnknownExemption, AmbiguousExemption) as exc:
            raise Unprocessable(str(exc), rule="unknown_exemption") from exc
        if citation.absolute:
            # FOIA s10(3): extra time is only for weighing the public interest, which absolute exemptions lack.
            raise Unprocessable(
                f"{citation.code} is an absolute exemption: a public-interest extension (FOIA s10(3)) is only "
                "available while weighing the public interest for qualified exemptions.",
                rule="pit_extension_absolute",
            )
        canonical.append(citation.code)
    return canonical


def add_event(
    session: Session,
    req: FoiRequest,
    data: EventIn,
    actor: User,
    catalogue: Catalogue,
    cost_band: str | None = None,
) -> tuple[ClockEventRow, ClockResult]:
    """Record an event; `cost_band` is the authority's cost-limit band (settings) for a s12 response."""
    check_version(req, data.version)
    today = timeutil.today()
    if data.on > today:
        raise Unprocessable(
            f"A {data.type} event cannot be dated {data.on.isoformat()}, after today ({today.isoformat()}). "
            "Record events when they happen.",
            rule="event_in_future",
        )
    details = _validated_details(data.type, data.details)
    if data.type == "pit_extension":
        regime = clock.regime_or_422(req.regime)
        if not regime.pit_extension:
            # FOIA s10(3) alone gives extra time to weigh the public interest; the EIR and FOISA do not (law.md 10),
            # so the exemptions are not checked: there is no extension to name them in.
            raise Unprocessable(
                f"{regime.name} has no public interest test extension (only FOIA s10(3) has one): the response, "
                f"with any public interest reasons, is due within {regime.working_days} working days.",
                rule="pit_extension_not_available",
            )
        details["exemptions"] = _check_pit_exemptions(catalogue, req.regime, details["exemptions"])
    if data.type == "responded" and "outcome" not in details:
        from app.document.service import suggest_outcome  # documents build on requests

        outcome = suggest_outcome(session, req.id)
        if outcome is None:
            raise Unprocessable(
                "Say how the request was answered: give details.outcome (one of "
                f"{', '.join(o.value for o in Outcome)}), or record a decision on every document first.",
                rule="outcome_required",
            )
        details["outcome"] = outcome.value
    notices: list[str] = []
    if data.type == "responded":
        band = cost_band if cost_band is not None else get_settings().authority_cost_limit_band
        details, notices = check_response(session, req, details, catalogue, band)
    before = snapshot(req)
    row = ClockEventRow(type=data.type, occurred_on=data.on, details=details, created_by_id=actor.id)
    req.events.append(row)
    session.flush()
    result = clock.refresh(session, req)
    clock_changed(session, req, result)
    if data.type == "responded":
        req.outcome = details["outcome"]
    session.flush()
    record(
        session,
        actor=actor,
        entity="clock_event",
        entity_id=row.id,
        action=f"event:{data.type}",
        before=before,
        after={**snapshot(req), "event": {"type": data.type, "on": data.on, "details": details}},
        request_id=req.id,
    )
    if notices:
        result = replace(result, warnings=(*result.warnings, *notices))
    return row, result


def delete_event(session: Session, req: FoiRequest, event_id: int, actor: User, version: int | None) -> None:
    """Remove an event entered in error; the clock is recomputed as if it had never been entered."""
    check_version(req, version)
    row = next((e for e in req.events if e.id == event_id), None)
    if row is None:
        raise NotFound(f"Request {req.reference} has no event {event_id}.")
    if row.type == "responded" and req.status in {Status.internal_review, Status.review_complete}:
        raise Conflict(
            f"Request {req.reference} is under internal review of that response; the response cannot be removed.",
            rule="response_under_review",
        )
    before = snapshot(req)
    removed = {"type": row.type, "on": row.occurred_on, "details": row.details}
    req.events.remove(row)
    session.flush()
    result = clock.refresh(session, req)
    clock_changed(session, req, result)
    if row.type == "responded":
        req.outcome = None
    session.flush()
    record(
        session,
        actor=actor,
        entity="clock_event",
        entity_id=event_id,
        action="event_deleted",
        before={**before, "event": removed},
        after=snapshot(req),
        request_id=req.id,
    )
