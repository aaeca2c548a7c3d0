"""The four ways a requester's details reached the disclosure log, each closed, through the API on both databases.

Each test reads what went out with readers independent of the code that checked it (pypdf and pdftotext via
tests.pdf, the HTML as served) and looks for the requester with plain regular expressions of its own.
"""

import io
import re
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user
from tests.pdf import flat, pdf_text

ANN = {
    "name": "Ann Lee",
    "email": "a.lee@example.net",
    "postal_address": "12 Acacia Avenue\nExampleton\nEX9 2AB",
}


def responded(client: TestClient, officer: str, requester: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    req = make_request(client, officer, received_on="2025-03-14", requester=requester, **overrides)
    r = client.post(
        f"/api/v1/requests/{req['id']}/events",
        json={"type": "responded", "on": "2025-04-01", "details": {"outcome": "not_held"}},
        headers=bearer(officer),
    )
    assert r.status_code == 201, r.text
    return req


def issue(client: TestClient, officer: str, req: dict[str, Any]) -> None:
    r = client.post(
        f"/api/v1/requests/{req['id']}/letters/decision/issue",
        json={"issued_on": "2025-04-01"},
        headers=bearer(officer),
    )
    assert r.status_code == 201, r.text


def published_texts(client: TestClient, result: dict[str, Any]) -> list[str]:
    """Everything the public can read of the case: the entry, the list, a search, the feed and every file."""
    page = client.get(result["url"])
    assert page.status_code == 200, page.text
    texts = [page.text, client.get("/disclosure-log").text, client.get("/disclosure-log/feed.atom").text]
    for url in result["letters"] + result["documents"]:
        body = client.get(url)
        assert body.status_code == 200, url
        texts.append(flat(pdf_text(body.content)) if body.content.startswith(b"%PDF") else body.text)
    return texts


def test_a_line_break_between_names_does_not_let_the_surname_through(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    text = "Please send the minutes of the meeting I attended (Ann\nLee) and\tthe Lee,\nAnn file note."
    req = responded(client, officer, ANN, request_text=text)
    issue(client, officer, req)
    result = client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(officer))
    assert result.status_code == 200, result.text
    texts = published_texts(client, result.json())
    for published in texts:
        assert not re.search(r"\blee\b", published, re.IGNORECASE), published[:400]
    assert "minutes of the meeting" in " ".join(texts[0].split())  # the request itself is still there


@pytest.mark.parametrize("name", ["Kim Null", "Rowan False", "Pat Kind", "Sam Title", "Jo Reference", "Will Bank"])
def test_names_that_are_also_words_can_be_published(client: TestClient, session: Session, name: str) -> None:
    officer = make_user(session, "officer")[1]
    requester = {"name": name, "email": "someone@example.net"}
    req = responded(client, officer, requester, request_text=f"Please send the minutes.\n\nYours, {name}")
    issue(client, officer, req)
    result = client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(officer))
    assert result.status_code == 200, result.text
    texts = published_texts(client, result.json())
    pattern = re.compile(r"\s+".join(name.split()), re.IGNORECASE)
    for published in texts:
        assert not pattern.search(published), name
    letter = texts[3]
    assert "Our reference" in letter  # the word survives where it is only a word


def _document(client: TestClient, req: dict[str, Any], officer: str, item: str, text: str) -> int:
    r = client.post(
        f"/api/v1/requests/{req['id']}/documents", json={"item": item, "title": f"Note {item}"}, headers=bearer(officer)
    )
    assert r.status_code == 201, r.text
    doc_id: int = r.json()["id"]
    up = client.put(
        f"/api/v1/requests/{req['id']}/documents/{doc_id}/content",
        content=text.encode(),
        params={"filename": f"note-{item}.txt"},
        headers={**bearer(officer), "Content-Type": "text/plain"},
    )
    assert up.status_code == 200, up.text
    return doc_id


def _disclose(client: TestClient, req: dict[str, Any], reviewer: str, doc_id: int) -> None:
    r = client.put(
        f"/api/v1/requests/{req['id']}/documents/{doc_id}/decisions/initial",
        json={"outcome": "disclosed", "exemptions": [], "decided_on": "2025-04-01"},
        headers=bearer(reviewer),
    )
    assert r.status_code in (200, 201), r.text


