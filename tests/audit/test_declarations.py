"""Each audited model declares its audited fields once, on the class (`app.audit.snapshot`). These tests hold the
declarations to their models: every declared field exists, every column is either audited or listed here as
deliberately not, and a snapshot of each model is exactly what its events have always recorded."""

from datetime import UTC, date, datetime
from inspect import getattr_static

import pytest
from sqlalchemy import inspect

from app import models  # noqa: F401 - every domain's models, so the registry below knows them all
from app.audit.snapshot import Audited, snapshot
from app.auth.models import Role, User
from app.bundle.models import DocumentFile, FileKind, Redaction
from app.db import Base
from app.document.models import Decision, DecisionCitation, DecisionOutcome, Document, Stage
from app.foi_request.models import FoiRequest, Outcome, Requester, Status
from app.review.models import InternalReview, ReviewOutcome

# The columns each audited model's events do not record, and why. A new column fails the coverage test until it is
# audited (added to the model's `__audited__`) or listed here.
NOT_AUDITED: dict[type[Audited], set[str]] = {
    User: {"id", "created_at", "password_hash"},  # never the password hash, not even hashed
    Requester: {"id", "created_at"},
    FoiRequest: {
        "id",
        "requester_id",  # the requester is its own entity
        "created_by_id",
        "created_at",
        "updated_at",
        "version",
        # Derived by the clock from the audited dates and events:
        "date_of_receipt",
        "timeliness",
        "working_days_taken",
        "calendar_version",
    },
    Document: {"id", "request_id", "created_at", "content"},  # the content is recorded as its length
    Decision: {"id", "request_id", "decided_by_id", "version", "created_at", "updated_at"},
    DecisionCitation: {
        "id",
        "decision_id",
        "position",
        "section",
        "pi_for_disclosure",
        "pi_for_withholding",
        "qp_role",
        "opinion_id",  # the opinion is its own entity
        "legitimate_interests",
    },
    InternalReview: {"id", "request_id", "request_window_ends_on", "opened_by_id", "created_at"},
    DocumentFile: {"id", "request_id", "media_type", "storage_key", "text", "uploaded_by_id", "uploaded_at"},
    Redaction: {"id", "request_id", "region_text", "pages", "created_by_id", "created_at"},
}


def declared(model: type[Audited]) -> tuple[str, ...]:
    extra = InternalReview.AUDITED_OVERRIDE if model is InternalReview else ()
    return model.__audited__ + extra


def test_every_audited_model_is_covered_here() -> None:
    audited = {m.class_ for m in Base.registry.mappers if issubclass(m.class_, Audited)}
    assert audited == set(NOT_AUDITED)


@pytest.mark.parametrize("model", list(NOT_AUDITED), ids=lambda m: m.__name__)
def test_every_declared_field_exists(model: type[Audited]) -> None:
    attrs = inspect(model).attrs
    for name in declared(model):
        assert name in attrs or isinstance(getattr_static(model, name, None), property), f"{model.__name__}.{name}"
    assert model.__audited_when_set__ <= set(model.__audited__)


@pytest.mark.parametrize("model", list(NOT_AUDITED), ids=lambda m: m.__name__)
def test_every_column_is_audited_or_deliberately_not(model: type[Audited]) -> None:
    columns = {c.key for c in inspect(model).column_attrs}
    assert columns - set(declared(model)) == NOT_AUDITED[model]


def test_user() -> None:
    user = User(
        name="Ann Officer", email="ann@example.org", role=Role.officer, active=True, team="Governance", job_title=None
    )
    assert snapshot(user) == {
        "name": "Ann Officer",
        "email": "ann@example.org",
        "role": "officer",
        "active": True,
        "team": "Governance",
        "job_title": None,
    }


def test_request_and_requester() -> None:
    req = FoiRequest(
        reference="FOI-2025-0001",
        regime="foia",
        school=None,
        received_on=date(2025, 3, 14),
        title="Board papers",
        request_text="Please send me the papers.",
        status=Status.responded,
        outcome=Outcome.partly_withheld,
        assigned_to_id=7,
        due_on=date(2025, 4, 11),
        extended_due_on=None,
        responded_on=date(2025, 4, 10),
        working_days_taken=19,
    )
    assert snapshot(req) == {
        "reference": "FOI-2025-0001",
        "regime": "foia",
        "school": None,
        "received_on": "2025-03-14",
        "title": "Board papers",
        "request_text": "Please send me the papers.",
        "status": "responded",
        "outcome": "partly_withheld",
        "assigned_to_id": 7,
        "due_on": "2025-04-11",
        "extended_due_on": None,
        "responded_on": "2025-04-10",
    }
    requester = Requester(
        name="Sam Requester", email="sam@example.net", phone=None, postal_address="1 High St", organisation=None
    )
    assert snapshot(requester) == {
        "name": "Sam Requester",
        "email": "sam@example.net",
        "phone": None,
        "postal_address": "1 High St",
        "organisation": None,
    }


