"""The facts a refusal notice states for its outcome, from the responded event's details (app.foi_request.response
checked them when they were recorded): FOIA s12 with s17(5), s14 with s17(5)/(6), NCND with s17(1)(b), not held
(s1(1)(a)), and a whole-request refusal under cited exemptions (e.g. EIR reg 12(4)(b))."""

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.deadline import Regime
from app.deadline.regimes import exemption_regime
from app.exemption.catalogue import Catalogue
from app.exemption.formatting import format_code
from app.exemption.ncnd import resolve_ncnd, shared_provisions
from app.foi_request.models import FoiRequest, Outcome
from app.letter import context as ctx
from app.letter.citations import explain
from app.letter.not_ready import NotReady


def refusal_facts(
    session: Session,
    req: FoiRequest,
    outcome: Outcome,
    details: dict[str, Any],
    regime: Regime,
    catalogue: Catalogue,
    settings: Settings,
) -> dict[str, Any]:
    """The facts a refusal notice states for its outcome, from the responded event's details (app.foi_request
    .response checked them): FOIA s12 with s17(5), s14 with s17(5)/(6), NCND with s17(1)(b), not held (s1(1)(a))."""
    if outcome is Outcome.refused_s12:
        limit = regime.cost_limit
        if limit is None:
            raise NotReady(f"{regime.name} has no cost limit: record a different outcome.", rule="no_cost_limit")
        band = settings.authority_cost_limit_band
        estimate = details.get("estimate_hours")
        return {
            "cost_limit": ctx.CostLimitRefusal(
                limit_pounds=limit.pounds(band),
                limit_hours=f"{limit.hours(band):g}",
                hourly_rate=limit.hourly_rate,
                regulations=limit.regulations,
                limit_provision=limit.limit_provision,
                rate_provision=limit.rate_provision,
                activities=list(limit.activities),
                estimate_hours=f"{Decimal(str(estimate)):g}" if estimate is not None else None,
                estimate_breakdown=details.get("estimate_breakdown"),
                aggregated_with=list(details.get("aggregated_with", [])),
                aggregation_provision=limit.aggregation_provision,
                aggregation_working_days=limit.aggregation_working_days,
                advice=details.get("advice"),
            )
        }
    if outcome is Outcome.refused_s14:
        provision = details.get("provision")
        if provision is None:
            raise NotReady(
                "The response does not say whether section 14(1) (vexatious) or 14(2) (repeated) applies: delete "
                'it and record it again with details.provision "s14(1)" or "s14(2)".',
                rule="s14_provision_required",
            )
        if details.get("notice_not_required"):
            raise NotReady(
                "Section 17(6) applies: a refusal notice was already given for an earlier request and another "
                "is not needed, so there is no decision letter to issue.",
                rule="no_notice_needed",
            )
        earlier = _request_by_reference(session, details.get("earlier_request"))
        return {
            "repeat": ctx.RepeatRefusal(
                provision=provision,
                earlier_request=earlier.reference if earlier else None,
                earlier_received_on=earlier.received_on if earlier else None,
                reasons=details.get("reasons"),
            )
        }
    if outcome is Outcome.ncnd:
        codes = details.get("exemptions", [])
        if not codes:
            raise NotReady(
                "The neither-confirm-nor-deny response names no provision (FOIA s17(1)(b)): delete it and record "
                'it again with details.exemptions, e.g. ["s31(3)"].',
                rule="ncnd_provision_required",
            )
        regime_codes = exemption_regime(req.regime)
        shared = shared_provisions(catalogue, regime_codes)
        # A shared provision (FOISA s18(1)) is named in the letter's own words; the list gives the exemptions.
        cited = [c for c in (resolve_ncnd(catalogue, code, regime_codes) for code in codes) if c.code not in shared]
        return {
            "ncnd": ctx.Ncnd(
                provisions=[
                    ctx.NcndProvisionCited(
                        code=c.code,
                        display=c.display,
                        section_display=format_code(c.section.code),
                        section_title=c.section.title,
                        summary=c.section.summary,
                        absolute=c.absolute,
                    )
                    for c in cited
                ],
                reasons=details.get("reasons"),
                public_interest=_public_interest(details),
            )
        }
    if outcome is Outcome.not_held:
        return {"not_held": ctx.NotHeld(other_holder=details.get("other_holder"), advice=details.get("advice"))}
    if outcome is Outcome.advice_only:
        return {"advice": details.get("advice")}
    if outcome is Outcome.withheld_in_full and details.get("exemptions"):
        codes_of = exemption_regime(req.regime)
        pi = _public_interest(details)
        reasons = [details["reasons"]] if details.get("reasons") else []
        codes = sorted(details["exemptions"], key=lambda c: catalogue.sort_key(c, codes_of))
        return {
            "exemptions": [explain(c, catalogue, codes_of, reasoning=reasons, pi=[pi] if pi else []) for c in codes]
        }
    return {}


def _public_interest(details: dict[str, Any]) -> ctx.PublicInterest | None:
    test = details.get("public_interest")
    if not test:
        return None
    return ctx.PublicInterest(
        for_disclosure=test.get("for_disclosure"),
        for_withholding=test.get("for_withholding"),
        conclusion=test["conclusion"],
    )


def _request_by_reference(session: Session, reference: str | None) -> FoiRequest | None:
    if not reference:
        return None
    return session.scalars(select(FoiRequest).where(FoiRequest.reference == reference)).first()
