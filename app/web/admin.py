"""Admin: the people who use the service, their roles, teams and passwords."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import EmailStr, TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from app.auth import service, throttle
from app.auth.dependencies import SessionDep
from app.auth.models import User
from app.auth.sign_in import MIN_PASSWORD_LENGTH, check_password_rules, set_password
from app.config import get_settings
from app.db import utcnow
from app.dependencies import RowId
from app.errors import Unprocessable
from app.web.dependencies import CsrfChecked, FormFields, WebAdmin
from app.web.forms import FormErrors, add_app_error, attempt
from app.web.templating import render

router = APIRouter(include_in_schema=False)
UserId = RowId
ROLES = {
    "officer": "Officer: logs and runs cases, issues letters",
    "reviewer": "Reviewer: decides on documents",
    "qualified_person": "Qualified person: gives s36 opinions and decides",
    "admin": "Admin: everything an officer does, plus users",
}
_email = TypeAdapter(EmailStr)


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, session: SessionDep, _admin: WebAdmin) -> HTMLResponse:
    return render(request, "admin_users.html", title="Users", users=service.list_users(session), roles=ROLES)


def _user_page(
    request: Request,
    form: dict[str, Any],
    user: User | None,
    errors: FormErrors | None = None,
    status_code: int = 200,
    locked_until: datetime | None = None,
) -> HTMLResponse:
    title = f"Change {user.name}" if user else "Add a user"
    return render(
        request,
        "admin_user.html",
        status_code=status_code,
        title=title,
        form=form,
        user=user,
        roles=ROLES,
        errors=errors,
        locked_until=locked_until,
    )


def _check(fields: dict[str, str], errors: FormErrors, *, new: bool) -> None:
    if not fields.get("name", "").strip():
        errors.add("name", "Enter the person's full name")
    elif len(fields["name"]) > 200:
        errors.add("name", "The name must be 200 characters or fewer")
    if new:
        try:
            _email.validate_python(fields.get("email", "").strip())
        except ValidationError:
            errors.add("email", "Enter an email address in the correct format, like name@example.org")
    if fields.get("role") not in ROLES:
        errors.add("role", "Choose a role")
    if len(fields.get("team", "").strip()) > service.TEAM_MAX_LENGTH:
        errors.add("team", f"The team must be {service.TEAM_MAX_LENGTH} characters or fewer")
    if len(" ".join(fields.get("job_title", "").split())) > service.JOB_TITLE_MAX_LENGTH:
        errors.add("job_title", f"The job title must be {service.JOB_TITLE_MAX_LENGTH} characters or fewer")
    password = fields.get("password", "")
    if new and not password:
        errors.add("password", f"Enter a password for their first sign-in (at least {MIN_PASSWORD_LENGTH} characters)")
    elif password:
        try:
            check_password_rules(password)
        except Unprocessable as exc:  # the service's own rule, shown GOV.UK-style (no full stop)
            errors.add("password", exc.detail.rstrip("."))


@router.get("/admin/users/new", response_class=HTMLResponse)
def new_user_form(request: Request, _admin: WebAdmin) -> HTMLResponse:
    return _user_page(request, {"role": "officer"}, None)


@router.post("/admin/users/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def add_user(request: Request, session: SessionDep, admin: WebAdmin, fields: FormFields) -> Response:
    errors = FormErrors()
    _check(fields, errors, new=True)
    if errors:
        return _user_page(request, fields, None, errors, 422)

    def create() -> User:
        user = service.create_user(
            session,
            name=fields["name"],
            email=fields["email"],
            role=fields["role"],
            team=fields.get("team") or None,
            job_title=fields.get("job_title") or None,
            actor=admin,
        )
        set_password(session, user, fields["password"], actor=admin)
        return user

    _, problem = attempt(session, create)
    if problem is not None:
        add_app_error(errors, problem, {"duplicate_email": "email"})
        return _user_page(request, fields, None, errors, problem.status_code)
    return RedirectResponse("/admin/users?added=1", status_code=303)


def _load(session: Session, user_id: int) -> User:
    return service.get_user(session, user_id)


@router.get("/admin/users/{user_id}", response_class=HTMLResponse)
def edit_user_form(user_id: UserId, request: Request, session: SessionDep, _admin: WebAdmin) -> HTMLResponse:
    user = _load(session, user_id)
    form = {
        "name": user.name,
        "role": user.role,
        "team": user.team or "",
        "job_title": user.job_title or "",
        "active": "yes" if user.active else "no",
    }
    locked = throttle.account_locked_until(session, user, get_settings(), utcnow())
    return _user_page(request, form, user, locked_until=locked)


@router.post("/admin/users/{user_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def edit_user(user_id: UserId, request: Request, session: SessionDep, admin: WebAdmin, fields: FormFields) -> Response:
    user = _load(session, user_id)
    errors = FormErrors()
    _check(fields, errors, new=False)
    if fields.get("active") not in ("yes", "no"):
        errors.add("active", "Choose whether they can sign in")
    if errors:
        return _user_page(request, fields, user, errors, 422)

    def change() -> User:
        service.update_user(
            session,
            user,
            name=fields["name"],
            role=fields["role"],
            active=fields["active"] == "yes",
            team=fields.get("team", ""),
            job_title=fields.get("job_title", ""),
            actor=admin,
        )
        if fields.get("password"):
            set_password(session, user, fields["password"], actor=admin)
        return user

    _, problem = attempt(session, change)
    if problem is not None:
        add_app_error(errors, problem, {"self_deactivation": "active"})
        return _user_page(request, fields, user, errors, problem.status_code)
    return RedirectResponse("/admin/users?changed=1", status_code=303)


@router.post("/admin/users/{user_id}/sign-in-unlock", dependencies=[CsrfChecked])
def unlock_sign_in(user_id: UserId, session: SessionDep, admin: WebAdmin) -> RedirectResponse:
    throttle.unlock(session, _load(session, user_id), actor=admin)
    return RedirectResponse("/admin/users?unlocked=1", status_code=303)
