"""The document page: upload content, accept a suggested redaction, redact a passage, preview the release."""

import io
import re
from datetime import date

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from tests.bundle.files import SECRET, pdf_with_text
from tests.web.helpers import assert_forms_carry_csrf, sign_in, web_user
from tests.web.test_casework import log_request


def test_upload_redact_and_preview(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 4, 1))
    officer = web_user(session)
    csrf = sign_in(client, officer)
    case_id, _ = log_request(client, csrf)
    client.post(f"/cases/{case_id}/documents/new", data={"csrf_token": csrf, "item": "1", "title": "Chair's report"})
    doc_id = int(re.search(rf"/cases/{case_id}/documents/(\d+)\"", client.get(f"/cases/{case_id}").text).group(1))  # type: ignore[union-attr]
    page_url = f"/cases/{case_id}/documents/{doc_id}"

    missing = client.post(f"{page_url}/content", data={"csrf_token": csrf})
    assert missing.status_code == 422
    assert "Choose the file to upload" in missing.text
    pdf = pdf_with_text("Contact alex@example.net about the regional teams.")
    uploaded = client.post(
        f"{page_url}/content",
        data={"csrf_token": csrf},
        files={"file": ("chair.pdf", pdf, "application/pdf")},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303, uploaded.text
    page = client.get(page_url)
    assert "chair.pdf" in page.text
    assert "The chief executive" in page.text  # the extracted text, for the reviewer to read
    assert "Redact a passage" not in page.text  # not decided "withheld in part" yet

    reviewer = web_user(session, "reviewer")
    client.post("/sign-out", data={"csrf_token": csrf})
    csrf = sign_in(client, reviewer)
    decided = client.post(
        f"/cases/{case_id}/documents/{doc_id}/decision/initial",
        data={
            "csrf_token": csrf,
            "version": "",
            "outcome": "withheld_in_part",
            "code-0": "s40(2)",
            "li_interest-0": "None beyond curiosity.",
            "li_necessity-0": "Not necessary.",
            "li_balancing-0": "The individual's rights prevail.",
            "code-1": "s43(2)",
            "pi_conclusion-1": "Commercial harm outweighs.",
            "decided-day": "1",
            "decided-month": "4",
            "decided-year": "2025",
            "action": "save",
        },
        follow_redirects=False,
    )
    assert decided.status_code == 303, decided.text
    page = client.get(page_url)
    assert_forms_carry_csrf(page.text)
    assert "Personal data that may need redacting" in page.text
    assert "alex@example.net" in page.text  # the requester's email, suggested, not applied

    no_code = client.post(f"{page_url}/redactions", data={"csrf_token": csrf, "text": SECRET})
    assert no_code.status_code == 422
    assert "Choose the exemptions that cover this passage" in no_code.text
    assert "agreed a successor" in no_code.text  # what was typed is kept
    not_relied_on = client.post(
        f"{page_url}/redactions", data={"csrf_token": csrf, "text": SECRET, "exemptions": "s36(2)(c)"}
    )
    assert not_relied_on.status_code == 422
    redacted = client.post(
        f"{page_url}/redactions",
        data={"csrf_token": csrf, "text": SECRET, "exemptions": "s43(2)"},
        follow_redirects=False,
    )
    assert redacted.status_code == 303, redacted.text
    accepted = client.post(
        f"{page_url}/redactions",
        data={"csrf_token": csrf, "text": "alex@example.net", "exemptions": "s40(2)"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303, accepted.text

    released = client.get(f"{page_url}/released.pdf")
    assert released.status_code == 200
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(released.content)).pages)
    assert "s43(2)" in text
    assert "s40(2)" in text
    assert "leaving in March" not in text
    assert "alex@example.net" not in text
