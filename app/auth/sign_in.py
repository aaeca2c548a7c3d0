"""Passwords and browser sessions for the web pages. API tokens (service.py) are unaffected.

A session is a row: the cookie holds a random id signed with the app's secret key, the table holds its SHA-256,
so signing out, deactivating a user or an idle timeout ends it on every app process at once.
"""

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
import threading
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from itsdangerous import BadSignature, Signer
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.audit.service import record
from app.auth import throttle
from app.auth.models import User, WebSession
from app.config import Settings
from app.db import after_reads, finish_reads, utcnow
from app.errors import TooManyRequests, Unprocessable

# NCSC password guidance: length over complexity rules; staff can use three random words.
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"

_hasher = PasswordHash((Argon2Hasher(),))
# Verified when the email is unknown, so that a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password-used-for-timing")


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Unprocessable(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters; three random words work well.",
            rule="password_too_short",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise Unprocessable(
            f"The password must be {MAX_PASSWORD_LENGTH} characters or fewer.", rule="password_too_long"
        )
    if password.casefold() in common_passwords():
        raise Unprocessable(
            "That password is one of the most common and is among the first an attacker tries. Choose another: "
            "three random words work well.",
            rule="password_too_common",
        )


@lru_cache
def common_passwords() -> frozenset[str]:
    """The deny-list, one password a line (where it comes from: data/README.md). It holds only passwords long
    enough to pass the length rule, since shorter ones are refused anyway."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.casefold() for line in lines if line)


def set_password(session: Session, user: User, password: str, actor: User | None) -> None:
    check_password_rules(password)
    user.password_hash = _hasher.hash(password)
    # A new password ends every existing browser session of that user.
    session.execute(
        update(WebSession)
        .where(WebSession.user_id == user.id, WebSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    record(session, entity="user", entity_id=user.id, action="password_set", actor=actor, request_id=None)


def authenticate(session: Session, email: str, password: str, *, address: str, settings: Settings) -> User | None:
    """The user whose email and password these are, or None; raises TooManyRequests while the account or the
    client address is throttled (even for the right password).

    The hash is checked between transactions: argon2 is slow on purpose, and on SQLite a unit of work that may
    write holds the write lock from its first statement, so checking inside it would make every other writer
    wait for each guess. The reads end first; the outcome is written in a new transaction."""
    now = utcnow()
    throttle.refuse_if_locked(session, email, address, settings, now)
    user = session.scalar(select(User).where(User.email == throttle.normalise_email(email)))
    stored = user.password_hash if user is not None and user.active else None
    finish_reads(session)
    valid, new_hash = _check_password(password, stored, settings)
    if user is None or not valid:
        throttle.record_failure(session, email, address, settings, now)
        return None
    throttle.clear_account(session, email)
    if new_hash is not None:  # the hasher's parameters were raised since this hash was made
        user.password_hash = new_hash
    return user


_hashing_lock = threading.Lock()
_hashing: dict[int, threading.BoundedSemaphore] = {}


def _check_password(password: str, stored: str | None, settings: Settings) -> tuple[bool, str | None]:
    """Verify against the stored hash (the dummy one for no account), at most FOI_PASSWORD_CHECKS_AT_ONCE at a
    time in this process: a flood of guesses then takes that much CPU and no more, and the signed-in users'
    pages keep the rest. A guess that cannot get a turn in time is told to try again shortly."""
    with _hashing_lock:
        slots = _hashing.setdefault(
            settings.password_checks_at_once, threading.BoundedSemaphore(settings.password_checks_at_once)
        )
    if not slots.acquire(timeout=settings.password_check_wait_seconds):
        raise TooManyRequests(
            "Too many people are signing in at this moment. Wait a few seconds and try again.",
            retry_after=max(1, round(settings.password_check_wait_seconds)),
            rule="sign_in_busy",
        )
    try:
        if stored is None:
            _hasher.verify(password, _DUMMY_HASH)
            return False, None
        return _hasher.verify_and_update(password, stored)
    finally:
        slots.release()


@lru_cache
def _signer(secret: str) -> Signer:
    return Signer(secret, salt="foi-web-session")


def secret_key(settings: Settings) -> str:
    return settings.secret_key or _generated_key(settings.secret_key_file)


@lru_cache
def _generated_key(path: Path) -> str:
    """A single machine's key, made on first use: read once per process, not on every signed-in request.

    Written whole and then linked into place, so a second process starting at the same moment reads the winner's
    key, never an empty file."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            os.unlink(draft)
    return path.read_text().strip()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, settings: Settings) -> tuple[str, WebSession]:
    """A new session for a user who has just proved who they are; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    web_session = WebSession(
        token_hash=_hash(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=settings.session_max_hours),
    )
    session.add(web_session)
    session.flush()
    record(session, entity="user", entity_id=user.id, action="signed_in", actor=user, request_id=None)
    return _signer(secret_key(settings)).sign(token).decode(), web_session


def session_for_cookie(session: Session, cookie: str | None, settings: Settings) -> WebSession | None:
    """The live session a cookie names, or None when it is forged, ended, idle too long or past its limit."""
    if not cookie:
        return None
    try:
        token = _signer(secret_key(settings)).unsign(cookie).decode()
    except (BadSignature, UnicodeDecodeError):
        return None
    web_session = session.scalar(
        select(WebSession).where(WebSession.token_hash == _hash(token)).options(joinedload(WebSession.user))
    )
    if web_session is None or web_session.revoked_at is not None or not web_session.user.active:
        return None
    now = utcnow()
    idle_limit = web_session.last_seen_at + timedelta(minutes=settings.session_idle_minutes)
    if now >= web_session.expires_at or now >= idle_limit:
        return None
    # Touch at most once a minute: a page view should not always be a write.
    if now - web_session.last_seen_at > timedelta(minutes=1):
        session_id = web_session.id
        after_reads(
            session,
            lambda s: s.execute(update(WebSession).where(WebSession.id == session_id).values(last_seen_at=now)),
        )
        set_committed_value(web_session, "last_seen_at", now)
    return web_session


def end_session(session: Session, web_session: WebSession) -> None:
    web_session.revoked_at = utcnow()
    record(
        session,
        entity="user",
        entity_id=web_session.user_id,
        action="signed_out",
        actor=web_session.user,
        request_id=None,
    )


def csrf_matches(web_session: WebSession, submitted: str | None) -> bool:
    return submitted is not None and hmac.compare_digest(web_session.csrf_token, submitted)


def idle_deadline(web_session: WebSession, settings: Settings) -> datetime:
    return min(web_session.expires_at, web_session.last_seen_at + timedelta(minutes=settings.session_idle_minutes))
