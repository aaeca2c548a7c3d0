"""A refused sign-in is answered after the pause; other requests, and a successful sign-in, are not paused."""

import asyncio
import time

import pytest

from app.config import get_settings
from app.web.slow_refusals import SlowRefusals


def _call(path: str, status: int) -> float:
    async def app(scope: object, receive: object, send) -> None:  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b"page"})

    sent: list[dict] = []  # type: ignore[type-arg]

    async def send(message: dict) -> None:  # type: ignore[type-arg]
        sent.append(message)

    async def receive() -> dict:  # type: ignore[type-arg]
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": "POST", "path": path, "headers": []}
    start = time.perf_counter()
    asyncio.run(SlowRefusals(app)(scope, receive, send))  # type: ignore[arg-type]
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == status
    return time.perf_counter() - start


@pytest.mark.parametrize("status", [422, 429, 403])
def test_a_refused_sign_in_waits_for_the_pause(status: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "sign_in_refusal_pause_seconds", 0.3)
    assert _call("/sign-in", status) >= 0.3


def test_a_sign_in_that_succeeds_and_other_pages_are_not_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "sign_in_refusal_pause_seconds", 30)
    assert _call("/sign-in", 303) < 5
    assert _call("/cases/1/notes", 422) < 5
