"""The load test's smoke size in CI: 50 clients for 10 s of mixed reads and writes against a real server process
on PostgreSQL, with zero errors (`make load` runs the full 200 clients × 60 s)."""

from bench.load import run
from tests.conftest import require_postgres


def test_fifty_clients_for_ten_seconds_without_an_error() -> None:
    require_postgres()  # the load run builds its own database
    stats = run(clients=50, duration=10, cases=2_000, quiet=True)
    print(stats.summary())
    assert stats.count > 100, stats.summary()
    assert stats.error_count == 0, stats.summary()
    assert set(stats.by_kind) == {"GET", "POST", "PATCH"}
    assert stats.percentile(99) < 10_000, stats.summary()
