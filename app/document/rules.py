"""The law a ruling must satisfy, exemption by exemption (FOIA s2, s17, s31, s36 with s36(4), s40)."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import Role, User
from app.deadline.regimes import exemption_regime
from app.document.models import DecisionCitation, QualifiedPersonOpinion
from app.document.schemas import CitationIn
from app.errors import Problems, Unprocessable
from app.exemption.catalogue import AmbiguousExemption, Catalogue, Citation, UnknownExemption
from app.foi_request.models import FoiRequest


def resolve_or_422(catalogue: Catalogue, code: str, regime: str) -> Citation:
    """`code` as cited on a request under `regime` (a request regime: school and archives cite FOIA Part II)."""
    try:
        return catalogue.resolve(code, exemption_regime(regime))
    except (UnknownExemption, AmbiguousExemption) as exc:
        extra = {"suggestion": exc.suggestion} if getattr(exc, "suggestion", None) else {}
        raise Unprocessable(str(exc), rule="unknown_exemption", extra=extra) from exc


def _opinion_covers(opinion: QualifiedPersonOpinion, code: str, section: str) -> bool:
    return code in opinion.limbs or section in opinion.limbs


def find_or_record_opinion(
    session: Session, req: FoiRequest, item: CitationIn, citation: Citation, decided_on: date, actor: User
) -> QualifiedPersonOpinion:
    """FOIA s36(2): the exemption is engaged only 'in the reasonable opinion of a qualified person'. The opinion
    cited, or, when the qualified person rules themselves, the opinion their ruling records (added here)."""
    code, section = citation.code, citation.section.code
    if item.opinion_id is not None:
        opinion = session.get(QualifiedPersonOpinion, item.opinion_id)
        if opinion is None or opinion.request_id != req.id:
            raise Unprocessable(
                f"No opinion {item.opinion_id} is recorded on request {req.reference}.",
                rule="opinion_not_recorded",
            )
    elif item.qualified_person is not None:
        qp = item.qualified_person
        candidates = session.scalars(
            select(QualifiedPersonOpinion).where(
                QualifiedPersonOpinion.request_id == req.id,
                QualifiedPersonOpinion.opinion_on == qp.opinion_on,
            )
        ).all()
        opinion = next(
            (o for o in candidates if o.name.casefold() == qp.name.casefold() and _opinion_covers(o, code, section)),
            None,
        )
        if opinion is None and actor.role == Role.qualified_person and actor.name.casefold() == qp.name.casefold():
            # The qualified person is ruling themselves: their ruling records their opinion.
            opinion = QualifiedPersonOpinion(
                request_id=req.id,
                name=actor.name,
                role=qp.role,
                opinion_on=qp.opinion_on,
                limbs=[code],
                summary=item.reasoning,
                on_paper=False,
                given_by_id=actor.id,
                recorded_by_id=actor.id,
            )
            session.add(opinion)
            session.flush()
        if opinion is None:
            raise Unprocessable(
                f"{code} needs the reasonable opinion of the qualified person (FOIA s36(2)), and no opinion of "
                f"{qp.name} dated {qp.opinion_on} covering {code} is recorded on {req.reference}. Record the "
                "qualified person's opinion first (the qualified person records their own; an officer records "
                "one given on paper), then cite it here.",
                rule="opinion_not_recorded",
            )
    else:
        raise Unprocessable(
            f"{code} needs the qualified person's opinion (FOIA s36(2)): give qualified_person "
            "{name, role, opinion_on} or opinion_id.",
            rule="qualified_person_opinion_required",
        )
    if not _opinion_covers(opinion, code, section):
        raise Unprocessable(
            f"Opinion {opinion.id} covers {', '.join(opinion.limbs)}, not {code}.",
            rule="opinion_does_not_cover_limb",
        )
    if opinion.opinion_on > decided_on:
        raise Unprocessable(
            f"The qualified person's opinion is dated {opinion.opinion_on}, after the decision ({decided_on}); "
            "s36 is engaged only by an opinion given before the exemption is relied on.",
            rule="opinion_after_decision",
        )
    return opinion


def statistical_without_opinion(item: CitationIn, citation: Citation) -> str:
    """The provision under which this citation's statistical information needs no opinion (FOIA s36(4)): s36(2)
    applies with "would, or would be likely to" in place of "in the reasonable opinion of a qualified person"."""
    limbs = (citation.limb,) if citation.limb else citation.section.limbs
    provisions = {limb.statistical_without_opinion for limb in limbs}
    provision = provisions.pop() if len(provisions) == 1 else None
    if provision is None:
        raise Unprocessable(
            f"statistical is true on {citation.code}, but marking information as statistical only excuses the "
            "qualified person's opinion that s36(2) needs (FOIA s36(4)), and "
            f"{citation.code} needs no such opinion. Remove statistical from this citation.",
            rule="statistical_not_applicable",
        )
    if item.qualified_person is not None or item.opinion_id is not None:
        raise Unprocessable(
            f"{citation.code} is cited both as statistical information (no opinion needed, FOIA "
            f"{provision}) and with a qualified person's opinion. Give one: remove statistical to rely on the "
            "opinion, or remove qualified_person and opinion_id to rely on the information being statistical.",
            rule="statistical_with_opinion",
        )
    return provision


def check_emissions(req: FoiRequest, codes: list[str], on_emissions: bool, catalogue: Catalogue) -> None:
    """EIR reg 12(9): to the extent the information is on emissions, reg 12(5)(d) to (g) cannot refuse it. Which
    limbs it bars is catalogue data (a limb's `not_for_emissions`)."""
    if not on_emissions:
        return
    regime = exemption_regime(req.regime)
    if regime != "eir":
        raise Unprocessable(
            "information_on_emissions is an EIR rule (regulation 12(9)); this request is not under the EIR. "
            "Leave it false.",
            rule="emissions_eir_only",
        )
    barred = [code for code in codes if (limb := catalogue.resolve(code, regime).limb) and limb.not_for_emissions]
    if barred:
        raise Unprocessable(
            f"Information on emissions cannot be withheld under {', '.join(barred)}: regulation 12(9) of the EIR "
            "disapplies regulation 12(5)(d) to (g) for it. Rely on another exception, or release it.",
            rule="emissions_override",
        )


def build_citations(
    session: Session,
    req: FoiRequest,
    items: list[CitationIn],
    decided_on: date,
    actor: User,
    catalogue: Catalogue,
    problems: Problems,
) -> list[DecisionCitation]:
    """The decision's citations, each checked against the law its exemption carries. Every problem is added to
    `problems` (field "exemptions[N]..."), not raised, so one answer names them all; a citation with a problem
    gives no row."""
    rows: list[DecisionCitation] = []
    seen: set[str] = set()
    for position, item in enumerate(items):
        at = f"exemptions[{position}]"
        count = len(problems.found)
        citation: Citation | None = None
        with problems.check(f"{at}.code"):
            citation = resolve_or_422(catalogue, item.code, req.regime)
            if citation.code in seen:
                raise Unprocessable(
                    f"{citation.code} is cited twice; cite each exemption once.", rule="duplicate_exemption"
                )
            seen.add(citation.code)
        if citation is None or len(problems.found) > count:
            continue
        code = citation.code
        pi = item.public_interest
        with problems.check(f"{at}.public_interest"):
            if citation.requires_public_interest_test and not (pi and pi.conclusion):
                # FOIA s2(2)(b), s17(3); EIR reg 12(1)(b): qualified exemptions need the public interest weighed.
                raise Unprocessable(
                    f"{code} is a qualified exemption: record the public interest test with "
                    "public_interest.conclusion (and the factors for disclosure and for withholding).",
                    rule="public_interest_test_required",
                )
        purposes: list[str] = []
        with problems.check(f"{at}.s31_purposes"):
            purposes = _purposes(item, citation, catalogue)
        with problems.check(f"{at}.legitimate_interests"):
            if citation.requires_legitimate_interests and item.legitimate_interests is None:
                raise Unprocessable(
                    f"{code} (first condition) needs the legitimate-interests test: give legitimate_interests "
                    "{legitimate_interest, necessity, balancing}.",
                    rule="legitimate_interests_test_required",
                )
        row = DecisionCitation(
            position=position,
            code=code,
            section=citation.section.code,
            reasoning=item.reasoning,
            pi_for_disclosure=pi.for_disclosure if pi else None,
            pi_for_withholding=pi.for_withholding if pi else None,
            pi_conclusion=pi.conclusion if pi else None,
            s31_purposes=purposes,
            legitimate_interests=item.legitimate_interests.model_dump() if item.legitimate_interests else None,
        )
        with problems.check(f"{at}.qualified_person"):
            if item.statistical:
                statistical_without_opinion(item, citation)
                row.statistical = True
            elif citation.requires_qualified_person:
                opinion = find_or_record_opinion(session, req, item, citation, decided_on, actor)
                row.opinion_id = opinion.id
                row.qp_name, row.qp_role, row.qp_opinion_on = opinion.name, opinion.role, opinion.opinion_on
        if len(problems.found) == count:
            rows.append(row)
    return rows


def _purposes(item: CitationIn, citation: Citation, catalogue: Catalogue) -> list[str]:
    """FOIA s31(1)(g)-(i) protect functions for the purposes in s31(2): the purposes relied on, as codes."""
    if not citation.requires_purpose:
        if item.s31_purposes:
            raise Unprocessable(
                f"s31_purposes belong to s31(1)(g)-(i) only, not to {citation.code}.",
                rule="s31_purpose_not_applicable",
            )
        return []
    if not item.s31_purposes:
        raise Unprocessable(
            f"{citation.code} applies only to functions for a purpose in s31(2): give s31_purposes, e.g. "
            '["s31(2)(c)"].',
            rule="s31_purpose_required",
        )
    try:
        return [catalogue.purpose(citation.section.code, raw).code for raw in item.s31_purposes]
    except (UnknownExemption, AmbiguousExemption) as exc:
        raise Unprocessable(str(exc), rule="unknown_s31_purpose") from exc
