"""Download names in any script, and CSV cells a spreadsheet cannot run: pure, and through the API."""

from urllib.parse import unquote

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.downloads import content_disposition, csv_cell
from tests.factories import bearer, make_request, make_user


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