def test_document() -> None:
    doc = Document(item="17ii", title="Minutes", reference="M/17", content="Twelve chars")
    assert snapshot(doc) == {"item": "17ii", "title": "Minutes", "reference": "M/17", "content_length": 12}
    assert snapshot(Document(item="1", title="Empty", reference=None, content=None))["content_length"] == 0


def test_decision_with_its_citations() -> None:
    decision = Decision(
        document_id=3,
        stage=Stage.initial,
        outcome=DecisionOutcome.withheld_in_part,
        decided_on=date(2025, 4, 1),
        information_on_emissions=True,
        citations=[
            DecisionCitation(
                code="s36(2)(b)(i)",
                section="s36",
                reasoning="Free and frank advice.",
                pi_conclusion="Withhold.",
                qp_name="Jo Head",
                qp_opinion_on=date(2025, 3, 28),
                statistical=False,
                s31_purposes=[],
            ),
            DecisionCitation(
                code="s31(1)(g)",
                section="s31",
                reasoning="Prejudice to an inquiry.",
                pi_conclusion=None,
                qp_name=None,
                qp_opinion_on=None,
                statistical=True,
                s31_purposes=["s31(2)(a)"],
            ),
        ],
    )
    assert snapshot(decision) == {
        "document_id": 3,
        "stage": "initial",
        "outcome": "withheld_in_part",
        "decided_on": "2025-04-01",
        "exemptions": [
            {
                "code": "s36(2)(b)(i)",
                "reasoning": "Free and frank advice.",
                "pi_conclusion": "Withhold.",
                "qp_name": "Jo Head",
                "qp_opinion_on": "2025-03-28",
                "s31_purposes": [],
            },
            {
                "code": "s31(1)(g)",
                "reasoning": "Prejudice to an inquiry.",
                "pi_conclusion": None,
                "qp_name": None,
                "qp_opinion_on": None,
                "statistical": True,
                "s31_purposes": ["s31(2)(a)"],
            },
        ],
        "information_on_emissions": True,
    }
    # Flags are recorded only when set, so decisions audited before they existed still match their snapshot.
    decision.information_on_emissions = False
    decision.citations[1].statistical = False
    unflagged = snapshot(decision)
    assert "information_on_emissions" not in unflagged
    assert unflagged["exemptions"] == [snapshot(c) for c in decision.citations]
    assert "statistical" not in snapshot(decision.citations[1])


def test_internal_review_and_its_override() -> None:
    review = InternalReview(
        requested_on=date(2025, 5, 1),
        due_on=date(2025, 5, 30),
        extended_due_on=date(2025, 6, 27),
        late_request=False,
        outcome=ReviewOutcome.upheld_in_part,
        decided_on=date(2025, 5, 29),
        reviewer_id=9,
        independence_override_reason="Only reviewer in the school.",
        independence_override_by_id=2,
        independence_override_at=datetime(2025, 5, 2, 10, 30, tzinfo=UTC),
    )
    assert snapshot(review) == {
        "requested_on": "2025-05-01",
        "due_on": "2025-05-30",
        "extended_due_on": "2025-06-27",
        "late_request": False,
        "outcome": "upheld_in_part",
        "decided_on": "2025-05-29",
        "reviewer_id": 9,
    }
    assert snapshot(review, InternalReview.AUDITED_OVERRIDE) == {
        "reviewer_id": 9,
        "independence_override_reason": "Only reviewer in the school.",
        "independence_override_by_id": 2,
        "independence_override_at": "2025-05-02T10:30:00+00:00",
    }


def test_document_file_and_redaction() -> None:
    file = DocumentFile(
        document_id=3, filename="minutes.pdf", kind=FileKind.pdf, sha256="ab" * 32, size=2048, pages=4, text="..."
    )
    assert snapshot(file) == {
        "document_id": 3,
        "filename": "minutes.pdf",
        "kind": "pdf",
        "sha256": "ab" * 32,
        "size": 2048,
        "pages": 4,
    }
    redaction = Redaction(
        document_id=3,
        stage=Stage.initial,
        exemptions=["s40(2)"],
        text=None,
        page=2,
        rect=[10.0, 20.5, 110.0, 40.0],
        region_text="Ann Other",
        pages=[2],
        occurrences=1,
    )
    assert snapshot(redaction) == {
        "document_id": 3,
        "stage": "initial",
        "exemptions": ["s40(2)"],
        "text": None,
        "page": 2,
        "rect": [10.0, 20.5, 110.0, 40.0],
        "occurrences": 1,
    }
