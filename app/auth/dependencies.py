"""Who is calling, and may they? Every API route except the public ones depends on these."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.auth.models import Role, User
from app.auth.roles import ADMINS, CASE_OFFICERS, DECIDERS, OPINION_RECORDERS
from app.auth.service import user_for_token
from app.db import get_session
from app.errors import Forbidden, Unauthorised

bearer = HTTPBearer(
    auto_error=False, description="An API token from `foi users create` or POST /api/v1/users/{id}/tokens"
)

SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def current_user(
    session: SessionDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorised("Send your API token as 'Authorization: Bearer <token>'.")
    user = user_for_token(session, credentials.credentials)
    if user is None:
        raise Unauthorised("That API token is not valid, has been revoked, or belongs to a deactivated user.")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_roles(*roles: Role) -> Callable[[User], User]:
    names = " or ".join(r.value for r in roles)

    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden(f"This action needs the {names} role; you are signed in as {user.role}.")
        return user

    return check


Officer = Annotated[User, Depends(require_roles(*CASE_OFFICERS))]
Reviewer = Annotated[User, Depends(require_roles(*DECIDERS))]
Admin = Annotated[User, Depends(require_roles(*ADMINS))]
OpinionGiver = Annotated[User, Depends(require_roles(*OPINION_RECORDERS))]
