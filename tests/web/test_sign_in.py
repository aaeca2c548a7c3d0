"""Sign-in, sessions and CSRF on the web pages, against the real app on both databases."""

from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import WebSession
from app.db import utcnow
from app.web.dependencies import COOKIE
from tests.web.helpers import PASSWORD, hidden, sign_in, web_user


def test_home_sends_a_stranger_to_sign_in(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"
    page = client.get("/sign-in")
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page.text
    assert 'lang="en-GB"' in page.text


def test_a_page_behind_sign_in_comes_back_after_signing_in(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    response = client.get("/cases/new", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/cases/new"
    sign_in(client, officer, next_path="/cases/new")
    page = client.get("/cases/new")
    assert "Log a request" in page.text


def test_wrong_password_shows_a_gov_uk_error_and_keeps_the_email(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={
            "email": officer.email,
            "password": "wrong password!!",
            "sign_in_token": hidden(page.text, "sign_in_token"),
        },
    )
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert 'href="#email"' in response.text
    assert "Enter a correct email address and password" in response.text
    assert f'value="{officer.email}"' in response.text
    assert COOKIE not in response.cookies


def test_empty_fields_are_named(client: TestClient) -> None:
    page = client.get("/sign-in")
    response = client.post("/sign-in", data={"sign_in_token": hidden(page.text, "sign_in_token")})
    assert response.status_code == 422
    assert "Enter your email address" in response.text
    assert "Enter your password" in response.text


def test_sign_in_form_without_its_token_is_refused(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    client.cookies.clear()
    response = client.post("/sign-in", data={"email": officer.email, "password": PASSWORD, "sign_in_token": "forged"})
    assert response.status_code == 403
    assert COOKIE not in response.cookies


def test_open_redirects_are_refused(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    page = client.get("/sign-in?next=//evil.example/x")
    response = client.post(
        "/sign-in",
        data={
            "email": officer.email,
            "password": PASSWORD,
            "next": "//evil.example/x",
            "sign_in_token": hidden(page.text, "sign_in_token"),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/dashboard"


def test_sign_out_ends_the_session_on_the_server(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    csrf = sign_in(client, officer)
    cookie = client.cookies[COOKIE]
    response = client.post("/sign-out", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    # Replaying the old cookie no longer works: the session row is revoked.
    client.cookies.set(COOKIE, cookie)
    assert client.get("/dashboard", follow_redirects=False).status_code == 303


def test_a_form_without_the_csrf_token_changes_nothing(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    sign_in(client, officer)
    response = client.post("/sign-out", data={"csrf_token": "wrong"})
    assert response.status_code == 403
    assert "did not come from this service" in response.text
    assert client.get("/dashboard").status_code == 200


def test_an_idle_session_expires_and_returns_to_the_page(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    sign_in(client, officer)
    row = session.scalars(select(WebSession).where(WebSession.user_id == officer.id)).one()
    row.last_seen_at = utcnow() - timedelta(hours=2)
    session.commit()
    response = client.get("/dashboard?view=overdue", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/dashboard%3Fview%3Doverdue"
    page = client.get(response.headers["location"])
    assert "Your session has ended" in page.text
    assert 'name="next" value="/dashboard?view=overdue"' in page.text


def test_deactivated_users_lose_their_sessions(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    sign_in(client, officer)
    officer.active = False
    session.commit()
    assert client.get("/dashboard", follow_redirects=False).status_code == 303


def test_a_forged_cookie_is_ignored(client: TestClient) -> None:
    client.cookies.set(COOKIE, "not-a-signed-value")
    assert client.get("/dashboard", follow_redirects=False).status_code == 303


def test_roles_decide_pages(client: TestClient, session: Session) -> None:
    reviewer = web_user(session, "reviewer")
    sign_in(client, reviewer)
    response = client.get("/cases/new")
    assert response.status_code == 403
    assert "This page is for the officer or admin role" in response.text


def test_a_single_machine_makes_its_key_once_readable_only_by_its_owner(tmp_path: Path) -> None:
    from app.auth.sign_in import secret_key
    from app.config import Settings

    path = tmp_path / "var" / "secret-key"
    settings = Settings(secret_key=None, secret_key_file=path)
    key = secret_key(settings)
    assert len(key) >= 60
    assert path.stat().st_mode & 0o777 == 0o600
    assert secret_key(settings) == key == path.read_text().strip()
    assert [p.name for p in path.parent.iterdir()] == ["secret-key"], "no draft left behind"
    assert secret_key(Settings(secret_key="set-for-many-machines", secret_key_file=path)) == "set-for-many-machines"
