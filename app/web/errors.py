"""Errors on the web pages: a GOV.UK-style page, or a trip to sign in and back."""

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.errors import AppError
from app.web.dependencies import SignInRequired
from app.web.templating import render

API_AND_PUBLIC_PREFIXES = ("/api/", "/disclosure-log", "/static/", "/docs", "/openapi.json", "/healthz")
TITLES = {
    403: "You cannot do that",
    404: "Page not found",
    409: "This case has changed",
    422: "There is a problem",
    503: "Sorry, the service is unavailable",
}


def is_web_page(path: str) -> bool:
    return not path.startswith(API_AND_PUBLIC_PREFIXES)


def web_error(request: Request, exc: AppError) -> Response:
    if isinstance(exc, SignInRequired):
        return RedirectResponse(exc.location, status_code=303)
    return error_page(request, exc.status_code, exc.detail)


def error_page(request: Request, status_code: int, detail: str) -> HTMLResponse:
    title = TITLES.get(status_code, "Sorry, there is a problem")
    return render(request, "error.html", status_code=status_code, title=title, detail=detail)
