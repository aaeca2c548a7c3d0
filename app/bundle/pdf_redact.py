"""Redacting a PDF for real: every page carrying a redaction is rebuilt from pixels, not drawn over.

The page is rasterised (pypdfium2), each region is painted out in the pixels (Pillow), and the page is rebuilt
as that image plus an invisible text layer made only of the words lying wholly outside every region (from the
original text layer, or from OCR of the painted image when the page had none). Each box carries its label as
real text, so it is visible, searchable and read out by a screen reader. Vector text, images and line art under
a region cannot survive: nothing of the original page is copied. Other pages are copied as they are; the whole
file is then stripped of metadata, bookmarks, annotations, forms and attachments (pdf_clean).
"""

import io
import shutil
import subprocess
import zlib
from collections import defaultdict
from dataclasses import dataclass
from statistics import median
from typing import Any

from app.bundle import pdf_clean
from app.bundle.locate import PageText, Rect, Word, overlaps
from app.errors import Unprocessable

DPI = 200
PAD = 1.0  # points around each region, so anti-aliased glyph edges go too


@dataclass(frozen=True)
class Box:
    page: int  # 0-based
    rect: Rect
    label: str


def _widths(font: str) -> dict[str, int]:
    from pdfminer.fontmetrics import FONT_METRICS

    widths: dict[str, int] = FONT_METRICS[font][1]
    return widths


def text_width(text: str, size: float, font: str = "Helvetica") -> float:
    widths = _widths(font)
    return sum(widths.get(ch, 556) for ch in text) * size / 1000


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b" ") + b")"


def _segments(words: list[Word], dropped: list[Word]) -> list[list[Word]]:
    """Kept words grouped into runs on one line, split where a redacted word or a wide gap lies between."""
    ordered = sorted(
        [(w, True) for w in words] + [(w, False) for w in dropped],
        key=lambda item: (round((item[0].top + item[0].bottom) / 2 / 3), item[0].x0),
    )
    segments: list[list[Word]] = []
    current: list[Word] = []
    for word, kept in ordered:
        if current:
            last = current[-1]
            same_line = abs((last.top + last.bottom) / 2 - (word.top + word.bottom) / 2) < (last.bottom - last.top) / 2
            if not kept or not same_line or word.x0 - last.x1 > 3 * (last.bottom - last.top):
                segments.append(current)
                current = []
        if kept:
            current.append(word)
    if current:
        segments.append(current)
    return segments


def _text_layer(words: list[Word], dropped: list[Word], height: float) -> bytes:
    ops = [b"BT 3 Tr"]
    for seg in _segments(words, dropped):
        text = " ".join(w.text for w in seg)
        size = max(1.0, median(w.bottom - w.top for w in seg) / 1.15)
        natural = text_width(text, size)
        scale = 100 * (seg[-1].x1 - seg[0].x0) / natural if natural else 100
        baseline = height - (max(w.bottom for w in seg) - 0.22 * size)
        ops.append(f"/F1 {size:.2f} Tf {scale:.2f} Tz 1 0 0 1 {seg[0].x0:.2f} {baseline:.2f} Tm ".encode())
        ops.append(_literal(text) + b" Tj")
    ops.append(b"ET")
    return b"\n".join(ops)


def _labels(boxes: list[Box], height: float) -> bytes:
    ops = [b"BT 0 Tr 100 Tz 1 1 1 rg"]  # text state outlives ET: undo the text layer's scaling
    for box in boxes:
        x0, top, x1, bottom = box.rect
        width, tall = x1 - x0, bottom - top
        size = min(tall * 0.7, 11.0)
        natural = text_width(box.label, size, "Helvetica-Bold")
        if natural > width - 2:
            size = max(3.0, size * (width - 2) / natural)
            natural = text_width(box.label, size, "Helvetica-Bold")
        x = x0 + max(1.0, (width - natural) / 2)
        y = height - (top + tall / 2 + size * 0.35)
        ops.append(f"/F2 {size:.2f} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm ".encode() + _literal(box.label) + b" Tj")
    ops.append(b"ET")
    return b"\n".join(ops)


