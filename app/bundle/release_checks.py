"""Release checks: run on every file before a bundle is issued or published; any finding blocks the release.

Each check reads the finished file with tools independent of the code that made it: pypdf, pdfminer
(pdfplumber) and poppler's pdftotext where installed, plus the text the file carries beyond its pages (metadata,
annotations, strings in its streams: app.bundle.pdf_hidden); for office files, openpyxl / python-docx and the raw
XML parts. A passage counts as found whatever the case or spacing.
"""

import html
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.bundle.pdf_redact import Box
from app.personal_data.forms import RequesterForms


@dataclass(frozen=True)
class Finding:
    file: str
    check: str
    detail: str


@dataclass(frozen=True)
class Secret:
    """Something that must not be in a released file; `what` names it without repeating it."""

    what: str
    value: str


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Requester:
    """The requester as publication knows them (app.personal_data): no published file may hold a certain form,
    unless an officer dismissed that text as someone else."""

    forms: RequesterForms
    dismissed: frozenset[str] = frozenset()


def find_requester(file: str, texts: dict[str, str], requester: Requester) -> list[Finding]:
    findings: dict[str, Finding] = {}
    for tool, text in texts.items():
        for match in requester.forms.find(text, certain=True):
            if match.key not in requester.dismissed and match.form.kind not in findings:
                findings[match.form.kind] = Finding(
                    file, "personal_data", f"The requester's {match.form.kind} is still in the file ({tool})."
                )
    return list(findings.values())


def find_secrets(
    file: str, texts: dict[str, str], secrets: Iterable[Secret], requester: Requester | None = None
) -> list[Finding]:
    squashed = {tool: squash(text) for tool, text in texts.items()}
    findings = find_requester(file, texts, requester) if requester is not None else []
    for secret in secrets:
        needle = squash(secret.value)
        tools = [tool for tool, text in squashed.items() if needle and needle in text]
        if tools:
            findings.append(Finding(file, "withheld_text", f"{secret.what} is still in the file ({', '.join(tools)})."))
    return findings


