"""The FastAPI application: routers, error handlers and what is loaded once at start-up."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

import app.models  # noqa: F401 - every mapper known before the first flush (an entry point)
from app.api_hints import api_body
from app.audit.router import router as audit_router
from app.auth.router import router as auth_router
from app.bundle import router as bundle
from app.bundle.builds import BuildRunner
from app.bundle.content import too_large
from app.calculator.router import router as calculator_router
from app.config import check_authority_settings, get_settings
from app.db import POOL_OVERFLOW, POOL_SIZE, get_engine
from app.document.router import router as document_router
from app.errors import AppError, Conflict, ServiceUnavailable, TooManyRequests, Unprocessable
from app.exemption.catalogue import load_catalogue
from app.exemption.router import router as exemption_router
from app.foi_request.router import router as request_router
from app.holiday.router import router as holiday_router
from app.letter.builder import KINDS
from app.letter.render import check_templates
from app.letter.router import router as letter_router
from app.personal_data.router import router as personal_data_router
from app.publishing.pages import page
from app.publishing.router import api as publishing_router
from app.publishing.router import public as disclosure_log_router
from app.reminder.jobs import Sweeper
from app.reminder.router import router as reminder_router
from app.reminder.rules import load_rules
from app.review.router import router as review_router
from app.rule_codes import openapi_description
from app.security_headers import SecurityHeaders
from app.statistics.router import router as statistics_router
from app.uploads import BodyLimit, BodyTooLarge
from app.web.errors import error_page, is_web_page, web_error
from app.web.router import router as web_router
from app.web.slow_refusals import SlowRefusals

log = logging.getLogger("app")
_WEB_HTTP_DETAIL = {
    404: "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
    405: "That page cannot be used that way. Go back and use the links and buttons on the page.",
}
STATIC = Path(__file__).parent / "static"
# Swagger UI from the package, not a CDN (public-sector networks often block CDNs), started by a script file so
# the page needs no inline script under its Content-Security-Policy.
DOCS_HTML = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>FOI casework – API</title>
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
<link rel="icon" href="/static/swagger-ui/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/app/swagger-init.js"></script>
</body>
</html>
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # A broken exemption file, template or authority setting stops start-up with the fault named, rather than
    # failing a ruling or printing a broken letter later.
    settings = get_settings()
    app.state.catalogue = load_catalogue(settings.exemptions_dir)
    check_authority_settings(settings)
    check_templates(settings.letter_templates_dir, KINDS)
    load_rules(settings.reminder_rules)
    embedded = settings.embedded_worker and app.state.run_sweeper
    background: list[Sweeper | BuildRunner] = [Sweeper(settings), BuildRunner(settings)] if embedded else []
    for worker in background:
        worker.start()
    yield
    for worker in background:
        worker.close()


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    return "; ".join(parts)


def _jsonable_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg")), "type": str(e.get("type"))} for e in errors]


def add_error_handlers(app: FastAPI) -> None:
    def respond(request: Request, exc: AppError) -> Response:
        """Every error the service answers with, as a GOV.UK page on the web pages and the disclosure log, as
        JSON on the API: the database's own errors come here too, as the AppError they mean."""
        if is_web_page(request.url.path):
            response = web_error(request, exc)
        elif request.url.path.startswith("/disclosure-log"):
            heading = "Page not found" if exc.status_code == 404 else "Sorry, there is a problem"
            response = page("error.html", status_code=exc.status_code, heading=heading, detail=exc.detail)
        else:
            response = JSONResponse(api_body(request, exc), status_code=exc.status_code)
        if isinstance(exc, TooManyRequests):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        return respond(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, BodyTooLarge):
            return respond(request, too_large(None, get_settings()))
        if is_web_page(request.url.path):
            return error_page(request, exc.status_code, _WEB_HTTP_DETAIL.get(exc.status_code, str(exc.detail)))
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        if is_web_page(request.url.path):
            # A malformed address (say /cases/abc) is a page that does not exist; a malformed form is a 422.
            in_path = any(e.get("loc", ("",))[0] in {"path", "query"} for e in errors)
            detail = _validation_message(errors)
            return error_page(request, 404 if in_path else 422, _WEB_HTTP_DETAIL[404] if in_path else detail)
        return JSONResponse(
            {
                "error": "validation_error",
                "detail": _validation_message(errors),
                "errors": _jsonable_errors(errors),
            },
            status_code=422,
        )

    @app.exception_handler(StaleDataError)
    async def stale(request: Request, _exc: StaleDataError) -> Response:
        detail = "Someone else changed this record at the same moment. Fetch it again and retry."
        return respond(request, Conflict(detail, rule="stale_version"))

    @app.exception_handler(IntegrityError)
    async def integrity(request: Request, exc: IntegrityError) -> Response:
        log.warning("integrity error: %s", exc.orig)
        return respond(request, Conflict("That change conflicts with data saved at the same moment; retry."))

    @app.exception_handler(DataError)
    async def unstorable(request: Request, exc: DataError) -> Response:
        # A value the database cannot hold (a NUL character in text, a number out of range): the caller's to fix.
        log.info("data error: %s", exc.orig)
        detail = "A value in the request cannot be stored (for example, it contains a NUL character)."
        return respond(request, Unprocessable(detail, rule="unstorable_value"))

    @app.exception_handler(OperationalError)
    async def unavailable(request: Request, exc: DBAPIError) -> Response:
        log.error("database unavailable: %s", exc.orig)
        detail = "The database is not reachable just now; try again in a minute."
        response = respond(request, ServiceUnavailable(detail))
        response.headers["Retry-After"] = "5"
        return response


