"""PostgreSQL for the robustness tests: a throwaway database per test; skipped outside CI when unreachable."""

from collections.abc import Iterator

import pytest

from bench.database import throwaway_database
from tests.conftest import IN_CI, POSTGRES_URL, _postgres_reachable


@pytest.fixture
def pg_url() -> Iterator[str]:
    problem = _postgres_reachable()
    if problem is not None:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable in CI: {problem}", pytrace=False)
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is unreachable ({problem})")
    with throwaway_database() as url:
        yield url
