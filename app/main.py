"""The FastAPI application: routers, error handlers and what is loaded once at start-up."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app.audit.router import router as audit_router
from app.auth.router import router as auth_router
from app.config import check_authority_settings, get_settings
from app.db import get_engine
from app.document.router import router as document_router
from app.errors import AppError
from app.exemption.catalogue import load_catalogue
from app.exemption.router import router as exemption_router
from app.foi_request.router import router as request_router
from app.holiday.router import router as holiday_router
from app.letter.builder import KINDS
from app.letter.render import check_templates
from app.letter.router import router as letter_router
from app.publishing.router import api as publishing_router
from app.publishing.router import page
from app.publishing.router import public as disclosure_log_router
from app.reminder.jobs import Sweeper
from app.reminder.router import router as reminder_router
from app.reminder.rules import load_rules
from app.review.router import router as review_router
from app.statistics.router import router as statistics_router

log = logging.getLogger("app")
STATIC = Path(__file__).parent / "static"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # A broken exemption file, template or authority setting stops start-up with the fault named, rather than
    # failing a ruling or printing a broken letter later.
    settings = get_settings()
    app.state.catalogue = load_catalogue(settings.exemptions_dir)
    check_authority_settings(settings)
    check_templates(settings.letter_templates_dir, KINDS)
    load_rules(settings.reminder_rules)
    sweeper = Sweeper(settings) if settings.embedded_worker and app.state.run_sweeper else None
    if sweeper is not None:
        sweeper.start()
    yield
    if sweeper is not None:
        sweeper.close()


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    return "; ".join(parts)


def _jsonable_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg")), "type": str(e.get("type"))} for e in errors]


def add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        if request.url.path.startswith("/disclosure-log"):
            heading = "Page not found" if exc.status_code == 404 else "Sorry, there is a problem"
            return page("error.html", status_code=exc.status_code, heading=heading, detail=exc.detail)
        return JSONResponse(exc.to_body(), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        return JSONResponse(
            {
                "error": "validation_error",
                "detail": _validation_message(errors),
                "errors": _jsonable_errors(errors),
            },
            status_code=422,
        )

    @app.exception_handler(StaleDataError)
    async def stale(_request: Request, _exc: StaleDataError) -> JSONResponse:
        return JSONResponse(
            {
                "error": "conflict",
                "rule": "stale_version",
                "detail": "Someone else changed this record at the same moment. Fetch it again and retry.",
            },
            status_code=409,
        )

    @app.exception_handler(IntegrityError)
    async def integrity(_request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error: %s", exc.orig)
        return JSONResponse(
            {
                "error": "conflict",
                "detail": "That change conflicts with data saved at the same moment; retry.",
            },
            status_code=409,
        )

    @app.exception_handler(OperationalError)
    async def unavailable(_request: Request, exc: DBAPIError) -> JSONResponse:
        log.error("database unavailable: %s", exc.orig)
        return JSONResponse(
            {
                "error": "service_unavailable",
                "detail": "The database is not reachable just now; try again shortly.",
            },
            status_code=503,
            headers={"Retry-After": "5"},
        )


def create_app(*, run_sweeper: bool = True) -> FastAPI:
    app = FastAPI(
        title="FOI casework",
        summary="Freedom of Information requests end to end: the statutory clock, exemptions, decisions, reviews.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.run_sweeper = run_sweeper
    add_error_handlers(app)
    for router in (
        auth_router,
        request_router,
        document_router,
        review_router,
        audit_router,
        exemption_router,
        holiday_router,
        letter_router,
        publishing_router,
        disclosure_log_router,
        reminder_router,
        statistics_router,
    ):
        app.include_router(router)

    # Swagger UI is served from the package, not a CDN: public-sector networks often block CDNs.
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="FOI casework – API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
            oauth2_redirect_url=None,
        )

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        """Liveness and database reachability, for load balancers."""
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}

    return app
