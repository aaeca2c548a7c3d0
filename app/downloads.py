"""Files sent to a browser: their names in any script (RFC 6266), and spreadsheet cells that cannot run."""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from starlette.responses import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def content_disposition(disposition: str, filename: str) -> str:
    """`attachment; filename="Adroddiad-_yl.txt"; filename*=UTF-8''Adroddiad-%C5%B5yl.txt`: every browser gets
    a name it can use, the Welsh one gets its own, and no quote or line break ever reaches the header."""
    fallback = re.sub(r'[^\x20-\x7e]|["\\]', "_", filename) or "download"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(data: bytes, media_type: str, filename: str) -> Response:
    """A file the browser saves rather than shows, under its own name."""
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": content_disposition("attachment", filename)}
    )


def csv_cell(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula is kept as text (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A CSV file's text with every cell, headings included, through csv_cell: the one way the service writes CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(cell) for cell in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
