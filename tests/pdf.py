"""Read PDFs the way a requester's software would: the text layer and the metadata."""

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_metadata(content: bytes) -> dict[str, str]:
    reader = PdfReader(io.BytesIO(content))
    return {str(k): str(v) for k, v in (reader.metadata or {}).items()}


def flat(text: str) -> str:
    """Whitespace folded, so words wrapped across lines still match."""
    return " ".join(text.split())
