"""Redacting real files for real, proved with independent extractors; and the release checks catching each leak.

No database here: the release pipeline is plain functions over bytes.
"""

import io

import pikepdf
import pytest
from openpyxl import load_workbook

from app.bundle import extraction, locate, release, release_checks
from app.bundle.models import DocumentFile, FileKind, Redaction
from app.bundle.pdf_redact import Box
from app.bundle.release_checks import Secret
from app.config import get_settings
from app.document.models import Document
from tests.bundle.files import (
    COMMENT,
    DELETED,
    HIDDEN,
    NAMED,
    SECRET,
    both,
    docx_with_changes_and_comments,
    flat,
    pdf_with_text,
    xlsx_with_hidden_sheet_and_name,
)

LABEL = "s36(2)(b)(ii)"
SECRETS = [Secret("the withheld sentence", SECRET)]


def released(kind: FileKind, data: bytes, *rows: Redaction) -> release.Released:
    doc = Document(id=1, item="11", title="Chair's report")
    file = DocumentFile(kind=kind.value, filename="x")
    title, banner = "FOI-1 item 11: Chair's report", "FOI-1 – item 11"
    return release.release(doc, file, data, list(rows), title, banner, get_settings())


def passage(text: str = SECRET, code: str = LABEL) -> Redaction:
    return Redaction(id=1, text=text, exemptions=[code], pages=[], occurrences=1)


def checks(result: release.Released) -> list[release_checks.Finding]:
    return release_checks.check(result.filename, result.media_type, result.data, SECRETS, result.boxes)


def test_pdf_sentence_is_removed_not_covered_and_the_label_is_text() -> None:
    original = pdf_with_text()
    assert all(SECRET in text for text in both(original))
    result = released(FileKind.pdf, original, passage())
    for text in both(result.data):
        assert SECRET not in text
        assert "leaving in March" not in text
        assert LABEL in text
        assert "This report provides an update" in text  # the rest of the page is still searchable
    assert "Preparing for winter" in flat(extraction.pdf_pages_text(result.data)[0])
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert set(pdf.docinfo) == {"/Title"}
        assert "/Metadata" not in pdf.Root
        assert "Board paper with a secret title" not in str(pdf.docinfo.get("/Title"))
    assert checks(result) == []


def test_pdf_region_removes_everything_under_it() -> None:
    original = pdf_with_text()
    page = locate.read_pages(original)[0]
    (rects,) = page.find("Figures for the second quarter follow in the appendix.")
    x0, top, x1, bottom = rects[0]
    region = Redaction(id=2, page=1, rect=[x0 - 2, top - 2, x1 + 2, bottom + 2], exemptions=["s41"], pages=[1])
    region.region_text = page.text_in((x0 - 2, top - 2, x1 + 2, bottom + 2))
    result = released(FileKind.pdf, original, region)
    for text in both(result.data):
        assert "second quarter" not in text
        assert "s41" in text
        assert "Chair's report" in text
    assert result.secrets  # what lay under the region is checked for as well
    assert release_checks.check(result.filename, result.media_type, result.data, result.secrets, result.boxes) == []


def test_pdf_checks_catch_text_left_under_a_drawn_box_and_planted_extras() -> None:
    original = pdf_with_text()
    # The classic failure: a black box drawn over live text. The words are still in the text layer.
    (rects,) = locate.read_pages(original)[0].find(SECRET)
    boxes = [Box(0, rect, LABEL) for rect in rects]
    found = {f.check for f in release_checks.check("drawn.pdf", "application/pdf", original, SECRETS, boxes)}
    assert {"withheld_text", "metadata", "text_under_redaction"} <= found
    with pikepdf.open(io.BytesIO(original)) as pdf:
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"private notes")
        page = pdf.pages[0]
        page.Annots = pdf.make_indirect(
            [pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text,
                                                  Rect=[0, 0, 10, 10], Contents=pikepdf.String(SECRET)))]
        )  # fmt: skip
        out = io.BytesIO()
        pdf.save(out)
    found = {f.check for f in release_checks.check("planted.pdf", "application/pdf", out.getvalue(), SECRETS)}
    assert {"embedded_files", "annotations", "withheld_text", "metadata"} <= found