def ocr_words(image: Any, scale: float) -> list[Word]:
    """Words and boxes from Tesseract (Debian tesseract-ocr), for a page that had no text layer."""
    binary = shutil.which("tesseract")
    if binary is None:
        return []
    png = io.BytesIO()
    image.save(png, format="PNG")
    # A fixed program and arguments, the image on stdin: nothing from the request reaches the command line.
    done = subprocess.run(  # noqa: S603
        [binary, "stdin", "stdout", "--dpi", str(DPI), "tsv"], input=png.getvalue(), capture_output=True, check=False
    )
    words = []
    for line in done.stdout.decode("utf-8", errors="replace").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) == 12 and cols[11].strip() and float(cols[10]) > 30:
            left, top, w, h = (int(c) / scale for c in cols[6:10])
            words.append(Word(cols[11].strip(), left, top, left + w, top + h))
    return words


def _page_image(document: Any, page: PageText, boxes: list[Box]) -> tuple[Any, list[Word], list[Word]]:
    from PIL import ImageChops, ImageDraw

    scale = DPI / 72
    bitmap = document[page.index].render(scale=scale, draw_annots=False, may_draw_forms=False)
    image = bitmap.to_pil().convert("RGB")
    draw = ImageDraw.Draw(image)
    for box in boxes:
        x0, top, x1, bottom = box.rect
        draw.rectangle(
            [(x0 - PAD) * scale, (top - PAD) * scale, (x1 + PAD) * scale, (bottom + PAD) * scale], fill=(0, 0, 0)
        )
    source = page.words or ocr_words(image, scale)
    padded = [(b.rect[0] - PAD, b.rect[1] - PAD, b.rect[2] + PAD, b.rect[3] + PAD) for b in boxes]
    kept: list[Word] = []
    dropped: list[Word] = []
    for word in source:
        hit = any(overlaps((word.x0, word.top, word.x1, word.bottom), r) for r in padded)
        (dropped if hit else kept).append(word)
    grey = image.convert("L")
    if ImageChops.difference(image, grey.convert("RGB")).getbbox() is None:
        image = grey  # a third of the size, and most papers are black on white
    return image, kept, dropped


def redact(data: bytes, pages: list[PageText], boxes: list[Box], title: str) -> bytes:
    import pikepdf
    import pypdfium2

    by_page: dict[int, list[Box]] = defaultdict(list)
    for box in boxes:
        by_page[box.page].append(box)
    rotated = [i + 1 for i in by_page if pages[i].rotation]
    if rotated:
        raise Unprocessable(
            f"Page(s) {', '.join(map(str, rotated))} are rotated; save the PDF with the pages upright and upload it "
            "again before redacting.",
            rule="rotated_page",
        )
    document = pypdfium2.PdfDocument(data)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            fonts = pikepdf.Dictionary(
                F1=pikepdf.Dictionary(
                    Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                    Encoding=pikepdf.Name.WinAnsiEncoding,
                ),
                F2=pikepdf.Dictionary(
                    Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                    BaseFont=pikepdf.Name("/Helvetica-Bold"), Encoding=pikepdf.Name.WinAnsiEncoding,
                ),
            )  # fmt: skip
            for index, page_boxes in sorted(by_page.items()):
                page = pages[index]
                image, kept, dropped = _page_image(document, page, page_boxes)
                xobject = pdf.make_stream(
                    zlib.compress(image.tobytes()),
                    Type=pikepdf.Name.XObject,
                    Subtype=pikepdf.Name.Image,
                    Width=image.width,
                    Height=image.height,
                    ColorSpace=pikepdf.Name.DeviceGray if image.mode == "L" else pikepdf.Name.DeviceRGB,
                    BitsPerComponent=8,
                    Filter=pikepdf.Name.FlateDecode,
                )
                w, h = page.width, page.height
                content = b"\n".join(
                    [
                        f"q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q".encode(),
                        _text_layer(kept, dropped, h),
                        _labels(page_boxes, h),
                    ]
                )
                new_page = pdf.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Page,
                        MediaBox=[0, 0, w, h],
                        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject), Font=fonts),
                        Contents=pdf.make_stream(content),
                    )
                )
                pdf.pages.insert(index, pikepdf.Page(new_page))
                del pdf.pages[index + 1]
            return pdf_clean.clean(pdf, title)
    finally:
        document.close()
