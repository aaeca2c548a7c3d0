"""The demonstration case: a request for the papers of a board's private session, decided, then reviewed.

Modelled on the shape of a real internal-review letter (eleven papers, s31/s33/s36 and s21 relied on, some
papers released at review); the authority, people and wording are invented.
"""

import secrets
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth import service as auth_service
from app.auth.models import User
from app.auth.sign_in import set_password
from app.config import get_settings
from app.demo.documents import attach_papers
from app.document import opinions
from app.document import service as documents
from app.document.models import Stage
from app.document.schemas import CitationIn, DecisionIn, DocumentIn, OpinionIn
from app.exemption.catalogue import Catalogue, load_catalogue
from app.foi_request import events
from app.foi_request import service as requests
from app.foi_request.models import FoiRequest
from app.foi_request.schemas import EventIn, RequestCreate, RequesterIn
from app.letter import service as letters
from app.publishing.service import publish
from app.review import service as reviews
from app.review.schemas import ReviewOpen, ReviewOutcomeIn

DEMO_TITLE = "Papers for the private session of the board meeting of 28 September 2017"

PAPERS = [
    ("11", "Chair's report", "BD/17/41(C)"),
    ("12", "Chief executive's report", "BD/17/42(C)"),
    ("13", "Month 5 provider finance and performance", "BD/17/43(C)"),
    ("14", "Winter readiness 2017/18", "BD/17/44(C)"),
    ("15", "Incident response and emergency preparedness", "BD/17/45(C)"),
    ("16", "Joint working with the regional commissioner", "BD/17/46(C)"),
    ("17i", "Business case: Eastbank community diagnostic hub (outline case)", "BD/17/47(C)"),
    ("17ii", "Business case: Riverside secure unit (full case)", "BD/17/47(C)"),
    ("19", "Providers in special measures: update", "BD/17/48(C)"),
    ("20i", "Quarter one: corporate risk register", "BD/17/49(C)"),
    ("20ii", "Quarter one: corporate performance report", "BD/17/49(C)"),
]

S36 = ["s36(2)(b)(i)", "s36(2)(b)(ii)", "s36(2)(c)"]
PI_S36 = {
    "for_disclosure": "Openness about how the board oversees local services supports accountability and "
    "public debate about the quality and cost of care.",
    "for_withholding": "Board members need a private space to test options and hear candid advice on live "
    "matters; publishing papers before decisions are settled would make future papers less frank.",
    "conclusion": "The matters were live when the request was made; the public interest in protecting the "
    "board's deliberation outweighs the interest in disclosure at this time.",
}
PI_REGULATORY = {
    "for_disclosure": "There is a public interest in knowing how providers are performing and how the "
    "authority responds to concerns.",
    "for_withholding": "Providers share early, sensitive information on the understanding that it is used "
    "for oversight; disclosure would make them share less, weakening regulation.",
    "conclusion": "Much of the performance picture is already published in quarterly reports; the interest "
    "in effective oversight outweighs disclosure of the remainder.",
}


def _cite(code: str, opinion: dict[str, Any] | None = None, **extra: Any) -> CitationIn:
    data: dict[str, Any] = {"code": code, "reasoning": extra.pop("reasoning", "")}
    if code.startswith("s36"):
        data["public_interest"] = PI_S36
        data["qualified_person"] = opinion
    elif code.startswith(("s31", "s33")):
        data["public_interest"] = PI_REGULATORY
    data.update(extra)
    return CitationIn.model_validate(data)


DEMO_WORDS = (
    "harbour",
    "lantern",
    "meadow",
    "copper",
    "orchard",
    "granite",
    "willow",
    "saffron",
    "thistle",
    "beacon",
    "quarry",
    "heron",
    "bramble",
    "cobalt",
    "juniper",
    "marble",
)


def _ensure_user(
    session: Session, name: str, email: str, role: str, password: str | None = None
) -> tuple[User, str | None]:
    user = session.scalar(select(User).where(User.email == email))
    if user is not None:
        return user, None
    user = auth_service.create_user(session, name=name, email=email, role=role, actor=None)
    if password is not None:
        set_password(session, user, password, actor=None)
    return user, auth_service.issue_token(session, user, label="demo", actor=None)


def _decide(
    session: Session,
    req: FoiRequest,
    docs: dict[str, int],
    stage: Stage,
    plan: dict[str, Any],
    decided_on: date,
    reviewer: User,
    catalogue: Catalogue,
) -> None:
    for item, (outcome, codes) in plan.items():
        doc = documents.get_document(session, req, docs[item])
        data = DecisionIn(outcome=outcome, exemptions=codes, decided_on=decided_on)
        documents.put_decision(session, req, doc, stage, data, reviewer, catalogue)


