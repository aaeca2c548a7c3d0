"""What a file is and what it says: type detection and text extraction for review, search and redaction.

Office documents are read as they stand with tracked changes accepted (deleted text is not part of the
document; inserted text is), without comments. Everything else that is in the file, hidden or not, is
extracted, because what the reviewer reads is what the released copy will carry.
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from app.bundle.file_limits import open_package
from app.bundle.models import FileKind
from app.errors import Unprocessable

MEDIA_TYPES = {
    FileKind.pdf: "application/pdf",
    FileKind.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.html: "text/html",
    FileKind.text: "text/plain",
}
EXTENSIONS = {
    FileKind.pdf: "pdf",
    FileKind.docx: "docx",
    FileKind.xlsx: "xlsx",
    FileKind.html: "html",
    FileKind.text: "txt",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Block:
    """A paragraph, heading or table of a flowing document; a paragraph is a table of one cell."""

    tag: str  # "p", "h2".."h6", "pre" or "table"
    rows: list[list[str]]

    @property
    def text(self) -> str:
        return "\n".join(" | ".join(row) for row in self.rows)


@dataclass(frozen=True)
class Sheet:
    name: str
    hidden: bool
    rows: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Extracted:
    kind: FileKind
    text: str
    pages: int | None


def detect(data: bytes, declared: str | None) -> FileKind:
    """The file's kind from its bytes; the declared Content-Type only separates HTML from plain text."""
    if data.startswith(b"%PDF-"):
        return FileKind.pdf
    if data.startswith(b"PK\x03\x04"):
        names = set(_zip(data).namelist())
        if "word/document.xml" in names:
            return FileKind.docx
        if "xl/workbook.xml" in names:
            return FileKind.xlsx
        raise Unprocessable(
            "That is a ZIP file but not a Word (DOCX) document or Excel (XLSX) workbook.", rule="unsupported_type"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unprocessable(
            "Old Word/Excel files (.doc, .xls) are not accepted: save the file as DOCX or XLSX and upload that.",
            rule="unsupported_type",
        )
    if b"\x00" in data[:4096]:
        raise Unprocessable(
            "Unsupported file type: upload PDF, DOCX, XLSX, HTML or plain text.", rule="unsupported_type"
        )
    head = data[:1024].lstrip().lower()
    if (declared or "").startswith("text/html") or head.startswith((b"<!doctype html", b"<html")):
        return FileKind.html
    return FileKind.text


def _zip(data: bytes) -> zipfile.ZipFile:
    # What the parts may cost is checked before extraction (file_limits.check_package, in the worker).
    return open_package(data)


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def normalise(text: str) -> str:
    """Ligatures and compatibility forms folded (ﬁ → fi), so a passage matches however the PDF encoded it."""
    return unicodedata.normalize("NFKC", text)


# --- PDF -------------------------------------------------------------------------------------------------


def pdf_pages_text(data: bytes) -> list[str]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [normalise(page.extract_text() or "") for page in pdf.pages]
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise Unprocessable(f"The PDF cannot be read: {exc}.", rule="unreadable_file") from exc
    except Exception as exc:  # pdfminer raises its own types for encrypted or broken files
        raise Unprocessable(
            f"The PDF cannot be read ({type(exc).__name__}); if it is password-protected, remove the password.",
            rule="unreadable_file",
        ) from exc


# --- DOCX ------------------------------------------------------------------------------------------------


def _inside(element: Any, stop: Any, tags: set[str]) -> bool:
    node = element.getparent()
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


SKIP_IN_PARAGRAPH = {f"{W}del", f"{W}moveFrom", f"{W}txbxContent"}


def _paragraph_text(p: Any) -> str:
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        # Tracked deletions are not part of the document as it stands (accepting all changes).
        if _inside(el, p, SKIP_IN_PARAGRAPH):
            continue
        parts.append(el.text or "" if el.tag == f"{W}t" else ("\t" if el.tag == f"{W}tab" else "\n"))
    return normalise("".join(parts))


def _paragraph_tag(p: Any) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    value = (style.get(f"{W}val") if style is not None else "") or ""
    if value.lower() == "title":
        return "h2"
    if value.lower().startswith("heading") and value[7:].strip().isdigit():
        return f"h{min(int(value[7:]) + 2, 6)}"
    return "p"


def _body_blocks(container: Any) -> list[Block]:
    blocks: list[Block] = []
    for child in container:
        if child.tag == f"{W}p":
            text = _paragraph_text(child)
            if text.strip():
                blocks.append(Block(_paragraph_tag(child), [[text]]))
        elif child.tag == f"{W}tbl":
            rows = []
            for tr in child.iter(f"{W}tr"):
                cells = ["\n".join(_paragraph_text(p) for p in tc.iter(f"{W}p")).strip() for tc in tr.findall(f"{W}tc")]
                if any(cells):
                    rows.append(cells)
            if rows:
                blocks.append(Block("table", rows))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                blocks += _body_blocks(content)
    return blocks


def docx_blocks(data: bytes) -> list[Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise Unprocessable(f"The Word document cannot be read: {exc}.", rule="unreadable_file") from exc
    return _body_blocks(document.element.body)


# --- HTML and plain text -------------------------------------------------------------------------------

BLOCK_TAGS = {"p", "div", "section", "article", "li", "blockquote", "tr", "br", "ul", "ol", "table", "pre", "dd", "dt"}
SKIP_TAGS = {"script", "style", "head", "template", "noscript", "title"}


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.tag = "p"
        self.buffer: list[str] = []
        self.skip = 0

    def flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        if text:
            self.blocks.append(Block(self.tag, [[normalise(text)]]))
        self.buffer, self.tag = [], "p"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.flush()
            self.tag = f"h{min(int(tag[1]) + 1, 6)}"
        elif tag in BLOCK_TAGS:
            self.flush()
        elif tag in {"td", "th"} and self.buffer:
            self.buffer.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS or tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buffer.append(data)


def html_blocks(data: bytes) -> list[Block]:
    parser = _HtmlText()
    parser.feed(decode_text(data))
    parser.close()
    parser.flush()
    return parser.blocks


def text_blocks(data: bytes) -> list[Block]:
    text = normalise(decode_text(data)).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip("\n") for p in text.split("\n\n")]
    return [Block("pre", [[p]]) for p in paragraphs if p.strip()]


def flowing_blocks(kind: FileKind, data: bytes) -> list[Block]:
    if kind is FileKind.docx:
        return docx_blocks(data)
    if kind is FileKind.html:
        return html_blocks(data)
    return text_blocks(data)


# --- XLSX ------------------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalise(str(value))


def xlsx_sheets(data: bytes) -> list[Sheet]:
    """Every sheet, hidden ones included and marked: a hidden sheet is released like any other, so it is read."""
    from openpyxl import load_workbook

    _zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise Unprocessable(f"The workbook cannot be read: {exc}.", rule="unreadable_file") from exc
    sheets = []
    for ws in workbook.worksheets:
        rows = []
        for row in ws.iter_rows(values_only=True):
            cells = [cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
        while rows and not rows[-1]:
            rows.pop()
        sheets.append(Sheet(ws.title, ws.sheet_state != "visible", rows))
    return sheets


def extract(kind: FileKind, data: bytes) -> Extracted:
    if kind is FileKind.pdf:
        pages = pdf_pages_text(data)
        return Extracted(kind, "\f".join(pages), len(pages))
    if kind is FileKind.xlsx:
        parts = []
        for sheet in xlsx_sheets(data):
            parts.append(f"Sheet: {sheet.name}{' (hidden)' if sheet.hidden else ''}")
            parts += [" | ".join(row) for row in sheet.rows]
        return Extracted(kind, "\n".join(parts), None)
    return Extracted(kind, "\n\n".join(b.text for b in flowing_blocks(kind, data)), None)
