"""Schemathesis against the OpenAPI schema of a real server process on PostgreSQL, authenticated with a role
each operation allows (from the authorisation table), bounded in examples per operation: no 5xx, and every
documented response matches the schema."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance
from sqlalchemy.orm import Session

from app.demo.case import load_demo
from app.main import create_app
from bench import servers
from bench.database import create_user_with_token, throwaway_database
from tests.conftest import require_postgres
from tests.robustness.test_authorisation import MATRIX, POLICIES

EXAMPLES = 8  # per operation; ~50 operations keep the whole run near a minute
ROLE_ORDER = ("officer", "reviewer", "qualified_person", "admin")


@pytest.fixture(scope="module")
def live_api() -> Iterator[tuple[str, dict[str, str]]]:
    require_postgres()
    from app.db import make_engine

    with throwaway_database() as url:
        engine = make_engine(url)
        with Session(engine) as session, session.begin():
            load_demo(session)  # real ids for the fuzzer to hit: request 1, documents 1-11, issued letters
        engine.dispose()
        tokens = {role: create_user_with_token(url, role)[1] for role in ROLE_ORDER}
        with servers.serve("app.main:create_app", {"FOI_DATABASE_URL": url}) as base:
            yield base, tokens


# The schema the app publishes at /openapi.json, taken from the app itself so the tests can be collected before
# the server starts; every call goes over HTTP to the live server.
schema = schemathesis.openapi.from_dict(create_app(run_sweeper=False).openapi())


def _token_for(method: str, path: str, tokens: dict[str, str]) -> str:
    policy = POLICIES[MATRIX.get((method.upper(), path), "signed_in")]
    role = next(r for r in ROLE_ORDER if policy[r] == "allow")
    return tokens[role]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
    derandomize=True,
)
def test_api_holds_under_fuzzing(case: Any, live_api: tuple[str, dict[str, str]]) -> None:
    base, tokens = live_api
    token = _token_for(case.method, case.path, tokens)
    case.call_and_validate(
        base_url=base,
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        timeout=60,
    )
