"""The baseline for the API figures: a bare FastAPI app, served exactly like ours, that answers with the very bytes
our endpoints answered (captured by bench/api.py and named by FOI_BENCH_READ_BODY and FOI_BENCH_WRITE_BODY), so the
ratio measures what our code costs, not the size of what it sends."""

import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Response

FALLBACK = b'{"id": 1, "reference": "FOI-2025-000001", "status": "open"}'


def _captured(variable: str) -> bytes:
    path = os.environ.get(variable)
    return Path(path).read_bytes() if path else FALLBACK


def create_app() -> FastAPI:
    app = FastAPI()
    read_body, write_body = _captured("FOI_BENCH_READ_BODY"), _captured("FOI_BENCH_WRITE_BODY")

    @app.get("/constant")
    def read_constant() -> Response:
        return Response(read_body, media_type="application/json")

    @app.post("/constant", status_code=201)
    def write_constant(body: dict[str, Any]) -> Response:  # the JSON is parsed, as ours parses it
        return Response(write_body, status_code=201, media_type="application/json")

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
