"""The published demo case never shows who asked: every public route and every published file is scanned for the
requester's name, email, address lines and organisation (PDF text by pypdf and by poppler's pdftotext, PDF
metadata and XMP, outlines, HTML and the Atom feed)."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.letter.models import IssuedLetter
from tests.robustness.conftest import DemoCase, app_routes
from tests.robustness.test_authorisation import WEB_PAGES_COVERED_ELSEWHERE


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def pdf_texts(content: bytes) -> dict[str, str]:
    """Everything a reader, a search engine or a curious requester could pull out of the PDF."""
    reader = PdfReader(io.BytesIO(content))
    texts = {
        "pypdf text": "\n".join(page.extract_text() or "" for page in reader.pages),
        "metadata": "\n".join(f"{k} {v}" for k, v in (reader.metadata or {}).items()),
        "outline": "\n".join(str(getattr(item, "title", "")) for item in reader.outline if not isinstance(item, list)),
    }
    xmp = reader.xmp_metadata
    if xmp is not None:
        texts["xmp"] = xmp.stream.get_data().decode("utf-8", "replace")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is needed for the second, independent extractor"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.pdf"
        path.write_bytes(content)
        texts["pdftotext"] = subprocess.run(
            [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    for extractor in ("pypdf text", "pdftotext"):
        assert texts[extractor].strip(), f"{extractor} found no text: a PDF with no text cannot be checked"
    return texts


def _leaks(texts: dict[str, str], secrets: list[str]) -> list[str]:
    return [
        f"{secret!r} in {where}" for where, text in texts.items() for secret in secrets if _fold(secret) in _fold(text)
    ]


def _secrets(demo_case: DemoCase) -> list[str]:
    # The whole of each detail, and the parts someone could recognise on their own.
    parts = [p for value in demo_case.requester for p in value.replace(",", " ").split() if len(p) >= 4]
    distinctive = [p for p in parts if p.casefold() not in {"community", "trust", "exampleton", "orchard"}]
    return sorted(set(demo_case.requester) | set(distinctive))


def test_the_requester_details_are_what_we_scan_for(demo_case: DemoCase) -> None:
    secrets = _secrets(demo_case)
    for expected in ("Jordan Avery", "jordan.avery@example.net", "Avery Community Trust", "EX1 2AB", "Jordan"):
        assert any(expected in s for s in secrets), (expected, secrets)


def test_no_public_route_shows_the_requester(demo_case: DemoCase) -> None:
    secrets = _secrets(demo_case)
    scanned, leaks = [], []
    for method, template in app_routes(demo_case.app):
        if method != "GET" or template.startswith("/static"):
            continue
        templates = [template]
        if "{letter_id}" in template and template.startswith("/disclosure-log"):
            templates = [template.replace("{letter_id}", str(i)) for i in demo_case.published_letter_ids]
        if "{file_id}" in template and template.startswith("/disclosure-log"):
            templates = [template.replace("{file_id}", str(i)) for i in demo_case.published_file_ids]
        for t in templates:
            try:
                path = demo_case.fill(t)
            except KeyError:
                assert WEB_PAGES_COVERED_ELSEWHERE(t), f"no value to fill {t} with; add one to the demo_case params"
                continue
            response = demo_case.call("GET", path, "anonymous")
            if response.status_code != 200:
                continue  # not public (401/403/redirect to sign-in) or nothing there
            scanned.append(path)
            if response.headers.get("content-type", "").startswith("application/pdf"):
                texts = pdf_texts(response.content)
            else:
                texts = {"body": response.text}
            leaks += [f"{path}: {leak}" for leak in _leaks(texts, secrets)]
    assert len(demo_case.published_letter_ids) >= 3
    for must in ("/disclosure-log", "/disclosure-log/feed.atom", "/openapi.json", "/api/v1/exemptions"):
        assert must in scanned, (must, scanned)
    assert sum("/letters/" in p for p in scanned) == len(demo_case.published_letter_ids)
    assert sum("/documents/" in p for p in scanned) == len(demo_case.published_file_ids)
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("column", ["published_pdf", "published_html"])
def test_no_published_file_holds_the_requester(demo_case: DemoCase, column: str) -> None:
    secrets = _secrets(demo_case)
    with Session(demo_case.engine) as session:
        letters = list(session.scalars(select(IssuedLetter).where(IssuedLetter.published_at.is_not(None))))
        assert len(letters) >= 3
        leaks = []
        for letter in letters:
            content = getattr(letter, column)
            texts = pdf_texts(content) if column == "published_pdf" else {"html": content}
            leaks += [f"{letter.kind} {column}: {leak}" for leak in _leaks(texts, secrets)]
    assert not leaks, "\n".join(leaks)


def test_the_scan_would_catch_a_leak(demo_case: DemoCase) -> None:
    """The unredacted issued letters do name the requester: proof that the extractors and the match work."""
    with Session(demo_case.engine) as session:
        letter = session.scalars(select(IssuedLetter).where(IssuedLetter.kind == "decision")).one()
        assert _leaks(pdf_texts(letter.pdf), _secrets(demo_case))
