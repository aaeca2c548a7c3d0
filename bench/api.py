"""API figures: our endpoints through a real uvicorn process and a real HTTP client, against a bare FastAPI
endpoint returning a constant, served the same way (one uvicorn worker, loopback, the same client)."""

from datetime import date, timedelta
from typing import Any

from bench import servers
from bench.database import create_user_with_token
from bench.httpload import Stats, constant, drive

CLIENTS = 10


def _row(name: str, ours: Stats, base: Stats, what: str, size: str) -> dict[str, Any]:
    if ours.error_count:
        raise RuntimeError(f"{name}: {ours.error_count} errors: {dict(ours.errors)}")
    return {
        "name": name,
        "value": round(ours.rate, 1),
        "unit": (
            f"requests/s ({what}; p50 {ours.percentile(50):.1f} ms, p99 {ours.percentile(99):.1f} ms; "
            f"{CLIENTS} clients; ratio = share of the bare endpoint's rate)"
        ),
        "baseline": round(base.rate, 1),
        "ratio": round(ours.rate / base.rate, 3),
        "p50_ms": round(ours.percentile(50), 2),
        "p99_ms": round(ours.percentile(99), 2),
        "baseline_p50_ms": round(base.percentile(50), 2),
        "baseline_p99_ms": round(base.percentile(99), 2),
        "size": size,
    }


def request_body(n: int) -> dict[str, Any]:
    received = date.today() - timedelta(days=n % 30)  # noqa: DTZ011 - a plausible receipt date is all it needs
    return {
        "regime": "foia",
        "received_on": received.isoformat(),
        "title": f"Benchmark request {n}",
        "request_text": "Please send the minutes of the last three meetings of the planning committee.",
        "requester": {"name": f"Bench Requester {n}", "email": f"bench{n}@example.org"},
    }


def api_figures(database_url: str, size: str, cases: int) -> list[dict[str, Any]]:
    """api_create and api_list_overdue against the given (already filled) database."""
    duration = 4.0 if size == "small" else 20.0
    _, token = create_user_with_token(database_url, "officer", "Bench Officer")
    auth = {"Authorization": f"Bearer {token}"}
    created = frozenset({201})

    def create(client: int, i: int) -> tuple[str, str, Any, frozenset[int]]:
        return "POST", "/api/v1/requests", request_body(client * 1_000_000 + i), created

    with servers.serve("bench.baseline_app:create_app") as base_url:
        drive(base_url, CLIENTS, 1.0, constant("GET", "/constant"))  # warm-up
        base_read = drive(base_url, CLIENTS, duration, constant("GET", "/constant"))
        base_write = drive(base_url, CLIENTS, duration, constant("POST", "/constant", request_body(0), 201))
    with servers.serve("app.main:create_app", {"FOI_DATABASE_URL": database_url}) as url:
        overdue = constant("GET", "/api/v1/requests?overdue=true")
        drive(url, CLIENTS, 1.0, overdue, auth)  # warm-up: connection pool, caches
        read = drive(url, CLIENTS, duration, overdue, auth)
        write = drive(url, CLIENTS, duration, create, auth)
    return [
        _row("api_create", write, base_write, f"POST /api/v1/requests, {cases:,} cases", size),
        _row("api_list_overdue", read, base_read, f"GET /api/v1/requests?overdue=true, {cases:,} cases", size),
    ]