# What a 422 really looks like, documented in place of FastAPI's default shape: a malformed request (error
# "validation_error", with the errors per field) or a rule of law or process broken (error "unprocessable", rule).
VALIDATION_ERROR_SCHEMA: dict[str, Any] = {
    "title": "HTTPValidationError",
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "enum": ["validation_error", "unprocessable"]},
        "detail": {"type": "string", "description": "What is wrong, in words."},
        "rule": {
            "type": "string",
            "description": "The rule broken (unprocessable only); the API description lists every code.",
        },
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
}


def _document_error_bodies(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            schema.setdefault("components", {}).setdefault("schemas", {})["HTTPValidationError"] = (
                VALIDATION_ERROR_SCHEMA
            )
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


class InFlightLimit:
    """Admit at most as many requests as the process has database connections; the rest wait their turn here,
    holding neither a thread nor a connection.

    A sync request hops between worker threads (dependencies, endpoint, response check) while its transaction
    holds a pooled connection and perhaps a row lock. Were requests in flight to outnumber connections and threads,
    every worker thread could be waiting for a connection or that lock while the transaction holding it waits for
    a thread: a deadlock that only the pool timeout broke, as a 500 (found by 50 concurrent creates in
    tests/test_concurrency.py). Below both limits, a thread is always free for the transaction that can finish."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.semaphore: RunVar[anyio.Semaphore] = RunVar("foi_in_flight")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            semaphore = self.semaphore.get()
        except LookupError:
            threads = int(anyio.to_thread.current_default_thread_limiter().total_tokens)
            semaphore = anyio.Semaphore(max(1, min(POOL_SIZE + POOL_OVERFLOW, threads - 1)))
            self.semaphore.set(semaphore)
        async with semaphore:
            await self.app(scope, receive, send)


def create_app(*, run_sweeper: bool = True) -> FastAPI:
    app = FastAPI(
        title="FOI casework",
        summary="Freedom of Information requests end to end: the statutory clock, exemptions, decisions, reviews.",
        description=openapi_description(),
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.run_sweeper = run_sweeper
    app.add_middleware(InFlightLimit)
    # Outside the in-flight limit: an oversized body is refused without waiting for a turn.
    app.add_middleware(BodyLimit)
    app.add_middleware(SlowRefusals)
    # Outermost, so every answer carries them, the refusals above included.
    app.add_middleware(SecurityHeaders, https=get_settings().public_base_url.startswith("https://"))
    add_error_handlers(app)
    _document_error_bodies(app)
    for router in (
        auth_router,
        request_router,
        calculator_router,
        document_router,
        bundle.router,
        bundle.public,
        review_router,
        audit_router,
        exemption_router,
        holiday_router,
        letter_router,
        publishing_router,
        personal_data_router,
        disclosure_log_router,
        reminder_router,
        statistics_router,
        web_router,
    ):
        app.include_router(router)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        """Liveness and database reachability, for load balancers."""
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}

    return app
