"""Request bodies are bounded before they cost anything, and a file upload is streamed to disk, never to memory.

`BodyLimit` answers 413 from the Content-Length alone, before reading a byte, and stops a body that runs past the
limit without declaring its length (chunked) or that lies about it. `spooled_upload` streams an API upload to
a temporary file, which the worker reading it opens by name.
"""

import json
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.bundle.content import too_large
from app.config import get_settings

# A multipart form carries its fields and boundaries beside the file.
FORM_OVERHEAD = 1_000_000


class BodyTooLarge(StarletteHTTPException):
    """Raised from the body stream; an HTTPException so that FastAPI's body parsing passes it on unchanged."""

    def __init__(self) -> None:
        super().__init__(413, "The request body is larger than the limit.")


def body_limit() -> int:
    return get_settings().upload_max_bytes + FORM_OVERHEAD


class BodyLimit:
    """413 for any request body larger than an upload may be (FOI_UPLOAD_MAX_BYTES, plus a form's overhead)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit()
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, declared)
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, None)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, size: int | None) -> None:
    error = too_large(size, get_settings())
    body = json.dumps(error.to_body()).encode()
    await send(
        {
            "type": "http.response.start",
            "status": error.status_code,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def spooled_upload(request: Request) -> AsyncIterator[Path]:
    """The request body in a temporary file, removed after the response; BodyLimit has bounded its size."""
    with tempfile.TemporaryDirectory(prefix="foi-upload-") as folder:
        path = Path(folder) / "upload"
        async with await anyio.open_file(path, "wb") as out:
            async for chunk in request.stream():
                await out.write(chunk)
        yield path


SpooledUpload = Annotated[Path, Depends(spooled_upload)]


def copy_to_file(source: Any, folder: str) -> Path:
    """A form's uploaded file (a spooled temporary file) copied to a named file a worker can open."""
    path = Path(folder) / "upload"
    with path.open("wb") as out:
        while chunk := source.read(1 << 20):
            out.write(chunk)
    return path