def load_demo(session: Session, catalogue: Catalogue | None = None) -> str:
    catalogue = catalogue or load_catalogue(get_settings().exemptions_dir)
    existing = session.scalar(select(FoiRequest).where(FoiRequest.title == DEMO_TITLE))
    if existing is not None:
        return f"The demo case is already loaded as {existing.reference} (id {existing.id})."
    # One random web password for the demo's people, printed once: never a fixed password in a real database.
    password = "-".join(secrets.choice(DEMO_WORDS) for _ in range(4))
    officer, officer_token = _ensure_user(
        session, "Morgan Ellis", "governance.officer@example.org", "officer", password
    )
    reviewer, reviewer_token = _ensure_user(
        session, "Priya Natarajan", "foi.reviewer@example.org", "reviewer", password
    )
    # s45 Code, section 5: the internal review is carried out by someone who made none of the initial decisions.
    review_lead, _ = _ensure_user(session, "Chris Adebayo", "review.lead@example.org", "reviewer", password)
    _ensure_user(session, "Dana Whitfield", "admin@example.org", "admin", password)
    _ensure_user(session, "Sam Okafor", "qualified.person@example.org", "qualified_person", password)

    req = requests.create_request(
        session,
        RequestCreate(
            regime="foia",
            received_on=date(2017, 9, 27),
            title=DEMO_TITLE,
            request_text="Under the Freedom of Information Act, please send me every paper presented to the private "
            "session of the board on 28 September 2017, including the chair's and chief executive's reports, the "
            "business cases and the quarter one risk and performance reports.",
            requester=RequesterIn(
                name="Jordan Avery",
                email="jordan.avery@example.net",
                postal_address="14 Orchard Row, Exampleton EX1 2AB",
            ),
        ),
        officer,
    )
    docs = {}
    for item, title, reference in PAPERS:
        docs[item] = documents.add_document(
            session, req, DocumentIn(item=item, title=title, reference=reference), officer
        ).id

    first_opinion = OpinionIn(
        limbs=S36,
        opinion_on=date(2017, 10, 19),
        name="Dr Alex Morgan",
        role="Chief Executive (qualified person)",
        summary="Disclosure would be likely to inhibit free and frank advice and deliberation "
        "and otherwise prejudice the board's conduct of its business.",
    )
    opinions.record_opinion(session, req, first_opinion, officer, catalogue)
    qp1 = {"name": "Dr Alex Morgan", "role": "Chief Executive", "opinion_on": "2017-10-19"}
    s36_all = [_cite(c, qp1) for c in S36]
    s31 = _cite(
        "s31(1)(g)",
        s31_purposes=["s31(2)(c)"],
        reasoning="Disclosure would be likely to prejudice the authority's oversight of whether regulatory "
        "action is justified.",
    )
    initial_plan = {item: ("withheld", [s31, *s36_all]) for item in docs}
    initial_plan["15"] = ("disclosed", [])
    _decide(session, req, docs, Stage.initial, initial_plan, date(2017, 10, 24), reviewer, catalogue)
    events.add_event(session, req, EventIn(type="responded", on=date(2017, 10, 25)), officer, catalogue)

    reviews.open_review(session, req, ReviewOpen(requested_on=date(2017, 11, 13)), officer)
    second_opinion = OpinionIn(
        limbs=S36,
        opinion_on=date(2018, 4, 20),
        name="Sam Okafor",
        role="Chief Executive (qualified person)",
        summary="Reconsidered after the change of chief executive; the opinion is maintained "
        "for the papers still withheld.",
    )
    opinions.record_opinion(session, req, second_opinion, officer, catalogue)
    qp2 = {"name": "Sam Okafor", "role": "Chief Executive", "opinion_on": "2018-04-20"}
    b2c = [_cite("s36(2)(b)(ii)", qp2), _cite("s36(2)(c)", qp2)]
    full36 = [_cite(c, qp2) for c in S36]
    s21 = _cite("s21", reasoning="Part of this paper has since been published.")
    s33 = _cite(
        "s33(1)(b)",
        reasoning="Disclosure would be likely to prejudice the examination of how "
        "efficiently providers use their resources.",
    )
    review_plan = {
        "11": ("withheld_in_part", b2c),
        "12": ("withheld_in_part", b2c),
        "13": ("withheld", [s21, s31, s33, *b2c]),
        "14": ("withheld_in_part", [s21, *full36]),
        "15": ("disclosed", []),
        "16": ("withheld_in_part", full36),
        "17i": ("withheld", [s33, *full36]),
        "17ii": ("withheld", [s33, *full36]),
        "19": ("withheld", [s31, s33, _cite("s36(2)(b)(ii)", qp2)]),
        "20i": ("withheld", full36),
        "20ii": ("withheld_in_part", b2c),
    }
    _decide(session, req, docs, Stage.internal_review, review_plan, date(2018, 4, 27), review_lead, catalogue)
    suggested = reviews.suggest_review_outcome(reviews.document_changes(session, req))
    reviews.decide_review(
        session,
        req,
        ReviewOutcomeIn(outcome=suggested or "upheld_in_part", decided_on=date(2018, 4, 30), version=req.version),
        officer,
    )
    settings = get_settings()
    attach_papers(session, req, docs, officer, review_lead, catalogue, settings)  # real content, redacted (app.bundle)
    letters.issue(session, req, "decision", officer, catalogue, settings, date(2017, 10, 25))
    letters.issue(session, req, "internal_review", officer, catalogue, settings, date(2018, 4, 30))
    letters.issue(session, req, "annex", officer, catalogue, settings, date(2018, 4, 30))
    publish(session, req, officer, catalogue, settings)
    lines = [
        f"Loaded the demo case {req.reference} (id {req.id}): {len(PAPERS)} papers, decided, reviewed, its letters "
        f"issued and published at /disclosure-log/{req.reference}."
    ]
    for label, token in (("officer", officer_token), ("reviewer", reviewer_token)):
        if token:
            lines.append(f"Demo {label} API token: {token}")
    if officer_token:
        lines.append(
            "Sign in at /sign-in as governance.officer@example.org, foi.reviewer@example.org, "
            "review.lead@example.org (the internal review), qualified.person@example.org or admin@example.org "
            f"with the password: {password}"
        )
    return "\n".join(lines)


def database_is_empty(session: Session) -> bool:
    return (session.scalar(select(func.count()).select_from(FoiRequest)) or 0) == 0
