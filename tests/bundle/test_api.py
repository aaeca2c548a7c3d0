"""Content, redactions and the bundle through the API, on both databases."""

import io
import zipfile

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.bundle.models import DocumentFile
from tests.bundle.files import SECRET, both, flat, pdf_with_text, xlsx_with_hidden_sheet_and_name
from tests.factories import bearer, make_request, make_user

REQUESTER = {"name": "Jordan Avery", "email": "jordan.avery@example.net", "postal_address": "14 Orchard Row\nEX1 2AB"}
S40 = {
    "code": "s40(2)",
    "legitimate_interests": {"legitimate_interest": "Accountability.", "necessity": "Yes.", "balancing": "No."},
}


def case(client: TestClient, session: Session) -> tuple[dict, str, str]:  # type: ignore[type-arg]
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    req = make_request(client, officer, received_on="2025-03-14", requester=REQUESTER)
    return req, officer, reviewer


def document(client: TestClient, req: dict, officer: str, item: str, content: bytes, ctype: str) -> int:  # type: ignore[type-arg]
    r = client.post(
        f"/api/v1/requests/{req['id']}/documents",
        json={"item": item, "title": f"Paper {item}"},
        headers=bearer(officer),
    )
    assert r.status_code == 201, r.text
    doc_id: int = r.json()["id"]
    up = client.put(
        f"/api/v1/requests/{req['id']}/documents/{doc_id}/content",
        content=content,
        params={"filename": f"paper-{item}"},
        headers={**bearer(officer), "Content-Type": ctype},
    )
    assert up.status_code == 200, up.text
    return doc_id


def decide(client: TestClient, req: dict, reviewer: str, doc_id: int, outcome: str, codes: list) -> None:  # type: ignore[type-arg]
    exemptions = [c if isinstance(c, dict) else {"code": c, "reasoning": "Given in confidence."} for c in codes]
    doc = client.get(f"/api/v1/requests/{req['id']}/documents/{doc_id}", headers=bearer(reviewer)).json()
    current = doc["decisions"].get("initial")  # re-deciding replaces that version
    r = client.put(
        f"/api/v1/requests/{req['id']}/documents/{doc_id}/decisions/initial",
        json={
            "outcome": outcome,
            "exemptions": exemptions,
            "decided_on": "2025-04-01",
            **({"version": current["version"]} if current else {}),
        },
        headers=bearer(reviewer),
    )
    assert r.status_code in (200, 201), r.text


def test_upload_redact_and_bundle(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    today(date(2025, 4, 2))
    req, officer, reviewer = case(client, session)
    base = f"/api/v1/requests/{req['id']}"
    pdf = pdf_with_text(extra="Ring Jordan Avery on 07700 900123 or write to jordan.avery@example.net.")
    paper = document(client, req, officer, "11", pdf, "application/pdf")
    sheet = document(client, req, officer, "12", xlsx_with_hidden_sheet_and_name(), "application/octet-stream")
    stored = session.query(DocumentFile).filter_by(document_id=paper).one()
    assert stored.kind == "pdf"
    assert stored.pages == 1
    assert len(stored.sha256) == 64
    assert SECRET in flat(client.get(f"{base}/documents/{paper}/text", headers=bearer(officer)).json()["text"])
    assert client.get(f"{base}/documents/{paper}/content", headers=bearer(officer)).content == pdf

    redactions = f"{base}/documents/{paper}/redactions"
    body = {"stage": "initial", "exemptions": ["s41"], "text": SECRET}
    undecided = client.post(redactions, json=body, headers=bearer(reviewer))
    assert undecided.status_code == 409
    assert undecided.json()["rule"] == "document_undecided"
    decide(client, req, reviewer, paper, "disclosed", [])
    disclosed = client.post(redactions, json=body, headers=bearer(reviewer))
    assert disclosed.status_code == 409
    assert disclosed.json()["rule"] == "disclosed_document"
    decide(client, req, reviewer, paper, "withheld_in_part", ["s41", S40])
    decide(client, req, reviewer, sheet, "withheld_in_part", ["s41"])
    not_relied = client.post(redactions, json={**body, "exemptions": ["s43(2)"]}, headers=bearer(reviewer))
    assert not_relied.status_code == 422
    assert not_relied.json()["rule"] == "exemption_not_relied_on"
    missing = client.post(redactions, json={**body, "text": "Words not in the paper"}, headers=bearer(reviewer))
    assert missing.status_code == 422
    both_targets = client.post(redactions, json={**body, "page": 1, "rect": [1, 2, 3, 4]}, headers=bearer(reviewer))
    assert both_targets.status_code == 422
    off_page = client.post(
        redactions, json={"stage": "initial", "exemptions": ["s41"], "page": 3, "rect": [0, 0, 10, 10]},
        headers=bearer(reviewer),
    )  # fmt: skip
    assert off_page.status_code == 422
    created = client.post(redactions, json=body, headers=bearer(reviewer))
    assert created.status_code == 201, created.text
    assert created.json()["pages"] == [1]
    assert created.json()["occurrences"] == 1

    suggestions = client.get(f"{base}/documents/{paper}/redaction-suggestions", headers=bearer(reviewer)).json()
    kinds = {(s["kind"], s["text"]) for s in suggestions}
    assert ("requester", "Jordan Avery") in kinds
    assert ("phone", "07700 900123") in kinds
    # Suggestions are never applied by themselves: the bundle is blocked until a person accepts them.
    client.post(f"{base}/events", json={"type": "responded", "on": "2025-04-01"}, headers=bearer(officer))
    issued = client.post(f"{base}/letters/decision/issue", json={"issued_on": "2025-04-01"}, headers=bearer(officer))
    assert issued.status_code == 201, issued.text
    sheet_redaction = {"stage": "initial", "exemptions": ["s41"], "text": SECRET}
    assert (
        client.post(f"{base}/documents/{sheet}/redactions", json=sheet_redaction, headers=bearer(reviewer)).status_code
        == 201
    )
    # The requester's own copy may name them; what goes on the disclosure log is checked for them
    # (tests/personal_data). Third parties' details are a reviewer's call, recorded as redactions.
    for needle in ("Jordan Avery", "jordan.avery@example.net", "07700 900123"):
        accepted = client.post(
            redactions, json={"stage": "initial", "exemptions": ["s40(2)"], "text": needle}, headers=bearer(reviewer)
        )
        assert accepted.status_code == 201, accepted.text
    checks = client.get(f"{base}/bundle/checks", headers=bearer(officer)).json()
    assert checks["passed"], checks

    archive = client.get(f"{base}/bundle.zip", headers=bearer(officer))
    assert archive.status_code == 200, archive.text
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    ref = req["reference"]
    assert f"{ref}/01-decision-letter.pdf" in names
    assert f"{ref}/02-annex.pdf" in names
    assert any(n.endswith(".xlsx") for n in names)
    released = zipfile.ZipFile(io.BytesIO(archive.content)).read(next(n for n in names if "item-11" in n))
    for text in both(released):
        assert SECRET not in text
        assert "Jordan Avery" not in text
        assert "s41" in text
        assert "s40(2)" in text
    annex = zipfile.ZipFile(io.BytesIO(archive.content)).read(f"{ref}/02-annex.pdf")
    assert "Redaction log" in flat(both(annex)[1])

    whole = client.get(f"{base}/bundle.pdf", headers=bearer(officer))
    assert whole.status_code == 200
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(whole.content))
    assert [o.title for o in reader.outline][:2] == [
        "Response to your request",
        "Annex: documents within the scope of your request",
    ]
    assert any("Item 11" in o.title for o in reader.outline)
    assert SECRET not in flat(both(whole.content)[1])

    published = client.post(f"{base}/publish", headers=bearer(officer))
    assert published.status_code == 200, published.text
    urls = published.json()["documents"]
    assert len(urls) == 3  # two released documents and the whole bundle
    page = client.get(published.json()["url"]).text
    assert "Released documents" in page
    for url in urls:
        public = client.get(url)
        assert public.status_code == 200
        if public.headers["content-type"] == "application/pdf":
            for text in both(public.content):
                assert SECRET not in text
                assert "Jordan Avery" not in text


