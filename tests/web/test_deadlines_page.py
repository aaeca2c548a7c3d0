"""The deadline calculator page: the form, the answer with its working as a table, errors GOV.UK-style."""

import re
from datetime import date
from html import unescape

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.web.helpers import sign_in, web_user


@pytest.fixture
def browser(client: TestClient, session: Session, today) -> TestClient:  # type: ignore[no-untyped-def]
    today(date(2025, 6, 30))
    sign_in(client, web_user(session, "reviewer"))  # any signed-in role may use it
    return client


def submit(browser: TestClient, regime: str | None, day: str, month: str, year: str, school: str = "") -> str:
    fields = {"received-day": day, "received-month": month, "received-year": year, "school": school}
    if regime is not None:
        fields["regime"] = regime
    response = browser.get("/deadlines", params=fields)
    return f"{response.status_code}\n{response.text}"


def test_the_empty_form(browser: TestClient) -> None:
    page = browser.get("/deadlines")
    assert page.status_code == 200
    html = page.text
    assert '<h1 class="govuk-heading-l">Deadline calculator</h1>' in html
    assert re.search(r'href="/deadlines" aria-current="true"', html)  # in the navigation, as the current page
    assert re.search(r'<input[^>]*id="regime"[^>]*value="foia"[^>]*checked', html)
    for box in ("day", "month", "year"):
        assert re.search(rf'<label class="govuk-label govuk-date-input__label" for="received-{box}">', html)
    assert '<label class="govuk-label govuk-label--s" for="school">' in html
    assert "How the due date was worked out" not in html


def test_submitting_the_form_gives_the_due_date_and_the_working(browser: TestClient) -> None:
    # law.md 4 #1: received Fri 14 Mar 2025, due Mon 14 Apr 2025 (Mon 17 Mar, St Patrick's Day, skipped).
    status, html = submit(browser, "foia", "14", "3", "2025").split("\n", 1)
    assert status == "200"
    assert "<title>Due 14 April 2025" in html
    assert 'id="answer">Due 14 April 2025</h2>' in html
    assert "How the due date was worked out, day by day" in html
    text = unescape(re.sub(r"\s+", " ", html))
    assert "Mon 17 Mar 2025: Saint Patrick's Day (Northern Ireland), not a working day (FOIA s10(6))." in text
    assert "Tue 18 Mar 2025: Working day 1." in text
    assert "Mon 14 Apr 2025: Working day 20." in text
    assert re.search(r'value="14"', html)  # what was typed is kept


def test_a_future_date_and_a_school(browser: TestClient) -> None:
    status, html = submit(browser, "foia", "7", "12", "2026").split("\n", 1)
    assert status == "200"
    assert "Due 8 January 2027" in html
    assert "proclaimed later" in html
    # law.md 4 #18a, with the school's term dates.
    status, html = submit(browser, "school", "18", "7", "2025", "example-primary").split("\n", 1)
    assert status == "200"
    assert "Due 26 September 2025" in html
    assert "14 October 2025" in html  # the 60th working day, the outer limit


@pytest.mark.parametrize(
    ("regime", "day", "month", "year", "school", "field", "message"),
    [
        ("foia", "31", "2", "2025", "", "received", "The date the request was received must be a real date"),
        ("foia", "", "", "", "", "received", "Enter the date the request was received"),
        ("foia", "1", "1", "2101", "", "received", "Enter a date from 1 January 1990 to 31 December 2100"),
        ("foia", "1", "1", "9999999999", "", "received", "must be a real date"),
        ("school", "14", "3", "2025", "", "school", "Select the school"),
        ("foia", "14", "3", "2025", "example-primary", "school", "Select “Not a school”"),
        ("gdpr", "14", "3", "2025", "", "regime", "Select which law the request falls under"),
        ("school", "10", "1", "2028", "example-primary", "received", "cover 1 September 2024 to 31 August 2027"),
    ],
)
def test_errors_are_in_the_summary_and_at_the_field(
    browser: TestClient, regime: str, day: str, month: str, year: str, school: str, field: str, message: str
) -> None:
    status, html = submit(browser, regime, day, month, year, school).split("\n", 1)
    assert status == "422"
    assert "<title>Error: Deadline calculator" in html
    assert "govuk-error-summary" in html
    assert f'href="#{field}"' in html  # the summary links to the field
    assert message in unescape(html)
    assert "govuk-error-message" in html


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["regime", "received-day", "received-month", "received-year", "school"]),
        st.text(max_size=50),
        max_size=5,
    )
)
def test_no_form_gives_a_5xx(browser: TestClient, fields: dict[str, str]) -> None:
    response = browser.get("/deadlines", params=fields)
    assert response.status_code in (200, 422), response.text


def test_needs_sign_in(client: TestClient) -> None:
    response = client.get("/deadlines", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in")