# --- PDF -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _pages_by_reader(data: bytes) -> dict[str, tuple[str, ...]]:
    """Each independent reader's text of the file, page by page; read once for the check and the findings,
    which look at the same released PDF."""
    import pdfplumber
    from pypdf import PdfReader

    pages = {"pypdf": tuple(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages["pdfminer"] = tuple(page.extract_text() or "" for page in pdf.pages)
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "f.pdf"
            path.write_bytes(data)
            done = subprocess.run([pdftotext, "-q", str(path), "-"], capture_output=True, check=False)  # noqa: S603
        pages["pdftotext"] = tuple(done.stdout.decode("utf-8", errors="replace").split("\f"))  # a page a form feed
    return pages


def pdf_texts(data: bytes) -> dict[str, str]:
    """The file's text as each independent reader sees it, plus metadata, bookmarks, annotations, raw streams."""
    import pikepdf

    texts = {
        reader: ("\f" if reader == "pdftotext" else "\n").join(pages)
        for reader, pages in _pages_by_reader(data).items()
    }
    from app.bundle.pdf_hidden import hidden_text

    with pikepdf.open(io.BytesIO(data)) as pdf:
        texts["metadata, bookmarks, annotations and raw streams"] = "\n".join(hidden_text(pdf))
    return texts


def pdf_page_texts(data: bytes) -> list[list[str]]:
    """Each page's text as pdfminer (pdfplumber), pypdf and pdftotext read it: the readers pdf_texts uses."""
    readers = _pages_by_reader(data)
    ordered = [readers[name] for name in ("pdfminer", "pypdf", "pdftotext") if name in readers]
    return [[pages[n] for pages in ordered if n < len(pages)] for n in range(len(readers["pdfminer"]))]


XMP_EDITING = re.compile(
    r"CreatorTool|Producer|dc:creator|CreateDate|ModifyDate|MetadataDate|xmpMM:|Author|LastModifiedBy|pdf:Keywords",
    re.IGNORECASE,
)


def pdf_structure(file: str, data: bytes) -> list[Finding]:
    import pikepdf

    findings = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        extra = sorted(str(k) for k in pdf.docinfo if str(k) != "/Title")
        if extra:
            findings.append(Finding(file, "metadata", f"Document information carries {', '.join(extra)}."))
        if "/Metadata" in pdf.Root:
            packet = pdf.Root.Metadata.read_bytes().decode("utf-8", errors="replace")
            if XMP_EDITING.search(packet):
                findings.append(Finding(file, "metadata", "The XMP metadata names an author, tool or editing dates."))
        names = pdf.Root.get("/Names", pikepdf.Dictionary())
        if "/EmbeddedFiles" in names:
            findings.append(Finding(file, "embedded_files", "The PDF carries embedded (attached) files."))
        if "/JavaScript" in names or "/OpenAction" in pdf.Root or "/AA" in pdf.Root:
            findings.append(Finding(file, "scripts", "The PDF carries scripts or automatic actions."))
        if "/AcroForm" in pdf.Root:
            findings.append(Finding(file, "form_fields", "The PDF carries form fields, whose values may hold text."))
        for number, page in enumerate(pdf.pages, start=1):
            kinds = sorted({str(a.get("/Subtype")) for a in page.obj.get("/Annots", [])} - {"/Link"})
            if kinds:
                findings.append(Finding(file, "annotations", f"Page {number} carries annotations: {', '.join(kinds)}."))
            if "/Thumb" in page.obj:
                findings.append(Finding(file, "thumbnail", f"Page {number} carries a thumbnail of its original."))
    return findings


def text_under_boxes(file: str, data: bytes, boxes: Iterable[Box]) -> list[Finding]:
    """Inside each redaction box there is the label and nothing else: no text layer survives under it."""
    import pdfplumber

    findings = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for box in boxes:
            page = pdf.pages[box.page]
            x0, top = float(page.bbox[0]), float(page.bbox[1])
            rect = (x0 + box.rect[0], top + box.rect[1], x0 + box.rect[2], top + box.rect[3])
            inside = squash(page.within_bbox(rect, strict=False).extract_text() or "")
            if inside.replace(squash(box.label), ""):
                findings.append(
                    Finding(file, "text_under_redaction", f"Page {box.page + 1} has text under a redaction box.")
                )
    return findings


def check_pdf(
    file: str, data: bytes, secrets: Iterable[Secret], boxes: Iterable[Box] = (), requester: Requester | None = None
) -> list[Finding]:
    return (
        find_secrets(file, pdf_texts(data), secrets, requester)
        + pdf_structure(file, data)
        + text_under_boxes(file, data, boxes)
    )


# --- office documents ------------------------------------------------------------------------------------

PROPERTY = re.compile(
    r"<(?:dc:creator|cp:lastModifiedBy|cp:lastPrinted|cp:revision|dcterms:created|dcterms:modified|"
    r"cp:keywords|dc:description|dc:subject|Company|Manager|cp:category)\b[^>]*>([^<]+)<"
)
DOCX_CHANGES = re.compile(r"<w:(ins|del|moveFrom|moveTo|rPrChange|pPrChange|sectPrChange|tblPrChange)\b")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _xml_text(parts: dict[str, bytes]) -> str:
    texts = [
        html.unescape(re.sub(rb"<[^>]+>", b"", body).decode("utf-8", errors="replace"))
        for name, body in parts.items()
        if name.endswith((".xml", ".rels", ".vml"))
    ]
    return "\n".join(texts)


def _office_common(file: str, parts: dict[str, bytes], embedded_dirs: tuple[str, ...]) -> list[Finding]:
    findings = []
    props = b"".join(parts.get(p, b"") for p in ("docProps/core.xml", "docProps/app.xml")).decode("utf-8", "replace")
    found = sorted(
        {m.group(0).split(">")[0].lstrip("<").split()[0] for m in PROPERTY.finditer(props) if m.group(1).strip()}
    )
    if found:
        findings.append(Finding(file, "metadata", f"Document properties carry {', '.join(found)}."))
    if "docProps/custom.xml" in parts:
        findings.append(Finding(file, "metadata", "The file carries custom document properties."))
    embedded = sorted({n for n in parts if n.startswith(embedded_dirs) or n.endswith("vbaProject.bin")})
    if embedded:
        findings.append(Finding(file, "embedded_files", f"The file carries embedded objects: {', '.join(embedded)}."))
    return findings


def check_xlsx(file: str, data: bytes, secrets: Iterable[Secret], requester: Requester | None = None) -> list[Finding]:
    from openpyxl import load_workbook

    parts = _parts(data)
    findings = _office_common(file, parts, ("xl/embeddings/", "xl/activeX/"))
    workbook = load_workbook(io.BytesIO(data))
    values: list[str] = []
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            findings.append(Finding(file, "hidden_sheet", f"Sheet {ws.title!r} is {ws.sheet_state}."))
        rows = [str(i) for i, d in ws.row_dimensions.items() if d.hidden]
        cols = [str(c) for c, d in ws.column_dimensions.items() if d.hidden]
        if rows:
            findings.append(Finding(file, "hidden_rows", f"Sheet {ws.title!r} hides rows {', '.join(rows)}."))
        if cols:
            findings.append(Finding(file, "hidden_columns", f"Sheet {ws.title!r} hides columns {', '.join(cols)}."))
        names = [n for n in ws.defined_names if not n.startswith("_xlnm.")]
        if names:
            findings.append(Finding(file, "named_ranges", f"Sheet {ws.title!r} defines names {', '.join(names)}."))
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    values.append(str(cell.value))
                if cell.comment is not None:
                    values.append(cell.comment.text)
    names = [n for n in workbook.defined_names if not n.startswith("_xlnm.")]
    if names:
        findings.append(Finding(file, "named_ranges", f"The workbook defines names: {', '.join(names)}."))
    if any(n.startswith(("xl/comments", "xl/threadedComments/")) for n in parts):
        findings.append(Finding(file, "comments", "The workbook carries cell comments."))
    if any(n.startswith("xl/revisions/") for n in parts):
        findings.append(Finding(file, "tracked_changes", "The workbook carries a revision (tracked changes) log."))
    if any(n.startswith("xl/externalLinks/") for n in parts):
        findings.append(Finding(file, "external_links", "The workbook links to other workbooks."))
    texts = {"openpyxl": "\n".join(values), "raw XML": _xml_text(parts)}
    return findings + find_secrets(file, texts, secrets, requester)


def check_docx(file: str, data: bytes, secrets: Iterable[Secret], requester: Requester | None = None) -> list[Finding]:
    parts = _parts(data)
    findings = _office_common(file, parts, ("word/embeddings/", "word/activeX/"))
    if any(b"<w:comment " in body or b"<w:comment>" in body for n, body in parts.items() if "comments" in n):
        findings.append(Finding(file, "comments", "The document carries comments."))
    stories = {
        n: b for n, b in parts.items() if re.match(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$", n)
    }
    changes = sorted(
        {m.group(1) for body in stories.values() for m in DOCX_CHANGES.finditer(body.decode("utf-8", "replace"))}
    )
    if changes:
        findings.append(
            Finding(file, "tracked_changes", f"The document carries tracked changes ({', '.join(changes)}).")
        )
    if any(b"<w:vanish/>" in body or b"<w:vanish " in body for body in stories.values()):
        findings.append(Finding(file, "hidden_text", "The document carries hidden text."))
    return findings + find_secrets(file, {"raw XML": _xml_text(parts)}, secrets, requester)


def check(
    file: str,
    media_type: str,
    data: bytes,
    secrets: Iterable[Secret],
    boxes: Iterable[Box] = (),
    requester: Requester | None = None,
) -> list[Finding]:
    """Every check on one file; with `requester`, also that no certain form of them survives (public files)."""
    secrets = list(secrets)
    if media_type == "application/pdf":
        return check_pdf(file, data, secrets, boxes, requester)
    if media_type.endswith("spreadsheetml.sheet"):
        return check_xlsx(file, data, secrets, requester)
    if media_type.endswith("wordprocessingml.document"):
        return check_docx(file, data, secrets, requester)
    text = data.decode("utf-8", errors="replace")
    return find_secrets(file, {"text": text}, secrets, requester)


def as_dicts(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    return [{"file": f.file, "check": f.check, "detail": f.detail} for f in findings]
