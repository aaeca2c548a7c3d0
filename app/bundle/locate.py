"""Finding passages: in flowing text, and in a PDF's text layer with the box of every character matched.

A passage is exact but whitespace-flexible: a sentence that wraps across lines in the PDF still matches.
Rectangles are [x0, top, x1, bottom] in PDF points from the top-left corner of the visible page (the crop box).
"""

import io
import re
from dataclasses import dataclass, field

from app.bundle.extraction import normalise
from app.errors import Unprocessable

Rect = tuple[float, float, float, float]


def pattern(passage: str, *, whole_words: bool = False) -> re.Pattern[str]:
    """`whole_words` for a name removed before publication: "Ann" is not the start of "Annual"."""
    tokens = normalise(passage).split()
    if not tokens:
        raise Unprocessable("The passage to redact is empty.", rule="empty_passage")
    body = r"\s+".join(re.escape(t) for t in tokens)
    return re.compile(rf"(?<!\w){body}(?!\w)" if whole_words else body)


def count(text: str, passage: str, *, whole_words: bool = False) -> int:
    return len(pattern(passage, whole_words=whole_words).findall(normalise(text)))


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class PageText:
    """One page's words in reading order, joined by spaces, with each character's box."""

    index: int
    width: float
    height: float
    rotation: int
    words: list[Word] = field(default_factory=list)
    text: str = ""
    boxes: list[Rect | None] = field(default_factory=list)

    def find(self, passage: str, *, whole_words: bool = False) -> list[list[Rect]]:
        """Each occurrence as one rectangle per line it covers."""
        found = []
        for match in pattern(passage, whole_words=whole_words).finditer(self.text):
            lines: dict[int, list[Rect]] = {}
            for box in self.boxes[match.start() : match.end()]:
                if box is not None:
                    lines.setdefault(round((box[1] + box[3]) / 2 / 3), []).append(box)
            found.append(
                [
                    (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))
                    for bs in lines.values()
                ]
            )
        return found

    def text_in(self, rect: Rect) -> str:
        return " ".join(w.text for w in self.words if overlaps((w.x0, w.top, w.x1, w.bottom), rect))


def overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def read_pages(data: bytes) -> list[PageText]:
    import pdfplumber

    pages = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken or encrypted files
        raise Unprocessable(f"The PDF cannot be read ({type(exc).__name__}).", rule="unreadable_file") from exc
    with pdf:
        for index, page in enumerate(pdf.pages):
            x_off, y_off = float(page.bbox[0]), float(page.bbox[1])
            result = PageText(index, float(page.width), float(page.height), int(page.rotation or 0) % 360)
            parts: list[str] = []
            for raw in page.extract_words(return_chars=True, keep_blank_chars=False, use_text_flow=False):
                if parts:
                    parts.append(" ")
                    result.boxes.append(None)
                for char in raw["chars"]:
                    text = normalise(char["text"])
                    box = (
                        float(char["x0"]) - x_off,
                        float(char["top"]) - y_off,
                        float(char["x1"]) - x_off,
                        float(char["bottom"]) - y_off,
                    )
                    parts.append(text)
                    result.boxes.extend([box] * len(text))
                result.words.append(
                    Word(
                        normalise(raw["text"]),
                        float(raw["x0"]) - x_off,
                        float(raw["top"]) - y_off,
                        float(raw["x1"]) - x_off,
                        float(raw["bottom"]) - y_off,
                    )
                )
            result.text = "".join(parts)
            pages.append(result)
    return pages
