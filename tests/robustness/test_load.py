"""The load test's smoke size in CI: 50 clients for 10 s of mixed reads and writes against a real server process
on PostgreSQL, with zero errors (`make load` runs the full 200 clients × 60 s)."""

from bench.load import run
from tests.robustness.pg import pg_url

__all__ = ["pg_url"]


def test_fifty_clients_for_ten_seconds_without_an_error(pg_url: str) -> None:
    # pg_url proves PostgreSQL is there (or skips); the load run builds its own database beside it.
    stats = run(clients=50, duration=10, cases=2_000, quiet=True)
    print(stats.summary())
    assert stats.count > 100, stats.summary()
    assert stats.error_count == 0, stats.summary()
    assert set(stats.by_kind) == {"GET", "POST", "PATCH"}
    assert stats.percentile(99) < 10_000, stats.summary()
