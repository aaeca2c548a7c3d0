"""`make load`: 200 concurrent clients for 60 s against a real server process on PostgreSQL, mixing reads and
writes; prints the error count and p50/p99, and fails on any error.

    .venv/bin/python bench/load.py [--clients 200] [--duration 60] [--cases 20000]

Each client is a closed loop (the next request goes when the last answers). The mix, per client: lists (overdue,
free-text search, by due date), reads of one case and its clock, creates, and edits (read, then written back with
its version) to a small set of shared "hot" cases, so row locks and the audit chain are contended as on a Monday
morning: an edit that lost the race to another client is the 409 it should be, not an error.
"""

import argparse
import sys
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import servers  # noqa: E402
from bench.api import request_body  # noqa: E402
from bench.database import create_user_with_token, synthetic_postgres  # noqa: E402
from bench.httpload import Plan, Stats, drive  # noqa: E402

OK = frozenset({200})
EDITED_OR_STALE = frozenset({200, 409})
CREATED = frozenset({201})
HOT_CASES = 20


def mix(case_ids: list[int]) -> Any:
    def plan(client: int, i: int) -> Plan:
        case = case_ids[(client * 7 + i) % len(case_ids)]
        hot = case_ids[(client + i) % HOT_CASES]
        step = (client + i) % 10
        if step == 0:
            return "POST", "/api/v1/requests", request_body(client * 1_000_000 + i), CREATED
        if step == 1:
            body = {"title": f"Edited by client {client}, step {i}"}
            return "PATCH", f"/api/v1/requests/{hot}", body, EDITED_OR_STALE
        if step in {2, 3}:
            return "GET", "/api/v1/requests?overdue=true", None, OK
        if step == 4:
            return "GET", "/api/v1/requests?q=library", None, OK
        if step == 5:
            return "GET", "/api/v1/requests?sort=due_on&limit=20", None, OK
        if step == 6:
            return "GET", f"/api/v1/requests/{case}/clock", None, OK
        return "GET", f"/api/v1/requests/{case}", None, OK

    return plan


def run(clients: int, duration: float, cases: int, *, quiet: bool = False) -> Stats:
    """Build a throwaway database, serve it, drive the mix, and return the figures."""
    from sqlalchemy import select

    from app.foi_request.models import FoiRequest

    with synthetic_postgres(f"foi_load_{uuid.uuid4().hex[:8]}", cases) as (engine, factory):
        url = engine.url.render_as_string(hide_password=False)
        with factory() as session:
            case_ids = list(session.scalars(select(FoiRequest.id).order_by(FoiRequest.id.desc()).limit(1_000)))
        _, token = create_user_with_token(url, "officer", "Load Officer")
        env = {"FOI_DATABASE_URL": url}
        with servers.serve("app.main:create_app", env) as base:
            if not quiet:
                print(f"{clients} clients for {duration:.0f} s against {base} ({cases:,} cases)")
            stats = drive(base, clients, duration, mix(case_ids), {"Authorization": f"Bearer {token}"})
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args()
    stats = run(args.clients, args.duration, args.cases)
    print(stats.summary())
    print("by method:", dict(stats.by_kind))
    sys.exit(1 if stats.error_count else 0)


if __name__ == "__main__":
    main()
