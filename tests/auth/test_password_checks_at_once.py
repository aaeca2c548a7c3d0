"""A flood of guesses takes at most FOI_PASSWORD_CHECKS_AT_ONCE argon2 checks' worth of CPU; a guess that gets no
turn in time is told to try again (429), not queued without end."""

import threading
import time

import pytest

from app.auth import sign_in
from app.config import Settings
from app.errors import TooManyRequests


def test_checks_beyond_the_limit_wait_then_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    running, most = 0, 0
    guard = threading.Lock()

    def slow_verify(password: str, stored: str) -> bool:
        nonlocal running, most
        with guard:
            running += 1
            most = max(most, running)
        time.sleep(0.3)
        with guard:
            running -= 1
        return False

    monkeypatch.setattr(sign_in._hasher, "verify", slow_verify)
    settings = Settings(password_checks_at_once=2, password_check_wait_seconds=0.05)
    outcomes: list[str] = []

    def guess() -> None:
        try:
            sign_in._check_password("wrong", None, settings)
            outcomes.append("checked")
        except TooManyRequests as exc:
            outcomes.append(f"{exc.rule} after {exc.retry_after}")

    threads = [threading.Thread(target=guess) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 2
    assert sorted(outcomes) == ["checked"] * 2 + ["sign_in_busy after 1"] * 4
