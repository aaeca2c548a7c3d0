"""The disclosure log as an Atom feed (RFC 4287), built as XML rather than pasted together as text.

Its links use the service's configured public address (FOI_PUBLIC_BASE_URL), never the Host header a visitor
sent, so nobody can make the feed point elsewhere."""

import re
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from app.publishing.models import DisclosureEntry

ATOM = "http://www.w3.org/2005/Atom"
SUMMARY_CHARS = 500
# Characters XML 1.0 cannot carry at all (escaping does not help): control characters but tab, LF and CR.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
register_namespace("", ATOM)


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _add(parent: Element, tag: str, text: str | None = None, **attributes: str) -> Element:
    child = SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        child.text = _text(text)
    return child


def atom(entries: list[DisclosureEntry], base_url: str, authority: str) -> str:
    base = base_url.rstrip("/")
    updated = max((e.published_at for e in entries), default=datetime(2000, 1, 1, tzinfo=UTC))
    feed = Element(f"{{{ATOM}}}feed")
    _add(feed, "id", f"{base}/disclosure-log")
    _add(feed, "title", f"{authority} disclosure log")
    _add(feed, "link", rel="self", href=f"{base}/disclosure-log/feed.atom")
    _add(feed, "updated", updated.isoformat())
    for entry in entries:
        item = _add(feed, "entry")
        url = f"{base}/disclosure-log/{entry.reference}"
        _add(item, "id", url)
        _add(item, "title", f"{entry.reference}: {entry.title}")
        _add(item, "link", href=url)
        _add(item, "updated", entry.published_at.isoformat())
        _add(item, "summary", entry.request_text[:SUMMARY_CHARS])
    return '<?xml version="1.0" encoding="utf-8"?>' + tostring(feed, encoding="unicode")
