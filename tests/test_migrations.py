"""Alembic is the only source of schema: it upgrades, downgrades and upgrades again, and matches the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

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
