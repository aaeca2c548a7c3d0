"""Sign-in throttling against the real app on both databases: wrong passwords per account and per address, the
refusal that reveals nothing, unlocking by an admin, and the password hash checked outside any transaction."""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.auth import sign_in as sign_in_service
from app.auth.models import SignInFailure, WebSession
from app.auth.throttle import account_key, locked_until, record_failure
from app.config import get_settings
from app.db import utcnow
from app.web.dependencies import COOKIE
from tests.factories import bearer, make_user
from tests.web.helpers import PASSWORD, hidden, sign_in, web_user

WRONG = "not the password at all"
LOCKED = re.compile(
    r"There have been too many attempts to sign in with this email address\. Try again after "
    r"(\d\d:\d\d on \d{1,2} \w+ \d{4}) \(UK time\), or ask an administrator to unlock the account\."
)


def attempt(client: TestClient, email: str, password: str) -> Any:
    """One try at the sign-in form, from a browser that is not signed in."""
    client.cookies.delete(COOKIE)
    page = client.get("/sign-in")
    return client.post(
        "/sign-in",
        data={"email": email, "password": password, "sign_in_token": hidden(page.text, "sign_in_token")},
        follow_redirects=False,
    )


def fail(client: TestClient, email: str, times: int) -> None:
    for _ in range(times):
        response = attempt(client, email, WRONG)
        assert response.status_code == 422, response.text
        assert "Enter a correct email address and password" in response.text


