"""Alembic is the only source of schema: it upgrades, downgrades and upgrades again, and matches the models."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select

import app.models  # noqa: F401
from app.db import Base, include_in_autogenerate, make_engine
from tests.migrate import alembic_config


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_in_autogenerate}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_downgrade_upgrade(engine: Engine) -> None:
    from alembic import command

    url = engine.url.render_as_string(hide_password=False)
    scratch = make_engine(url)
    # Run against a copy of the schema the session uses: downgrade to nothing and back again.
    config = alembic_config(url)
    try:
        command.downgrade(config, "base")
        assert set(inspect(scratch).get_table_names()) <= {"alembic_version"}
        command.upgrade(config, "head")
        assert set(Base.metadata.tables) <= set(inspect(scratch).get_table_names())
    finally:
        scratch.dispose()


def test_audit_events_are_append_only(engine: Engine) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    conn = engine.connect()
    outer = conn.begin()
    try:
        conn.execute(text("INSERT INTO audit_chain_heads (chain, seq, last_hash) VALUES ('t', 1, 'x')"))
        conn.execute(
            text(
                "INSERT INTO audit_events (chain, seq, at, entity, entity_id, action, prev_hash, hash) "
                "VALUES ('t', 1, CURRENT_TIMESTAMP, 'e', '1', 'a', 'p', 'h')"
            )
        )
        for statement in (
            "UPDATE audit_events SET action = 'forged' WHERE chain = 't'",
            "DELETE FROM audit_events WHERE chain = 't'",
        ):
            savepoint = conn.begin_nested()
            with pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text(statement))
            savepoint.rollback()
    finally:
        outer.rollback()
        conn.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_0010_fills_the_reviewer_of_existing_reviews(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A review opened before 0010 gets as its reviewer whoever first re-decided a document in it."""
    from datetime import date

    from alembic import command
    from sqlalchemy.orm import Session

    from app.auth.service import create_user
    from app.config import get_settings
    from app.document import service as documents
    from app.document.models import Stage
    from app.document.schemas import DecisionIn, DocumentIn
    from app.exemption.catalogue import load_catalogue
    from app.foi_request import events
    from app.foi_request.schemas import EventIn, RequestCreate, RequesterIn
    from app.foi_request.service import create_request
    from app.review import service as reviews
    from app.review.models import InternalReview
    from app.review.schemas import ReviewOpen

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'backfill.db'}"
        command.upgrade(alembic_config(url), "head")
    else:
        url = request.getfixturevalue("pg_url")
    catalogue = load_catalogue(get_settings().exemptions_dir)
    eng = make_engine(url)
    try:
        with Session(eng) as session:
            officer = create_user(session, name="Olive", email="olive@example.org", role="officer", actor=None)
            first = create_user(session, name="Rowan", email="rowan@example.org", role="reviewer", actor=None)
            second = create_user(session, name="Sasha", email="sasha@example.org", role="reviewer", actor=None)
            requester = RequesterIn(name="Sam Requester", email="sam@example.net")
            body = RequestCreate(
                regime="foia",
                received_on=date(2025, 9, 12),
                title="Papers",
                request_text="Papers.",
                requester=requester,
            )
            req = create_request(session, body, officer)
            doc = documents.add_document(session, req, DocumentIn(item="1", title="Paper"), officer)
            initial = DecisionIn(outcome="disclosed", decided_on=date(2025, 9, 15))
            documents.put_decision(session, req, doc, Stage.initial, initial, first, catalogue)
            events.add_event(session, req, EventIn(type="responded", on=date(2025, 10, 10)), officer, catalogue)
            reviews.open_review(session, req, ReviewOpen(requested_on=date(2025, 11, 14)), officer)
            again = DecisionIn(outcome="disclosed", decided_on=date(2025, 12, 1))
            documents.put_decision(session, req, doc, Stage.internal_review, again, second, catalogue)
            session.commit()
            second_id = second.id
        command.downgrade(alembic_config(url), "0009")
        command.upgrade(alembic_config(url), "head")
        with Session(eng) as session:
            review = session.scalars(select(InternalReview)).one()
            assert review.reviewer_id == second_id
            assert review.independence_override_reason is None
    finally:
        eng.dispose()
