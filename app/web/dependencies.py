"""Who is signed in to the web pages, what they may do, and the CSRF check on every form."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request

from app.auth.dependencies import SessionDep
from app.auth.models import Role, User, WebSession
from app.auth.roles import ADMINS, CASE_OFFICERS, DECIDERS, OPINION_RECORDERS
from app.auth.sign_in import csrf_matches, session_for_cookie
from app.config import get_settings
from app.errors import AppError, Forbidden

COOKIE = "foi_session"


@dataclass(frozen=True)
class WebIdentity:
    id: int
    name: str
    role: str
    csrf_token: str


class SignInRequired(AppError):
    """Not signed in, or the session has ended: the handler sends the browser to sign in, then back."""

    status_code = 303
    error = "sign_in_required"

    def __init__(self, next_path: str) -> None:
        super().__init__("Sign in to continue.")
        self.location = f"/sign-in?next={quote(next_path, safe='/')}"


def _return_path(request: Request) -> str:
    # After signing in, come back to the page: for a form post, the page the form is on (same path).
    path = request.url.path
    if request.method == "GET" and request.url.query:
        path += "?" + request.url.query
    return path


def web_session(request: Request, session: SessionDep) -> WebSession:
    found = session_for_cookie(session, request.cookies.get(COOKIE), get_settings())
    if found is None:
        raise SignInRequired(_return_path(request))
    # What the page chrome needs, copied now: an error page may render after the unit of work has ended.
    request.state.web_identity = WebIdentity(found.user.id, found.user.name, found.user.role, found.csrf_token)
    return found


SignedInSession = Annotated[WebSession, Depends(web_session)]


def signed_in_user(web: SignedInSession) -> User:
    return web.user


def require(*roles: Role) -> Callable[[User], User]:
    names = " or ".join(r.value.replace("_", " ") for r in roles)

    def check(user: Annotated[User, Depends(signed_in_user)]) -> User:
        if user.role not in roles:
            raise Forbidden(f"This page is for the {names} role; you are signed in as {user.role.replace('_', ' ')}.")
        return user

    return check


SignedIn = Annotated[User, Depends(signed_in_user)]
WebOfficer = Annotated[User, Depends(require(*CASE_OFFICERS))]
WebReviewer = Annotated[User, Depends(require(*DECIDERS))]
WebOpinionGiver = Annotated[User, Depends(require(*OPINION_RECORDERS))]
WebAdmin = Annotated[User, Depends(require(*ADMINS))]


class CsrfFailed(AppError):
    status_code = 403
    error = "csrf_failed"


def check_csrf(web: SignedInSession, csrf_token: Annotated[str | None, Form()] = None) -> None:
    if not csrf_matches(web, csrf_token):
        raise CsrfFailed(
            "This form was out of date or did not come from this service. Go back, reload the page and try again."
        )


CsrfChecked = Depends(check_csrf)


async def form_fields(request: Request) -> dict[str, str]:
    """The posted form as plain strings (files are not accepted on these forms)."""
    form = await request.form()
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}


async def form_lists(request: Request) -> dict[str, list[str]]:
    """The posted form with every value of repeated fields (checkboxes)."""
    form = await request.form()
    lists: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            lists.setdefault(key, []).append(value)
    return lists


FormFields = Annotated[dict[str, str], Depends(form_fields)]
FormLists = Annotated[dict[str, list[str]], Depends(form_lists)]