@pytest.fixture
def browser_at(client: TestClient) -> Callable[[str], Any]:
    """Another browser, from another client address (the `client` fixture's is "testclient")."""
    app: FastAPI = client.app  # type: ignore[assignment]

    @contextmanager
    def at(address: str) -> Iterator[TestClient]:
        with TestClient(app, client=(address, 40000), raise_server_exceptions=False) as other:
            yield other

    return at


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Smaller limits for a test that needs many failures (the defaults are tested as they are elsewhere)."""

    def set_limits(*, per_account: int, per_address: int) -> None:
        settings = get_settings()
        monkeypatch.setattr(settings, "sign_in_max_failures", per_account)
        monkeypatch.setattr(settings, "sign_in_max_failures_per_address", per_address)

    return set_limits


def test_ten_wrong_passwords_refuse_even_the_right_one_until_a_stated_time(
    client: TestClient, session: Session
) -> None:
    officer = web_user(session)
    assert get_settings().sign_in_max_failures == 10
    fail(client, officer.email, 10)
    response = attempt(client, officer.email, PASSWORD)
    assert response.status_code == 429
    assert COOKIE not in response.cookies
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= get_settings().sign_in_window_minutes * 60
    assert "There is a problem" in response.text
    shown = LOCKED.search(response.text)
    assert shown, response.text
    first = session.scalars(
        select(SignInFailure.at).where(SignInFailure.account == account_key(officer.email)).order_by(SignInFailure.at)
    ).first()
    assert first is not None
    unlocks = first + timedelta(minutes=get_settings().sign_in_window_minutes)
    expected = (unlocks.replace(second=0, microsecond=0) + timedelta(minutes=1)).astimezone(ZoneInfo("Europe/London"))
    assert shown.group(1) == f"{expected:%H:%M} on {expected.day} {expected:%B %Y}"
    # A refused attempt is not counted again: the lock ends when the first ten age out, not later.
    assert session.scalar(select(func.count()).select_from(SignInFailure)) == 10


def test_an_unknown_email_is_treated_exactly_like_a_known_one(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = web_user(session)
    hashes: list[str] = []
    real_verify, real_update = sign_in_service._hasher.verify, sign_in_service._hasher.verify_and_update
    monkeypatch.setattr(sign_in_service._hasher, "verify", lambda p, h: hashes.append("v") or real_verify(p, h))
    monkeypatch.setattr(
        sign_in_service._hasher, "verify_and_update", lambda p, h: hashes.append("v") or real_update(p, h)
    )

    def story(email: str) -> list[tuple[int, str, str | None]]:
        seen = []
        for password in [WRONG] * 10 + [PASSWORD, WRONG]:
            response = attempt(client, email, password)
            problems = " | ".join(re.findall(r"<li>\s*(?:<a [^>]*>)?(.*?)(?:</a>)?\s*</li>", response.text, re.S))
            text = LOCKED.sub("LOCKED", problems)
            seen.append((response.status_code, text, response.headers.get("Retry-After") and "retry"))
        return seen

    hashes.clear()
    known = story(officer.email)
    known_hashes = len(hashes)
    hashes.clear()
    unknown = story("nobody-here@example.org")
    assert known == unknown
    assert [status for status, _, _ in known] == [422] * 10 + [429, 429]
    assert known[0][1] == "Enter a correct email address and password"
    assert known[10] == (429, "LOCKED", "retry")
    # The same work either way: one hash per attempt until the lock, none after it.
    assert known_hashes == len(hashes) == 10


def test_an_admin_unlocks_an_account_through_the_api(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    _, admin_token = make_user(session, "admin")
    fail(client, officer.email, 10)
    assert attempt(client, officer.email, PASSWORD).status_code == 429
    _, officer_token = make_user(session, "officer")
    denied = client.post(f"/api/v1/users/{officer.id}/sign-in-unlock", headers=bearer(officer_token))
    assert denied.status_code == 403
    unlocked = client.post(f"/api/v1/users/{officer.id}/sign-in-unlock", headers=bearer(admin_token))
    assert unlocked.status_code == 200, unlocked.text
    assert unlocked.json()["id"] == officer.id
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "sign_in_unlocked", AuditEvent.entity_id == str(officer.id))
    ).one()
    assert event.after == {"failures_cleared": 10}
    assert attempt(client, officer.email, PASSWORD).status_code == 303


def test_an_admin_unlocks_an_account_from_its_page(
    client: TestClient, session: Session, browser_at: Callable[[str], Any]
) -> None:
    officer = web_user(session)
    admin = web_user(session, "admin")
    with browser_at("198.51.100.20") as other:
        fail(other, officer.email, 10)
        assert attempt(other, officer.email, PASSWORD).status_code == 429
    csrf = sign_in(client, admin)
    page = client.get(f"/admin/users/{officer.id}")
    assert "Sign-in locked" in page.text
    assert f'action="/admin/users/{officer.id}/sign-in-unlock"' in page.text
    forged = client.post(f"/admin/users/{officer.id}/sign-in-unlock", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    done = client.post(f"/admin/users/{officer.id}/sign-in-unlock", data={"csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert "Sign-in unlocked" in client.get(done.headers["location"]).text
    assert "Sign-in locked" not in client.get(f"/admin/users/{officer.id}").text
    with browser_at("198.51.100.20") as other:
        assert attempt(other, officer.email, PASSWORD).status_code == 303


def test_a_locked_account_leaves_other_accounts_and_addresses_alone(
    client: TestClient, session: Session, browser_at: Callable[[str], Any]
) -> None:
    victim, colleague, elsewhere = web_user(session), web_user(session), web_user(session)
    fail(client, victim.email, 10)
    assert attempt(client, victim.email, PASSWORD).status_code == 429
    # One office behind one address: a colleague there still signs in.
    assert attempt(client, colleague.email, PASSWORD).status_code == 303
    with browser_at("192.0.2.44") as other:
        assert attempt(other, elsewhere.email, PASSWORD).status_code == 303
        # The lock is the account's, wherever the attempt comes from.
        assert attempt(other, victim.email, PASSWORD).status_code == 429


def test_a_flood_from_one_address_is_stopped_for_every_account_there(
    client: TestClient, session: Session, browser_at: Callable[[str], Any], limits: Callable[..., None]
) -> None:
    limits(per_account=3, per_address=6)
    officer = web_user(session)
    for n in range(3):  # two wrong passwords each for three addresses: no account reaches its own limit
        fail(client, f"guess{n}@example.org", 2)
    refused = attempt(client, officer.email, PASSWORD)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "too many wrong passwords from your network" in refused.text
    with browser_at("203.0.113.9") as other:
        assert attempt(other, officer.email, PASSWORD).status_code == 303


def test_signing_in_clears_the_accounts_failures(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    fail(client, officer.email, 9)
    assert attempt(client, officer.email, PASSWORD).status_code == 303
    count = select(func.count()).select_from(SignInFailure)
    assert session.scalar(count.where(SignInFailure.account == account_key(officer.email))) == 0
    fail(client, officer.email, 9)
    assert attempt(client, officer.email, PASSWORD).status_code == 303


def test_failures_older_than_the_window_are_deleted_as_new_ones_are_written(session: Session) -> None:
    settings = get_settings()
    now = utcnow()
    old = now - timedelta(minutes=settings.sign_in_window_minutes, seconds=1)
    session.add_all(SignInFailure(account=account_key(f"old{n}@example.org"), address="x", at=old) for n in range(5))
    session.flush()
    record_failure(session, "New@Example.org ", "192.0.2.1", settings, now)
    rows = session.scalars(select(SignInFailure)).all()
    assert [(r.account, r.address) for r in rows] == [(account_key("new@example.org"), "192.0.2.1")]


def test_the_password_is_checked_outside_any_transaction(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = web_user(session)
    checked: list[bool] = []

    def outside(real: Callable[[str, str], Any]) -> Callable[[str, str], Any]:
        def check(password: str, hashed: str) -> Any:
            checked.append(session.in_transaction())
            return real(password, hashed)

        return check

    hasher = sign_in_service._hasher
    monkeypatch.setattr(hasher, "verify", outside(hasher.verify))
    monkeypatch.setattr(hasher, "verify_and_update", outside(hasher.verify_and_update))
    assert attempt(client, officer.email, WRONG).status_code == 422
    assert attempt(client, "unknown@example.org", WRONG).status_code == 422
    assert attempt(client, officer.email, PASSWORD).status_code == 303
    assert checked == [False, False, False]
    # ...and the outcome was still written: a failure for each wrong attempt, a session for the right one.
    assert session.scalar(select(func.count()).select_from(SignInFailure)) == 1  # the officer's was cleared
    assert session.scalars(select(WebSession).where(WebSession.user_id == officer.id)).one()


WINDOW = timedelta(minutes=15)
START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@given(
    offsets=st.lists(st.integers(min_value=0, max_value=int(WINDOW.total_seconds() * 1000) - 1), max_size=30),
    limit=st.integers(min_value=1, max_value=12),
)
def test_a_lock_ends_exactly_when_fewer_than_the_limit_remain_in_the_window(offsets: list[int], limit: int) -> None:
    now = START + WINDOW
    failures = [START + timedelta(milliseconds=ms + 1) for ms in offsets]  # all inside the window at `now`
    until = locked_until(failures, limit, WINDOW)

    def counted(at: datetime) -> int:
        return sum(1 for f in failures if at - WINDOW < f <= at)

    if len(failures) < limit:
        assert until is None
        return
    assert until is not None
    assert counted(now) >= limit
    assert counted(until) < limit
    assert counted(until - timedelta(microseconds=1)) >= limit
