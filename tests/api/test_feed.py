"""The disclosure log's Atom feed is well-formed XML for any text a case holds, and its links are the service's
configured address, never one a visitor's Host header names."""

from datetime import UTC, datetime
from xml.etree.ElementTree import fromstring

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.publishing.feed import ATOM, atom
from app.publishing.models import DisclosureEntry

NS = {"a": ATOM}


def entry(title: str, text: str) -> DisclosureEntry:
    return DisclosureEntry(
        id=1,
        reference="FOI-2026-000001",
        title=title,
        request_text=text,
        published_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    )


@given(st.text(max_size=80), st.text(max_size=800))
def test_any_title_and_text_make_a_well_formed_feed(title: str, text: str) -> None:
    document = fromstring(atom([entry(title, text)], "https://foi.example.gov.uk/", "Example & Co <Council>"))
    shown = document.find("a:entry/a:title", NS)
    assert shown is not None
    assert shown.text is None or shown.text.startswith("FOI-2026-000001: ")
    summary = document.find("a:entry/a:summary", NS)
    assert summary is not None
    assert len(summary.text or "") <= 500
    heading = document.find("a:title", NS)
    assert heading is not None
    assert heading.text == "Example & Co <Council> disclosure log"


def test_the_feed_links_to_the_configured_address_whatever_the_host_header(client: TestClient) -> None:
    feed = client.get("/disclosure-log/feed.atom", headers={"Host": "evil.example"})
    assert feed.status_code == 200
    document = fromstring(feed.content)
    self_link = document.find("a:link", NS)
    assert self_link is not None
    assert "evil.example" not in feed.text
    assert self_link.get("href", "").endswith("/disclosure-log/feed.atom")
