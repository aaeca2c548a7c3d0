"""Users and API tokens. Tokens are random; only their SHA-256 is stored."""

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.service import record
from app.audit.snapshot import snapshot
from app.auth.models import ApiToken, Role, User
from app.db import utcnow
from app.errors import Conflict, NotFound, Unprocessable

TOKEN_PREFIX = "foi_"  # noqa: S105 - a visible prefix, not a secret


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_role(role: str) -> str:
    if role not in Role.__members__:
        known = ", ".join(Role.__members__)
        raise Unprocessable(f"Unknown role {role!r}. Choose one of: {known}.", rule="unknown_role")
    return role


TEAM_MAX_LENGTH = 100


JOB_TITLE_MAX_LENGTH = 200


def _clean_team(team: str | None) -> str | None:
    """A team name, or None for no team (blank counts as none)."""
    cleaned = (team or "").strip()
    if len(cleaned) > TEAM_MAX_LENGTH:
        raise Unprocessable(f"A team name is at most {TEAM_MAX_LENGTH} characters.", rule="team_too_long")
    return cleaned or None


def _clean_job_title(title: str | None) -> str | None:
    """A job title for signing letters, or None (blank counts as none); one line, since a signature is."""
    cleaned = " ".join((title or "").split())
    if len(cleaned) > JOB_TITLE_MAX_LENGTH:
        raise Unprocessable(f"A job title is at most {JOB_TITLE_MAX_LENGTH} characters.", rule="job_title_too_long")
    return cleaned or None


def create_user(
    session: Session,
    *,
    name: str,
    email: str,
    role: str,
    actor: User | None,
    team: str | None = None,
    job_title: str | None = None,
) -> User:
    _check_role(role)
    email = email.strip().lower()
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise Conflict(f"A user with email {email} already exists.", rule="duplicate_email")
    user = User(name=name.strip(), email=email, role=role, active=True, team=_clean_team(team))
    user.job_title = _clean_job_title(job_title)
    session.add(user)
    session.flush()
    record(session, actor=actor, entity="user", entity_id=user.id, action="created", after=snapshot(user))
    return user


def update_user(
    session: Session,
    user: User,
    *,
    role: str | None,
    active: bool | None,
    name: str | None,
    actor: User,
    team: str | None = None,
    job_title: str | None = None,
) -> User:
    """Change what is given; ``None`` keeps a field, and ``team=""`` (``job_title=""``) removes it."""
    before = snapshot(user)
    if role is not None:
        user.role = _check_role(role)
    if active is not None:
        if user.id == actor.id and not active:
            raise Unprocessable("You cannot deactivate your own account.", rule="self_deactivation")
        user.active = active
    if name is not None:
        user.name = name.strip()
    if team is not None:
        user.team = _clean_team(team)
    if job_title is not None:
        user.job_title = _clean_job_title(job_title)
    session.flush()
    record(
        session,
        actor=actor,
        entity="user",
        entity_id=user.id,
        action="updated",
        before=before,
        after=snapshot(user),
    )
    return user


def issue_token(session: Session, user: User, *, label: str = "", actor: User | None) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label))
    session.flush()
    record(session, actor=actor, entity="user", entity_id=user.id, action="token_issued", after={"label": label})
    return token


def revoke_tokens(session: Session, user: User, *, actor: User) -> int:
    tokens = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))).all()
    for token in tokens:
        token.revoked_at = utcnow()
    record(
        session,
        actor=actor,
        entity="user",
        entity_id=user.id,
        action="tokens_revoked",
        after={"count": len(tokens)},
    )
    return len(tokens)


def user_for_token(session: Session, token: str) -> User | None:
    return session.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None), User.active.is_(True))
    )


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user with id {user_id}.")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))