def test_bad_uploads_and_regions_are_refused(client: TestClient, session: Session) -> None:
    req, officer, reviewer = case(client, session)
    base = f"/api/v1/requests/{req['id']}"
    r = client.post(f"{base}/documents", json={"item": "1", "title": "Notes"}, headers=bearer(officer))
    doc_id = r.json()["id"]
    url = f"{base}/documents/{doc_id}/content"
    for content in (b"", b"\xd0\xcf\x11\xe0old-office", b"PK\x03\x04not really a zip", b"%PDF-1.7 broken"):
        bad = client.put(url, content=content, headers={**bearer(officer), "Content-Type": "application/octet-stream"})
        assert bad.status_code == 422, (content, bad.text)
    ok = client.put(
        url, content=f"Plain notes. {SECRET}".encode(), headers={**bearer(officer), "Content-Type": "text/plain"}
    )
    assert ok.status_code == 200
    assert ok.json()["kind"] == "text"
    decide(client, req, reviewer, doc_id, "withheld_in_part", ["s41"])
    region = client.post(
        f"{base}/documents/{doc_id}/redactions",
        json={"stage": "initial", "exemptions": ["s41"], "page": 1, "rect": [0, 0, 50, 50]},
        headers=bearer(reviewer),
    )
    assert region.status_code == 422
    assert region.json()["rule"] == "region_needs_pdf"
    assert client.get(f"{base}/documents/999999/content", headers=bearer(officer)).status_code == 404
    no_letter = client.get(f"{base}/bundle.zip", headers=bearer(officer))
    assert no_letter.status_code == 409


@pytest.mark.parametrize("with_documents", [True, False])
def test_a_requester_in_the_authority_s_own_town_does_not_block_publication(  # type: ignore[no-untyped-def]
    client: TestClient, session: Session, today, with_documents: bool
) -> None:
    from datetime import date

    from app.config import get_settings

    today(date(2025, 4, 2))
    town = get_settings().authority_address.splitlines()[1]  # printed on every letter the authority sends
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    neighbour = {"name": "Sam Neighbour", "email": "sam@example.net", "postal_address": f"3 High Street, {town}"}
    req = make_request(client, officer, received_on="2025-03-14", requester=neighbour)
    base = f"/api/v1/requests/{req['id']}"
    if with_documents:
        minutes = document(client, req, officer, "1", b"Minutes of the board.\n", "text/plain")
        decide(client, req, reviewer, minutes, "disclosed", [])
    responded = {"type": "responded", "on": "2025-04-01"} | (
        {} if with_documents else {"details": {"outcome": "not_held"}}
    )
    client.post(f"{base}/events", json=responded, headers=bearer(officer))
    issued = client.post(f"{base}/letters/decision/issue", json={"issued_on": "2025-04-01"}, headers=bearer(officer))
    assert issued.status_code == 201, issued.text
    published = client.post(f"{base}/publish", headers=bearer(officer))
    assert published.status_code in (200, 201), published.text
    public = client.get(f"/disclosure-log/{req['reference']}")
    assert public.status_code == 200
    assert "3 High Street" not in public.text
    assert "Sam Neighbour" not in public.text
