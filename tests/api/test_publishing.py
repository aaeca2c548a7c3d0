"""The public disclosure log: redacted copies only, nothing unpublished reachable, no requester data anywhere."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.demo.case import load_demo
from app.foi_request.models import FoiRequest
from tests.factories import bearer, make_request, make_user
from tests.pdf import flat, pdf_metadata, pdf_text

REQUESTER = {
    "name": "Jordan Avery",
    "email": "jordan.avery@example.net",
    "postal_address": "14 Orchard Row\nExampleton EX1 2AB",
    "organisation": "Avery Research Ltd",
}


def responded_case(client: TestClient, officer: str) -> dict:  # type: ignore[type-arg]
    req = make_request(
        client,
        officer,
        received_on="2025-03-14",
        requester=REQUESTER,
        request_text="Please send the minutes. Jordan Avery, 14 Orchard Row, jordan.avery@example.net",
    )
    r = client.post(
        f"/api/v1/requests/{req['id']}/events",
        json={"type": "responded", "on": "2025-04-01", "details": {"outcome": "not_held"}},
        headers=bearer(officer),
    )
    assert r.status_code == 201, r.text
    return req


def test_publish_needs_an_issued_letter_and_redacts_everything(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    req = responded_case(client, officer)
    assert client.get(f"/disclosure-log/{req['reference']}").status_code == 404
    nothing = client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(officer))
    assert nothing.status_code == 409
    issued = client.post(
        f"/api/v1/requests/{req['id']}/letters/decision/issue",
        json={"issued_on": "2025-04-01"},
        headers=bearer(officer),
    )
    assert issued.status_code == 201, issued.text
    private = client.get(issued.json()["letter"]["pdf"], headers=bearer(officer))
    assert "Jordan Avery" in flat(pdf_text(private.content))
    published = client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(officer))
    assert published.status_code == 200, published.text
    page = client.get(published.json()["url"])
    assert page.status_code == 200
    assert req["reference"] in page.text
    listing = client.get("/disclosure-log", params={"q": "minutes"})
    assert req["reference"] in listing.text
    assert "atom" in client.get("/disclosure-log/feed.atom").headers["content-type"]
    pdf_urls = published.json()["letters"]
    assert pdf_urls
    texts = [page.text, listing.text, client.get("/disclosure-log/feed.atom").text]
    for url in pdf_urls:
        pdf = client.get(url)
        assert pdf.status_code == 200
        texts += [flat(pdf_text(pdf.content)), " ".join(pdf_metadata(pdf.content).values())]
    for text in texts:
        for secret in ("Jordan", "Avery", "jordan.avery@example.net", "14 Orchard Row", "EX1 2AB", "Avery Research"):
            assert secret.lower() not in text.lower(), secret
    assert "Dear " not in flat(pdf_text(client.get(pdf_urls[0]).content))  # no salutation line in the copy
    assert "Dear Jordan Avery" in flat(pdf_text(private.content))


def test_unpublished_cases_and_letters_are_not_reachable(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    req = make_request(client, officer)
    assert client.get(f"/disclosure-log/{req['reference']}").status_code == 404
    assert client.get(f"/disclosure-log/{req['reference']}/letters/1.pdf").status_code == 404
    assert req["reference"] not in client.get("/disclosure-log").text
    not_ready = client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(officer))
    assert not_ready.status_code == 409


def test_demo_case_published_without_requester_data(client: TestClient, session: Session) -> None:
    load_demo(session)
    session.commit()
    officer = make_user(session, "officer")[1]
    req = session.query(FoiRequest).filter(FoiRequest.title.like("Papers for the private session%")).one()
    for kind in ("decision", "internal_review", "annex"):
        r = client.post(f"/api/v1/requests/{req.id}/letters/{kind}/issue", json={}, headers=bearer(officer))
        assert r.status_code == 201, r.text
    published = client.post(f"/api/v1/requests/{req.id}/publish", headers=bearer(officer)).json()
    page = client.get(published["url"]).text
    assert "Riverside secure unit" in page
    for url in published["letters"]:
        content = client.get(url).content
        text = flat(pdf_text(content)) + " ".join(pdf_metadata(content).values())
        for secret in ("Jordan", "Avery", "example.net", "Orchard Row", "EX1 2AB"):
            assert secret not in text, (url, secret)
