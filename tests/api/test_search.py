"""Free-text search means the words typed: % and _ are themselves, not LIKE's "anything", in the case list and on
the disclosure log alike, on both databases."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.db import like_pattern
from app.foi_request.service import ListFilters, list_requests
from app.publishing.models import DisclosureEntry
from app.publishing.service import list_entries
from tests.factories import bearer, make_request, make_user

TITLES = (
    "Spending up 50% on agency staff",
    "Agency staff: 500 contracts",
    "Table a_b of the staffing return",
    "Table axb of the staffing return",
    "Files under plans/2025 and plans\\2024",
    "100%_complete works",
    "Library OPENING hours",
)
# What a person searches with, and every character LIKE or its escape gives a meaning to.
SEARCH = st.text(alphabet="abgoPLn5012 %_/\\:", min_size=1, max_size=6).filter(str.strip)


@pytest.fixture
def titled(client: TestClient, session: Session) -> list[dict[str, Any]]:
    user, officer = make_user(session, "officer")
    cases = [make_request(client, officer, title=t, request_text=f"Please send: {t}") for t in TITLES]
    for c in cases:
        session.add(
            DisclosureEntry(
                request_id=c["id"],
                reference=c["reference"],
                title=c["title"],
                request_text=c["request_text"],
                regime="foia",
                received_on=date.fromisoformat(c["received_on"]),
                published_by_id=user.id,
            )
        )
    session.flush()
    return cases


def case_titles(session: Session, q: str) -> set[str]:
    return {r.title for r in list_requests(session, ListFilters(q=q, limit=500))[0]}


def log_titles(session: Session, q: str) -> set[str]:
    return {e.title for e in list_entries(session, q, 1, 500)[0]}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("50%", {TITLES[0]}),
        ("a_b", {TITLES[2]}),
        ("%", {TITLES[0], TITLES[5]}),
        ("_", {TITLES[2], TITLES[5]}),
        ("%_", {TITLES[5]}),
        ("plans/", {TITLES[4]}),
        ("plans\\", {TITLES[4]}),
        ("s/2025 and", {TITLES[4]}),
        ("opening", {TITLES[6]}),
    ],
)
def test_wildcards_are_literal(session: Session, titled: list[dict[str, Any]], q: str, expected: set[str]) -> None:
    assert case_titles(session, q) == expected
    assert log_titles(session, q) == expected


def test_the_api_and_the_disclosure_log_page_search_literally(
    client: TestClient, session: Session, titled: list[dict[str, Any]]
) -> None:
    officer = make_user(session, "officer")[1]
    found = client.get("/api/v1/requests", params={"q": "50%"}, headers=bearer(officer)).json()["items"]
    assert [i["title"] for i in found] == [TITLES[0]]
    page = client.get("/disclosure-log", params={"q": "a_b"})
    assert page.status_code == 200
    assert "Table a_b" in page.text
    assert "Table axb" not in page.text


def test_the_pattern_escapes_each_wildcard_and_the_escape() -> None:
    assert like_pattern("50%_a/b") == "%50/%/_a//b%"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=SEARCH)
def test_every_result_contains_what_was_searched_for(session: Session, titled: list[dict[str, Any]], q: str) -> None:
    needle = q.lower()
    for row in list_requests(session, ListFilters(q=q, limit=500))[0]:
        assert any(needle in text.lower() for text in (row.title, row.request_text, row.reference)), (q, row.title)
    for entry in list_entries(session, q, 1, 500)[0]:
        assert any(needle in text.lower() for text in (entry.title, entry.request_text, entry.reference)), q
