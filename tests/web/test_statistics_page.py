"""The statistics page: the four charts with their data tables, the date range, the CSV, bad dates."""

import re
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import make_request, make_user
from tests.web.helpers import sign_in, web_user


def test_charts_each_with_the_table_behind_them(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 6, 30))
    _, token = make_user(session)
    for received in ("2025-03-14", "2025-04-01", "2025-04-02"):
        make_request(client, token, received_on=received)
    reviewer = web_user(session, "reviewer")
    sign_in(client, reviewer)
    page = client.get("/statistics?from-day=1&from-month=1&from-year=2025&to-day=30&to-month=6&to-year=2025")
    assert page.status_code == 200
    html = page.text
    assert html.count("<svg") == 6
    assert html.count('role="img"') == 6
    # Every table scrolls in its own focusable region on a phone, not the page (WCAG 1.4.10).
    assert html.count('<div class="app-table-scroll" role="region" aria-label="') == 7
    for caption in (
        "requests answered in time",
        "outcomes of requests",
        "outcomes of resolvable requests",
        "where the requests received stand",
        "exemptions used",
        "open cases by working days",
    ):
        assert f"The figures in the chart: {caption}" in html
    # Three requests received, none answered yet; all three open today.
    assert re.search(r'app-statistic">3</span>requests received', html)
    assert re.search(r'app-statistic">3</span>open or on hold today', html)
    # None answered, so none resolvable and no percentage; the three stand as not yet assessed.
    assert re.search(r'app-statistic">0</span>resolvable', html)
    assert re.search(r'app-statistic">–</span>of resolvable granted in full', html)
    assert re.search(r'<th scope="row" class="govuk-table__header">Not yet assessed</th><td[^>]*>3</td>', html)
    assert "/statistics.csv?from=2025-01-01&amp;to=2025-06-30&amp;group_by=team" in html
    csv = client.get("/statistics.csv?from=2025-01-01&to=2025-06-30&group_by=month")
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("period,")


def test_impossible_or_reversed_dates_are_form_errors(client: TestClient, session: Session) -> None:
    officer = web_user(session)
    sign_in(client, officer)
    page = client.get("/statistics?from-day=31&from-month=2&from-year=2025&to-day=1&to-month=1&to-year=2025")
    assert page.status_code == 422
    assert "The first day must be a real date" in page.text
    assert 'value="31"' in page.text
    reversed_range = client.get("/statistics?from-day=1&from-month=6&from-year=2025&to-day=1&to-month=1&to-year=2025")
    assert reversed_range.status_code == 422
    assert "The last day must be the same as or after the first day" in reversed_range.text


def test_statistics_needs_sign_in(client: TestClient) -> None:
    assert client.get("/statistics", follow_redirects=False).status_code == 303
