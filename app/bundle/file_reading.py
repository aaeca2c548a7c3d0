"""Reading an uploaded file: what runs in a worker process (app/worker_pool.py), never in the server itself.

The readers are imported here, at the top, so the fork server loads them once and every worker starts with them.
"""

from dataclasses import dataclass
from pathlib import Path

import docx  # noqa: F401  (preloaded for the workers)
import openpyxl  # noqa: F401
import pdfplumber  # noqa: F401
import pypdf  # noqa: F401

from app.bundle import extraction, file_limits, locate
from app.bundle.file_limits import FileLimits
from app.bundle.models import FileKind


@dataclass(frozen=True)
class Reading:
    """What a file is and says, and (for a PDF with recorded redactions) where each character lies."""

    kind: FileKind
    extracted: extraction.Extracted
    pages: list[locate.PageText] | None


def read_upload(path: Path, declared_type: str | None, limits: FileLimits, with_pages: bool) -> Reading:
    data = path.read_bytes()
    kind = extraction.detect(data, declared_type)
    if kind in {FileKind.docx, FileKind.xlsx}:
        file_limits.check_package(data, limits)
    elif kind is FileKind.pdf:
        file_limits.check_pdf(data, limits)
    extracted = extraction.extract(kind, data)
    if len(extracted.text) > limits.text_chars:
        raise file_limits.too_complex(
            f"The file holds {len(extracted.text):,} characters of text; the limit is {limits.text_chars:,} "
            "(FOI_UPLOAD_MAX_TEXT_CHARS)."
        )
    pages = locate.read_pages(data) if with_pages and kind is FileKind.pdf else None
    return Reading(kind, extracted, pages)
