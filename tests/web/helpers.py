"""Signing a test browser in, and reading the hidden fields a form carries."""

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth.models import User
from app.auth.sign_in import set_password
from tests.factories import make_user

PASSWORD = "correct horse battery staple"


def web_user(session: Session, role: str = "officer", name: str | None = None) -> User:
    user, _ = make_user(session, role, name)
    set_password(session, user, PASSWORD, actor=None)
    session.commit()
    return user


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name!r} in the page"
    return match.group(1)


def sign_in(client: TestClient, user: User, password: str = PASSWORD, next_path: str = "/dashboard") -> str:
    """Sign in through the real form; returns the CSRF token for the session's forms."""
    page = client.get(f"/sign-in?next={next_path}")
    assert page.status_code == 200, page.text
    response = client.post(
        "/sign-in",
        data={
            "email": user.email,
            "password": password,
            "next": next_path,
            "sign_in_token": hidden(page.text, "sign_in_token"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    landing = client.get(response.headers["location"])
    assert landing.status_code == 200, landing.text
    return hidden(landing.text, "csrf_token")


def assert_forms_carry_csrf(html: str) -> None:
    """Every form that posts carries the session's CSRF token (a macro without the page's context would not)."""
    posts = len(re.findall(r'<form method="post"', html))
    tokens = re.findall(r'name="csrf_token" value="([^"]*)"', html)
    assert posts == len(tokens), f"{posts} forms post but {len(tokens)} carry a CSRF token"
    assert all(tokens), "a form carries an empty CSRF token"
