"""Sign in and sign out. The sign-in form has its own CSRF token (a cookie and a field that must match)."""

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.auth.dependencies import SessionDep
from app.auth.sign_in import authenticate, end_session, session_for_cookie, start_session
from app.config import Settings, get_settings
from app.errors import TooManyRequests
from app.web.dependencies import COOKIE, CsrfChecked, SignedInSession
from app.web.forms import FormErrors
from app.web.templating import render

router = APIRouter(include_in_schema=False)
PRE_SESSION_COOKIE = "foi_sign_in_csrf"


def safe_next(next_path: str | None) -> str:
    """Only a path on this service: never an open redirect to another site."""
    if next_path and next_path.startswith("/") and not next_path.startswith("//") and "\\" not in next_path:
        return next_path
    return "/dashboard"


def _secure(settings: Settings) -> bool:
    return (
        settings.cookie_secure if settings.cookie_secure is not None else settings.public_base_url.startswith("https")
    )


def _sign_in_page(
    request: Request, next_path: str, errors: FormErrors | None = None, email: str = "", status_code: int = 200
) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "sign_in.html",
        status_code=status_code,
        title="Sign in",
        next_path=next_path,
        errors=errors,
        email=email,
        sign_in_token=token,
        expired=request.query_params.get("next") is not None and COOKIE in request.cookies,
    )
    settings = get_settings()
    response.set_cookie(PRE_SESSION_COOKIE, token, httponly=True, samesite="strict", secure=_secure(settings))
    return response


def client_address(request: Request) -> str:
    """The address sign-in failures are counted against (uvicorn puts a trusted proxy's client here)."""
    return request.client.host if request.client is not None else "unknown"


@router.get("/")
def home(request: Request, session: SessionDep) -> RedirectResponse:
    signed_in = session_for_cookie(session, request.cookies.get(COOKIE), get_settings()) is not None
    return RedirectResponse("/dashboard" if signed_in else "/sign-in", status_code=303)


@router.get("/sign-in")
def sign_in_form(
    request: Request, session: SessionDep, next_path: Annotated[str | None, Query(alias="next", max_length=2000)] = None
) -> Response:
    if session_for_cookie(session, request.cookies.get(COOKIE), get_settings()) is not None:
        return RedirectResponse(safe_next(next_path), status_code=303)
    return _sign_in_page(request, safe_next(next_path))


@router.post("/sign-in")
def sign_in(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next_path: Annotated[str, Form(alias="next", max_length=2000)] = "/dashboard",
    sign_in_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    settings = get_settings()
    errors = FormErrors()
    expected = request.cookies.get(PRE_SESSION_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, sign_in_token):
        errors.add(None, "The sign-in form had expired. Enter your email address and password again.")
        return _sign_in_page(request, safe_next(next_path), errors, email, status_code=403)
    if not email.strip():
        errors.add("email", "Enter your email address")
    if not password:
        errors.add("password", "Enter your password")
    if errors:
        return _sign_in_page(request, safe_next(next_path), errors, email, status_code=422)
    try:
        user = authenticate(session, email, password, address=client_address(request), settings=settings)
    except TooManyRequests as exc:
        errors.add(None, exc.detail)
        refused = _sign_in_page(request, safe_next(next_path), errors, email, status_code=exc.status_code)
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    if user is None:
        errors.add("email", "Enter a correct email address and password")
        return _sign_in_page(request, safe_next(next_path), errors, email, status_code=422)
    cookie, _ = start_session(session, user, settings)
    response = RedirectResponse(safe_next(next_path), status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        httponly=True,
        samesite="lax",
        secure=_secure(settings),
        max_age=settings.session_max_hours * 3600,
    )
    response.delete_cookie(PRE_SESSION_COOKIE)
    return response


@router.post("/sign-out", dependencies=[CsrfChecked])
def sign_out(web: SignedInSession, session: SessionDep) -> RedirectResponse:
    end_session(session, web)
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(COOKIE)
    return response