def disclosed_note(client: TestClient, session: Session, today: Any, note: str) -> tuple[str, str, str, int]:
    """A responded case of Ann Lee's with one disclosed note and its decision letter issued: (base, officer,
    reviewer, document id)."""
    from datetime import date

    today(date(2025, 4, 2))
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    req = make_request(client, officer, received_on="2025-03-14", requester=ANN)
    base = f"/api/v1/requests/{req['id']}"
    doc_id = _document(client, req, officer, "1", note)
    _disclose(client, req, reviewer, doc_id)
    assert client.post(f"{base}/events", json={"type": "responded", "on": "2025-04-01"}, headers=bearer(officer))
    issue(client, officer, req)
    return base, officer, reviewer, doc_id


FORMS_IN_THE_NOTE = ["Lee, Ann", "A. Lee", "Ms A Lee", "A.Lee@Example.net", "12 Acacia Ave"]


def test_a_document_naming_the_requester_in_other_forms_blocks_until_a_person_resolves_it(
    client: TestClient, session: Session, today: Any
) -> None:
    note = (
        "File note. Spoke to Lee, Ann about the request; A. Lee asked again later.\n"
        "Letter to Ms A Lee sent to A.Lee@Example.net and posted to 12 Acacia Ave.\n"
        "Ann from the finance team will check the figures."
    )
    base, officer, reviewer, doc_id = disclosed_note(client, session, today, note)

    blocked = client.post(f"{base}/publish", headers=bearer(officer))
    assert blocked.status_code == 409, blocked.text
    assert blocked.json()["rule"] == "personal_data_findings"
    found = blocked.json()["findings"]
    for form in FORMS_IN_THE_NOTE:
        assert any(f["text"].startswith(form) and f["document_id"] == doc_id and f["page"] == 1 for f in found), form
    assert any(f["text"] == "Ann" and not f["certain"] for f in found)  # a given name alone: for a person
    reference = client.get(base, headers=bearer(officer)).json()["reference"]
    assert reference not in client.get("/disclosure-log").text  # nothing published half-way

    listed = client.get(f"{base}/personal-data", headers=bearer(reviewer)).json()["findings"]
    assert {f["text"] for f in listed} == {f["text"] for f in found}

    no_reason = {"document_id": doc_id, "text": "Ann", "form": "given name", "action": "dismiss"}
    refused = client.post(f"{base}/personal-data/resolutions", json=no_reason, headers=bearer(reviewer))
    assert refused.status_code == 422
    assert refused.json()["rule"] == "reason_required"
    absent = {"document_id": doc_id, "text": "Bob Smith", "action": "redact"}
    assert client.post(f"{base}/personal-data/resolutions", json=absent, headers=bearer(reviewer)).status_code == 422
    dismissed = client.post(
        f"{base}/personal-data/resolutions",
        json={**no_reason, "reason": "A different person of the same name (finance team)."},
        headers=bearer(reviewer),
    )
    assert dismissed.status_code == 201, dismissed.text

    redacted = client.post(f"{base}/personal-data/redact-all", json={"document_id": doc_id}, headers=bearer(reviewer))
    assert redacted.status_code == 200, redacted.text
    assert len(redacted.json()) >= len(FORMS_IN_THE_NOTE)
    assert client.get(f"{base}/personal-data", headers=bearer(reviewer)).json()["findings"] == []

    result = client.post(f"{base}/publish", headers=bearer(officer))
    assert result.status_code == 200, result.text
    document = client.get(result.json()["documents"][0])
    released = flat(pdf_text(document.content))
    for form in FORMS_IN_THE_NOTE:
        assert flat(form).lower() not in released.lower(), form
    assert "Personal data removed before publication" in released
    assert "Ann from the finance team" in released  # dismissed: published as it is
    audit = client.get(f"{base}/audit", headers=bearer(officer)).json()
    actions = [e["action"] for e in audit["events"] if e["entity"] == "personal_data_resolution"]
    assert actions.count("dismissed") == 1
    assert actions.count("redacted") >= len(FORMS_IN_THE_NOTE)

    # The requester's own copy is unchanged: the publication redactions are for the world only.
    own = client.get(f"{base}/bundle.zip", headers=bearer(officer))
    assert own.status_code == 200, own.text
    archive = zipfile.ZipFile(io.BytesIO(own.content))
    mine = archive.read(next(n for n in archive.namelist() if "/documents/" in n))
    assert "Lee, Ann" in flat(pdf_text(mine))


def test_the_requesters_address_in_the_request_text_no_longer_blocks_publication(
    client: TestClient, session: Session
) -> None:
    officer = make_user(session, "officer")[1]
    text = "Please reply by post to 12 Acacia Avenue, Exampleton, EX9 2AB (or ex92ab) with the minutes."
    req = responded(client, officer, ANN, request_text=text)
    issue(client, officer, req)
    result = client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(officer))
    assert result.status_code == 200, result.text
    for published in published_texts(client, result.json()):
        assert "acacia" not in published.lower()
        assert not re.search(r"ex9\s*2ab", published, re.IGNORECASE)


