"""Common passwords are refused whenever a password is set, whatever their case; the deny-list is data."""

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.auth.sign_in import COMMON_PASSWORDS, MIN_PASSWORD_LENGTH, check_password_rules, common_passwords, set_password
from app.errors import Unprocessable
from tests.factories import make_user
from tests.web.helpers import PASSWORD, sign_in, web_user

LISTED = sorted(common_passwords())


def test_the_list_holds_only_passwords_long_enough_to_matter() -> None:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 10_000
    assert lines == sorted(set(lines)), "one password a line, sorted, no repeats"
    assert all(len(line) >= MIN_PASSWORD_LENGTH for line in lines)
    assert all(line == line.casefold() and line == line.strip() for line in lines)
    assert {"qwerty123456", "1qaz2wsx3edc", "password1234", "liverpool2024!"} <= common_passwords()
    assert PASSWORD.casefold() not in common_passwords()


@given(
    password=st.sampled_from(LISTED),
    upper=st.lists(st.booleans(), min_size=len(max(LISTED, key=len)), max_size=len(max(LISTED, key=len))),
)
def test_any_case_of_a_listed_password_is_refused(password: str, upper: list[bool]) -> None:
    variant = "".join(c.upper() if up else c for c, up in zip(password, upper, strict=False))
    with pytest.raises(Unprocessable) as refused:
        check_password_rules(variant)
    assert refused.value.rule == "password_too_common"
    assert "three random words" in refused.value.detail


def test_setting_a_common_password_is_refused_and_changes_nothing(session: Session) -> None:
    user, _ = make_user(session)
    with pytest.raises(Unprocessable, match="most common"):
        set_password(session, user, "Password1234", actor=None)
    assert user.password_hash is None


def test_the_admin_page_refuses_a_common_password(client: TestClient, session: Session) -> None:
    admin = web_user(session, "admin")
    csrf = sign_in(client, admin)
    response = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf,
            "name": "New Person",
            "email": "new.person@example.org",
            "role": "officer",
            "password": "Liverpool2024!",
        },
    )
    assert response.status_code == 422
    assert "That password is one of the most common" in response.text
    assert 'href="#password"' in response.text
    assert "new.person@example.org" not in client.get("/admin/users").text
