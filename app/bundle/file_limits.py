"""What reading an uploaded file may cost, checked before any reader is let loose on it.

A Word or Excel file is a ZIP of XML parts, so a small upload can unzip to gigabytes (a "zip bomb") or define
entities that expand a billion times (an "XML bomb"). Every part is streamed once through a counting reader:
the declared sizes and the compression ratio are bounded (zipfile stops each part at its declared size and
checks its CRC, so a header cannot lie about what comes out), XML parts may carry no document type declaration
or entity (Word and Excel never write one), and their elements are counted. A PDF's page count and page sizes
are bounded, since a redacted page is rasterised. Each refusal names the limit and what to do instead.
"""

import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

from app.config import Settings
from app.errors import Unprocessable

CHUNK = 1 << 16
MAX_PARTS = 20_000
XML_SUFFIXES = (".xml", ".rels", ".vml")
# Released pages are rasterised at this resolution (app/bundle/pdf_redact.py DPI).
RASTER_DPI = 200
SPLIT = "Split it into smaller files, or save it as PDF, and upload those."


@dataclass(frozen=True)
class FileLimits:
    unzipped_bytes: int
    part_bytes: int
    compression_ratio: int
    xml_elements: int
    text_chars: int
    pdf_pages: int
    page_megapixels: int

    @classmethod
    def of(cls, settings: Settings) -> "FileLimits":
        return cls(
            unzipped_bytes=settings.upload_max_unzipped_bytes,
            part_bytes=settings.upload_max_part_bytes,
            compression_ratio=settings.upload_max_compression_ratio,
            xml_elements=settings.upload_max_xml_elements,
            text_chars=settings.upload_max_text_chars,
            pdf_pages=settings.pdf_max_pages,
            page_megapixels=settings.pdf_max_page_megapixels,
        )


def too_complex(detail: str) -> Unprocessable:
    return Unprocessable(f"{detail} {SPLIT}", rule="file_too_complex")


def open_package(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Unprocessable(f"The file is a damaged ZIP container: {exc}.", rule="unreadable_file") from exc


def check_package(data: bytes, limits: FileLimits) -> None:
    """Refuse a Word or Excel file whose parts would cost more than the limits, reading each part once."""
    archive = open_package(data)
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise too_complex(f"The file holds {len(infos):,} parts; the limit is {MAX_PARTS:,}.")
    declared = sum(info.file_size for info in infos)
    if declared > limits.unzipped_bytes:
        raise too_complex(
            f"The file unzips to {declared:,} bytes; the limit is {limits.unzipped_bytes:,} "
            "(FOI_UPLOAD_MAX_UNZIPPED_BYTES)."
        )
    for info in infos:
        _check_part_size(info, limits)
    elements = 0
    for info in infos:
        try:
            with archive.open(info) as part:
                if info.filename.lower().endswith(XML_SUFFIXES):
                    elements += _check_xml(info.filename, part, limits.xml_elements - elements)
                else:
                    while part.read(CHUNK):
                        pass
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise Unprocessable(
                f"Part {info.filename!r} of the file is damaged or encrypted ({exc}); save the file again and "
                "upload that.",
                rule="unreadable_file",
            ) from exc


def _check_part_size(info: zipfile.ZipInfo, limits: FileLimits) -> None:
    if info.file_size > limits.part_bytes:
        raise too_complex(
            f"Part {info.filename!r} unzips to {info.file_size:,} bytes; the limit for one part is "
            f"{limits.part_bytes:,} (FOI_UPLOAD_MAX_PART_BYTES)."
        )
    # Real documents compress XML about 5-20 times; a bomb compresses hundreds or thousands of times.
    if info.file_size > 1_000_000 and info.file_size > limits.compression_ratio * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise too_complex(
            f"Part {info.filename!r} expands {ratio:,} times when unzipped; the limit is "
            f"{limits.compression_ratio} (FOI_UPLOAD_MAX_COMPRESSION_RATIO), which real documents stay well under."
        )


class _Refused(Exception):
    pass


def _check_xml(name: str, part: IO[bytes], elements_left: int) -> int:
    """Stream one XML part through expat: no DTD, no entity declarations, a bounded number of elements."""
    parser = expat.ParserCreate()
    count = 0

    def doctype(*_args: Any) -> None:
        raise _Refused(f"Part {name!r} carries a document type declaration (DTD)")

    def entity(*_args: Any) -> None:
        raise _Refused(f"Part {name!r} declares XML entities")

    def element(*_args: Any) -> None:
        nonlocal count
        count += 1
        if count > elements_left:
            raise _Refused("The file holds more XML elements than the limit (FOI_UPLOAD_MAX_XML_ELEMENTS)")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = entity  # type: ignore[assignment]
    parser.StartElementHandler = element
    try:
        while chunk := part.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Refused as refused:
        raise Unprocessable(
            f"{refused}, which Word and Excel never write: the file may be built to exhaust the server. Open it, "
            "save it again (or save it as PDF) and upload that.",
            rule="file_too_complex",
        ) from refused
    except expat.ExpatError as exc:
        raise Unprocessable(
            f"Part {name!r} of the file is not well-formed XML ({exc}); save the file again and upload that.",
            rule="unreadable_file",
        ) from exc
    return count


def check_pdf(data: bytes, limits: FileLimits) -> None:
    """Refuse a PDF with more pages than the limit, or a page too large to rasterise when it is redacted."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Unprocessable(
                "The PDF is password-protected; remove the password and upload it again.", rule="unreadable_file"
            )
        pages = len(reader.pages)
        if pages > limits.pdf_pages:
            raise too_complex(f"The PDF has {pages:,} pages; the limit is {limits.pdf_pages:,} (FOI_PDF_MAX_PAGES).")
        for number, page in enumerate(reader.pages, start=1):
            unit = float(page.get("/UserUnit", 1) or 1)
            width, height = abs(float(page.mediabox.width)) * unit, abs(float(page.mediabox.height)) * unit
            megapixels = (width / 72 * RASTER_DPI) * (height / 72 * RASTER_DPI) / 1e6
            if megapixels > limits.page_megapixels:
                raise too_complex(
                    f"Page {number} of the PDF is {width / 72 * 25.4:,.0f} × {height / 72 * 25.4:,.0f} mm, "
                    f"{megapixels:,.0f} megapixels when redacted; the limit is {limits.page_megapixels} "
                    "(FOI_PDF_MAX_PAGE_MEGAPIXELS)."
                )
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Unprocessable(f"The PDF cannot be read ({type(exc).__name__}: {exc}).", rule="unreadable_file") from exc
