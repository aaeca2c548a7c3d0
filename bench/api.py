"""API figures: our endpoints through a real uvicorn process, driven by wrk (bench/wrk.py, so the load generator is
not the limit), against a bare FastAPI endpoint served the same way that answers with the same bytes ours did.

The two are measured in turn, A B A B, so the machine's mood falls on both alike; the figure is the median round
and `spread` the lowest and highest ratio of the rounds."""

import json
import statistics
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench import servers, wrk
from bench.database import create_user_with_token

CLIENTS = 10
ROUNDS = {"small": 2, "full": 3}
SECONDS = {"small": 2.0, "full": 10.0}
REQUEST_TEXT = "Please send the minutes of the last three meetings of the planning committee."


def request_body(n: int) -> dict[str, Any]:
    received = date.today() - timedelta(days=n % 30)  # noqa: DTZ011 - a plausible receipt date is all it needs
    return {
        "regime": "foia",
        "received_on": received.isoformat(),
        "title": f"Benchmark request {n}",
        "request_text": REQUEST_TEXT,
        "requester": {"name": f"Bench Requester {n}", "email": f"bench{n}@example.org"},
    }


def _creates(path: str) -> str:
    """Lua making each create its own request (a new requester and title), as request_body does."""
    template = json.dumps(request_body(0)).replace("%", "%%")
    for field in ("Benchmark request 0", "Bench Requester 0", "bench0@example.org"):
        template = template.replace(field, field.replace("0", "%d"))
    return f"""
local n = 0
request = function()
  n = n + 1
  local k = id * 10000000 + n
  return wrk.format(nil, {json.dumps(path)}, nil, string.format({json.dumps(template)}, k, k, k))
end
"""


def _row(name: str, rounds: list[tuple[wrk.WrkStats, wrk.WrkStats]], what: str, size: str) -> dict[str, Any]:
    ratios = [ours.rate / base.rate for ours, base in rounds]
    middle = sorted(range(len(rounds)), key=lambda i: ratios[i])[len(rounds) // 2]
    ours, base = rounds[middle]
    return {
        "name": name,
        "value": round(ours.rate, 1),
        "unit": (
            f"requests/s ({what}; p50 {ours.p50_ms:.1f} ms, p99 {ours.p99_ms:.1f} ms; {CLIENTS} wrk clients; "
            f"ratio = share of a bare endpoint answering the same bytes; median of {len(rounds)} A B rounds)"
        ),
        "baseline": round(base.rate, 1),
        "ratio": round(statistics.median(ratios), 3),
        "spread": [round(min(ratios), 3), round(max(ratios), 3)],
        "p50_ms": round(ours.p50_ms, 2),
        "p99_ms": round(ours.p99_ms, 2),
        "baseline_p50_ms": round(base.p50_ms, 2),
        "baseline_p99_ms": round(base.p99_ms, 2),
        "size": size,
    }


def _checked(stats: wrk.WrkStats, expected: int, what: str) -> wrk.WrkStats:
    wrong = stats.unexpected(frozenset({expected}))
    if wrong or stats.socket_errors or not stats.requests:
        raise RuntimeError(f"{what}: answers {dict(stats.statuses)}, {stats.socket_errors} socket errors")
    return stats


def api_figures(database_url: str, size: str, cases: int) -> list[dict[str, Any]]:
    """api_create and api_list_overdue against the given (already filled) database."""
    seconds = SECONDS.get(size, SECONDS["full"])
    _, token = create_user_with_token(database_url, "officer", "Bench Officer")
    auth = {"Authorization": f"Bearer {token}"}
    json_body = {"Content-Type": "application/json"}
    overdue = "/api/v1/requests?overdue=true"
    ours_env = {"FOI_DATABASE_URL": database_url}
    with tempfile.TemporaryDirectory() as tmp, servers.serve("app.main:create_app", ours_env) as url:
        captured = _capture(url, overdue, auth, Path(tmp))
        with servers.serve("bench.baseline_app:create_app", captured) as base_url:

            def list_round() -> tuple[wrk.WrkStats, wrk.WrkStats]:
                ours = wrk.run(f"{url}{overdue}", connections=CLIENTS, seconds=seconds, headers=auth)
                bare = wrk.run(f"{base_url}/constant", connections=CLIENTS, seconds=seconds)
                return _checked(ours, 200, "list"), _checked(bare, 200, "bare list")

            def create_round() -> tuple[wrk.WrkStats, wrk.WrkStats]:
                ours = wrk.run(
                    url, connections=CLIENTS, seconds=seconds, method="POST", headers={**auth, **json_body},
                    request=_creates("/api/v1/requests"),
                )  # fmt: skip
                bare = wrk.run(
                    base_url, connections=CLIENTS, seconds=seconds, method="POST", headers=json_body,
                    request=_creates("/constant"),
                )  # fmt: skip
                return _checked(ours, 201, "create"), _checked(bare, 201, "bare create")

            list_round()  # warm-up: the connection pool and caches, on both
            rounds = range(ROUNDS.get(size, ROUNDS["full"]))
            reads = [list_round() for _ in rounds]
            writes = [create_round() for _ in rounds]
    return [
        _row("api_create", writes, f"POST /api/v1/requests, {cases:,} cases", size),
        _row("api_list_overdue", reads, f"GET /api/v1/requests?overdue=true, {cases:,} cases", size),
    ]


def _capture(url: str, overdue: str, auth: dict[str, str], into: Path) -> dict[str, str]:
    """Our answers to one list and one create, written where the baseline app reads them."""
    read = httpx.get(f"{url}{overdue}", headers=auth, timeout=60)
    write = httpx.post(f"{url}/api/v1/requests", json=request_body(0), headers=auth, timeout=60)
    if read.status_code != 200 or write.status_code != 201:
        raise RuntimeError(f"capturing the bodies: {read.status_code} {read.text[:200]}, {write.status_code}")
    (into / "read.json").write_bytes(read.content)
    (into / "write.json").write_bytes(write.content)
    return {"FOI_BENCH_READ_BODY": str(into / "read.json"), "FOI_BENCH_WRITE_BODY": str(into / "write.json")}