def test_a_public_page_is_checked_after_it_is_rendered(client: TestClient, session: Session) -> None:
    """A requester corrected after publication to a name the entry carries: the page is withheld, not leaked."""
    officer = make_user(session, "officer")[1]
    req = responded(
        client, officer, {"name": "Sam Requester", "email": "sam@example.net"}, title="Minutes of Robin Oak"
    )
    issue(client, officer, req)
    result = client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(officer))
    assert result.status_code == 200, result.text
    assert "Robin Oak" in client.get(result.json()["url"]).text
    current = client.get(f"/api/v1/requests/{req['id']}", headers=bearer(officer)).json()
    patched = client.patch(
        f"/api/v1/requests/{req['id']}",
        json={"version": current["version"], "requester": {"name": "Robin Oak", "email": "robin@example.net"}},
        headers=bearer(officer),
    )
    assert patched.status_code == 200, patched.text
    withheld = client.get(result.json()["url"])
    assert withheld.status_code == 503
    assert "Robin Oak" not in withheld.text
    for url in ("/disclosure-log", "/disclosure-log/feed.atom"):
        listing = client.get(url)
        assert listing.status_code == 200
        assert "Robin Oak" not in listing.text
        assert req["reference"] not in listing.text


def test_a_search_for_a_name_neither_hides_nor_reveals_whose_requests_are_listed(
    client: TestClient, session: Session
) -> None:
    officer = make_user(session, "officer")[1]
    req = responded(client, officer, ANN, title="Minutes of the parks committee")
    issue(client, officer, req)
    assert client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(officer)).status_code == 200
    assert req["reference"] in client.get("/disclosure-log", params={"q": "parks"}).text
    named = client.get("/disclosure-log", params={"q": "Ann Lee"})
    assert named.status_code == 200  # the visitor's own words are echoed, and are not a leak of anything
    assert req["reference"] not in named.text  # the entry's text was redacted: the name finds nothing


def test_a_name_made_of_ordinary_words_is_removed_whole_and_its_parts_alone_go_to_a_person(
    client: TestClient, session: Session
) -> None:
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    text = "I will be grateful for the minutes.\nYours, Will Bank\n\nPS: Will the Bank of the river be mentioned?"
    req = responded(client, officer, {"name": "Will Bank", "email": "wb@example.net"}, request_text=text)
    issue(client, officer, req)
    base = f"/api/v1/requests/{req['id']}"
    blocked = client.post(f"{base}/publish", headers=bearer(officer))
    assert blocked.status_code == 409, blocked.text
    found = {(f["text"], f["form"], f["document_id"]) for f in blocked.json()["findings"]}
    assert ("Will", "given name", None) in found
    assert ("Bank", "surname", None) in found
    assert not any(f[0].lower() == "will bank" for f in found)  # the whole name is removed without asking
    marked = client.post(
        f"{base}/personal-data/resolutions",
        json={"text": "Will", "form": "given name", "action": "redact"},
        headers=bearer(reviewer),
    )
    assert marked.status_code == 201, marked.text
    dismissed = client.post(
        f"{base}/personal-data/resolutions",
        json={"text": "Bank", "form": "surname", "action": "dismiss", "reason": "The river bank, not the requester."},
        headers=bearer(reviewer),
    )
    assert dismissed.status_code == 201, dismissed.text
    result = client.post(f"{base}/publish", headers=bearer(officer))
    assert result.status_code == 200, result.text
    entry = " ".join(client.get(result.json()["url"]).text.split())
    assert "I will be grateful" in entry  # the word, not the name
    assert "Will Bank" not in entry
    assert "[redacted] the Bank of the river" in entry


def test_a_name_removed_before_publication_is_removed_as_a_word(
    client: TestClient, session: Session, today: Any
) -> None:
    note = "Thanks, Ann. The Annual report and its annex follow."
    base, officer, reviewer, _ = disclosed_note(client, session, today, note)
    assert client.post(f"{base}/personal-data/redact-all", json={}, headers=bearer(reviewer)).status_code == 200
    result = client.post(f"{base}/publish", headers=bearer(officer))
    assert result.status_code == 200, result.text
    released = flat(pdf_text(client.get(result.json()["documents"][0]).content))
    assert "The Annual report and its annex follow." in released
    assert "Thanks, Ann." not in released