def test_docx_released_without_the_sentence_deletions_or_comments() -> None:
    original = docx_with_changes_and_comments()
    result = released(FileKind.docx, original, passage())
    assert result.media_type == "application/pdf"
    for text in both(result.data):
        assert SECRET not in text
        assert DELETED not in text
        assert COMMENT not in text
        assert LABEL in text
        assert "Inserted sentence that stands." in text
        assert "Papers were circulated in advance." in text
    assert checks(result) == []
    planted = {
        f.check for f in release_checks.check("original.docx", extraction.MEDIA_TYPES[FileKind.docx], original, SECRETS)
    }
    assert {"tracked_changes", "comments", "metadata", "withheld_text"} <= planted


def test_xlsx_released_as_values_without_hidden_parts_names_comments_or_authors() -> None:
    original = xlsx_with_hidden_sheet_and_name()
    result = released(FileKind.xlsx, original, passage(code="s41"))
    assert result.filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(result.data))
    values = [str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert SECRET not in " ".join(values)
    assert "[s41]" in values
    assert HIDDEN in values  # a hidden sheet was reviewed with the rest, so it is released in plain view
    assert NAMED not in " ".join(values)
    assert all(ws.sheet_state == "visible" for ws in workbook.worksheets)
    assert checks(result) == []
    for text in both(result.pdf):
        assert SECRET not in text
        assert "[s41]" in text or "s41" in text
    planted = {
        f.check
        for f in release_checks.check(
            "original.xlsx", extraction.MEDIA_TYPES[FileKind.xlsx], original, [*SECRETS, Secret("named", NAMED)]
        )
    }
    assert {"hidden_sheet", "hidden_rows", "hidden_columns", "named_ranges", "comments", "metadata",
            "withheld_text"} <= planted  # fmt: skip


@pytest.mark.parametrize("kind", [FileKind.html, FileKind.text])
def test_html_and_text_are_redacted_at_source(kind: FileKind) -> None:
    body = f"<html><body><p>Opening words. {SECRET} Closing words.</p><script>var x = 1;</script></body></html>"
    data = body.encode() if kind is FileKind.html else f"Opening words.\n{SECRET}\nClosing words.".encode()
    result = released(kind, data, passage(code="s41"))
    for text in both(result.data):
        assert SECRET not in text
        assert "s41" in text
        assert "Closing words." in text
        assert "var x" not in text


@pytest.mark.parametrize("kind", [FileKind.docx, FileKind.text])
def test_a_passage_no_longer_in_the_content_is_reported_and_one_still_there_is_not(kind: FileKind) -> None:
    data = docx_with_changes_and_comments() if kind is FileKind.docx else f"Opening words.\n{SECRET}\n".encode()
    gone = Redaction(id=7, text="A sentence the replaced paper no longer has.", exemptions=["s41"], pages=[])
    result = released(kind, data, passage(code="s41"), gone)
    assert [(f.check, "Redaction 7's passage no longer occurs" in f.detail) for f in result.findings] == [
        ("passage_not_found", True)
    ]


def test_every_occurrence_is_redacted_even_across_a_line_break() -> None:
    original = pdf_with_text(extra=SECRET)
    pages = locate.read_pages(original)
    assert len(pages[0].find(SECRET)) == 2
    result = released(FileKind.pdf, original, passage())
    for text in both(result.data):
        assert "leaving in March" not in text
        assert text.count(LABEL) >= 2


def test_split_merges_overlapping_passages() -> None:
    rules = [(locate.pattern("quick brown"), "s41"), (locate.pattern("brown fox"), "s40(2)")]
    segments = release.split("the quick brown fox jumps", rules)
    assert [(s.text, s.label) for s in segments] == [("the ", None), ("", "s41; s40(2)"), (" jumps", None)]


def test_a_scanned_page_is_ocred_after_painting_so_it_stays_searchable() -> None:
    import shutil

    from PIL import Image, ImageDraw, ImageFont

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract-ocr is not installed (make system-packages)")
    image = Image.new("L", (1654, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    draw.text((100, 100), "Quarterly figures are attached.", fill=0, font=font)
    draw.text((100, 300), "Private mobile 07700 900456", fill=0, font=font)
    scan = io.BytesIO()
    image.save(scan, format="PDF", resolution=200)
    region = Redaction(id=3, page=1, rect=[20, 95, 500, 130], exemptions=["s40(2)"], pages=[1])
    result = released(FileKind.pdf, scan.getvalue(), region)
    for text in both(result.data):
        assert "900456" not in text
        assert "Quarterly" in text
        assert "s40(2)" in text
