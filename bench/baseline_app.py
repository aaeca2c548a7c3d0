"""The baseline for the API figures: a bare FastAPI app that returns a constant, served exactly like ours."""

from typing import Any

from fastapi import FastAPI

BODY = {"id": 1, "reference": "FOI-2025-000001", "status": "open"}


def create_app() -> FastAPI:
    app = FastAPI()

    @app.get("/constant")
    def read_constant() -> dict[str, Any]:
        return BODY

    @app.post("/constant", status_code=201)
    def write_constant(body: dict[str, Any]) -> dict[str, Any]:
        return BODY

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
