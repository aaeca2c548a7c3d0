from fastapi import APIRouter, status

from app.auth import service, throttle
from app.auth.dependencies import Admin, CurrentUser, SessionDep
from app.auth.schemas import TokenIn, TokenOut, UserCreate, UserOut, UserUpdate
from app.dependencies import RowId

router = APIRouter(prefix="/api/v1", tags=["users"])
UserId = RowId


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    """Who the token belongs to."""
    return UserOut.model_validate(user)


@router.get("/users", response_model=list[UserOut])
def list_users(session: SessionDep, _admin: Admin) -> list[UserOut]:
    """All users (admins only)."""
    return [UserOut.model_validate(u) for u in service.list_users(session)]


@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=TokenOut)
def create_user(data: UserCreate, session: SessionDep, admin: Admin) -> TokenOut:
    """Add a user with a role; the response carries their first API token (shown once)."""
    user = service.create_user(
        session,
        name=data.name,
        email=data.email,
        role=data.role,
        team=data.team,
        job_title=data.job_title,
        actor=admin,
    )
    token = service.issue_token(session, user, label="initial", actor=admin)
    return TokenOut(user=UserOut.model_validate(user), token=token)


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(user_id: UserId, data: UserUpdate, session: SessionDep, admin: Admin) -> UserOut:
    """Change a user's name, role, team, job title or whether they can sign in."""
    user = service.get_user(session, user_id)
    # A team given as null removes it (the service reads "" as "no team"); a team left out is kept.
    team = (data.team or "") if "team" in data.model_fields_set else None
    job_title = (data.job_title or "") if "job_title" in data.model_fields_set else None
    changed = service.update_user(
        session,
        user,
        role=data.role,
        active=data.active,
        name=data.name,
        team=team,
        job_title=job_title,
        actor=admin,
    )
    return UserOut.model_validate(changed)


@router.post("/users/{user_id}/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenOut)
def issue_token(user_id: UserId, data: TokenIn, session: SessionDep, admin: Admin) -> TokenOut:
    """Issue another API token for a user (shown once)."""
    user = service.get_user(session, user_id)
    token = service.issue_token(session, user, label=data.label, actor=admin)
    return TokenOut(user=UserOut.model_validate(user), token=token)


@router.delete("/users/{user_id}/tokens", response_model=UserOut)
def revoke_tokens(user_id: UserId, session: SessionDep, admin: Admin) -> UserOut:
    """Revoke every API token of a user."""
    user = service.get_user(session, user_id)
    service.revoke_tokens(session, user, actor=admin)
    return UserOut.model_validate(user)


@router.post("/users/{user_id}/sign-in-unlock", response_model=UserOut)
def unlock_sign_in(user_id: UserId, session: SessionDep, admin: Admin) -> UserOut:
    """Let a user locked out by too many wrong passwords sign in again at once."""
    user = service.get_user(session, user_id)
    throttle.unlock(session, user, actor=admin)
    return UserOut.model_validate(user)
