"""The released version of each document: the redactions applied for real, metadata stripped.

PDFs are redacted page by page (pdf_redact). Word, HTML and plain-text documents are released as tagged PDFs
rendered from their text with each redacted passage replaced at source by its label, so the passage never
reaches the file. Workbooks are released as new XLSX files holding cell values only: hidden sheets, rows and
columns shown, no formulas, names, comments, properties or embedded objects.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app import worker_pool
from app.bundle import extraction, locate, pdf_clean, pdf_redact
from app.bundle.extraction import Block, normalise
from app.bundle.models import DocumentFile, FileKind, Redaction
from app.bundle.release_checks import Finding, Secret
from app.config import Settings
from app.document.models import Document
from app.worker_pool import WorkerLimits

TEMPLATES = Path(__file__).parent / "templates"
XLSX_MEDIA = extraction.MEDIA_TYPES[FileKind.xlsx]


@dataclass(frozen=True)
class Segment:
    text: str
    label: str | None = None


@dataclass(frozen=True)
class Item:
    """The document being released, as plain data: the release runs in a worker process."""

    id: int
    item: str
    title: str

    @classmethod
    def of(cls, doc: Document) -> "Item":
        return cls(doc.id, doc.item, doc.title)


@dataclass(frozen=True)
class Cut:
    """A redaction as the release applies it, as plain data (a recorded row, or a publication-only one)."""

    id: int | None
    stage: str
    exemptions: tuple[str, ...]
    text: str | None
    page: int | None
    rect: tuple[float, ...] | None
    region_text: str | None

    @classmethod
    def of(cls, row: Redaction) -> "Cut":
        rect = tuple(row.rect) if row.rect is not None else None
        return cls(row.id, row.stage, tuple(row.exemptions), row.text, row.page, rect, row.region_text)


@dataclass
class Released:
    filename: str
    media_type: str
    data: bytes
    pdf: bytes  # the same content as a PDF, for bundle.pdf
    boxes: list[pdf_redact.Box] = field(default_factory=list)
    secrets: list[Secret] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


PUBLICATION = "publication"  # the stage of a passage removed from the published copy only (app.personal_data)


def label(row: Cut) -> str:
    return ", ".join(row.exemptions)


def whole_words(row: Cut) -> bool:
    return row.stage == PUBLICATION


def slug(doc: Item | Document) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", doc.title.lower()).strip("-")[:60].strip("-")
    return f"item-{re.sub(r'[^A-Za-z0-9]+', '', doc.item)}-{words or 'document'}"


def split(text: str, rules: list[tuple[re.Pattern[str], str]]) -> list[Segment]:
    """Text cut into kept runs and labelled gaps; overlapping passages merge into one gap."""
    spans: list[tuple[int, int, str]] = []
    for regex, name in rules:
        spans += [(m.start(), m.end(), name) for m in regex.finditer(text)]
    spans.sort()
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, name in spans:
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] + ([name] if name not in last[2] else []))
        else:
            merged.append((start, end, [name]))
    out, pos = [], 0
    for start, end, names in merged:
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment("", "; ".join(names)))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def _rules(rows: list[Cut]) -> list[tuple[re.Pattern[str], str]]:
    return [(locate.pattern(r.text, whole_words=whole_words(r)), label(r)) for r in rows if r.text is not None]


def secrets_of(doc: Item, rows: list[Cut]) -> list[Secret]:
    """What the release checks look for: each withheld passage (a publication one is checked as a requester's
    form instead, word by word, by app.personal_data)."""
    out = []
    for r in rows:
        if r.text and not whole_words(r):
            out.append(Secret(f"the passage withheld by redaction {r.id} (item {doc.item})", r.text))
        if r.region_text and len(" ".join(r.region_text.split())) >= 4:
            out.append(Secret(f"the text under region redaction {r.id} (item {doc.item})", r.region_text))
    return out


@lru_cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined)


def render_pdf(title: str, heading: str, banner: str, blocks: list[dict[str, Any]]) -> bytes:
    from weasyprint import HTML

    html = _env().get_template("released.html").render(title=title, heading=heading, banner=banner, blocks=blocks)
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf_clean.clean_bytes(pdf, title, keep_structure=True)


def _flowing(blocks: list[Block], rules: list[tuple[re.Pattern[str], str]]) -> list[dict[str, Any]]:
    return [
        {"tag": b.tag, "caption": None, "rows": [[split(cell, rules) for cell in row] for row in b.rows]}
        for b in blocks
    ]


def release(
    doc: Document, file: DocumentFile, data: bytes, rows: list[Redaction], title: str, banner: str, settings: Settings
) -> Released:
    """The released version, made in a worker process within the limits (rasterising a page is heavy)."""
    return worker_pool.run(
        release_in_worker,
        Item.of(doc),
        FileKind(file.kind),
        data,
        [Cut.of(r) for r in rows],
        title,
        banner,
        limits=WorkerLimits.of(settings),
        what=f"item {doc.item}",
    )


def release_in_worker(doc: Item, kind: FileKind, data: bytes, rows: list[Cut], title: str, banner: str) -> Released:
    base = slug(doc)
    findings: list[Finding] = []
    if kind is not FileKind.pdf and any(r.page is not None for r in rows):
        findings.append(
            Finding(
                base, "region_on_non_pdf", f"Item {doc.item} is now {kind.value}; its region redactions need a PDF."
            )
        )
    if kind is FileKind.pdf:
        return _release_pdf(doc, data, rows, title, base, findings)
    rules = _rules(rows)
    passages = [r for r in rows if r.text is not None]
    text = extraction.extract(kind, data).text if passages else ""  # once, however many passages
    findings += [
        _missing(doc, r, base)
        for r in passages
        if r.text is not None and locate.count(text, r.text, whole_words=whole_words(r)) == 0
    ]
    if kind is FileKind.xlsx:
        sheets = extraction.xlsx_sheets(data)
        blocks = [
            {
                "tag": "table",
                "caption": f"Sheet: {s.name}",
                "rows": [[split(cell, rules) for cell in row] for row in s.rows],
            }
            for s in sheets
        ]
        pdf = render_pdf(title, doc.title, banner, blocks)
        xlsx = release_xlsx(data, rules, title)
        return Released(f"{base}.xlsx", XLSX_MEDIA, xlsx, pdf, [], secrets_of(doc, rows), findings)
    pdf = render_pdf(title, doc.title, banner, _flowing(extraction.flowing_blocks(kind, data), rules))
    return Released(f"{base}.pdf", "application/pdf", pdf, pdf, [], secrets_of(doc, rows), findings)


def _missing(doc: Item, r: Cut, base: str) -> Finding:
    return Finding(
        base,
        "passage_not_found",
        f"Redaction {r.id}'s passage no longer occurs in item {doc.item} (was the content replaced?); "
        "delete the redaction or record it again against the current text.",
    )


def _release_pdf(doc: Item, data: bytes, rows: list[Cut], title: str, base: str, findings: list[Finding]) -> Released:
    pages = locate.read_pages(data)
    boxes: list[pdf_redact.Box] = []
    for r in rows:
        if r.text is not None:
            hits = [
                (p.index, rect)
                for p in pages
                for occurrence in p.find(r.text, whole_words=whole_words(r))
                for rect in occurrence
            ]
            if not hits:
                findings.append(_missing(doc, r, base))
            boxes += [pdf_redact.Box(index, rect, label(r)) for index, rect in hits]
        elif r.page is not None and r.rect is not None:
            if r.page > len(pages):
                findings.append(
                    Finding(base, "region_off_document", f"Redaction {r.id} is on page {r.page}, past the end.")
                )
                continue
            boxes.append(pdf_redact.Box(r.page - 1, (r.rect[0], r.rect[1], r.rect[2], r.rect[3]), label(r)))
    out = pdf_redact.redact(data, pages, boxes, title) if boxes else pdf_clean.clean_bytes(data, title)
    return Released(f"{base}.pdf", "application/pdf", out, out, boxes, secrets_of(doc, rows), findings)


CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></cp:coreProperties>'
)


def release_xlsx(data: bytes, rules: list[tuple[re.Pattern[str], str]], title: str) -> bytes:
    from xml.sax.saxutils import escape

    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Font, PatternFill

    source = load_workbook(io.BytesIO(data), data_only=True)
    out = Workbook()
    out.remove(out.active)  # type: ignore[arg-type]
    black, white = PatternFill("solid", fgColor="000000"), Font(color="FFFFFF", bold=True)
    for ws in source.worksheets:
        sheet = out.create_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                value: Any = cell.value
                redacted = False
                if isinstance(value, str):
                    segments = split(normalise(value), rules)
                    redacted = any(s.label for s in segments)
                    value = "".join(f"[{s.label}]" if s.label else s.text for s in segments)
                target = sheet.cell(row=cell.row, column=cell.column, value=value)
                if isinstance(value, str) and value.startswith("="):
                    target.data_type = "s"  # a cached value that looks like a formula stays text
                if redacted:
                    target.fill, target.font = black, white
        for letter, dim in ws.column_dimensions.items():
            if dim.width:
                sheet.column_dimensions[letter].width = dim.width
    buffer = io.BytesIO()
    out.save(buffer)
    return _replace_part(buffer.getvalue(), "docProps/core.xml", CORE.format(title=escape(title)).encode())


def _replace_part(data: bytes, name: str, body: bytes) -> bytes:
    """openpyxl always writes a creator and dates; the released workbook carries only its title."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, body if info.filename == name else src.read(info.filename))
    return out.getvalue()
