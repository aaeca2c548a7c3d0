"""Sign-in throttling: wrong passwords are rows, counted per account and per client address over a window.

An account is keyed by its normalised email whether or not a user has it, so a refusal says nothing about
who has an account. A refused attempt is not counted again and costs no password hash: a flood against a locked
account or from a blocked address is cheap to turn away and cannot grow the table.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.audit.service import record
from app.auth.models import SignInFailure, User
from app.config import Settings
from app.errors import TooManyRequests

MAX_ADDRESS_LENGTH = 64


def normalise_email(email: str) -> str:
    return email.strip().lower()


def account_key(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def locked_until(failures: Sequence[datetime], limit: int, window: timedelta) -> datetime | None:
    """When these failures stop refusing sign-in: once fewer than `limit` of them are younger than `window`.

    None when they refuse nothing now (fewer than `limit`). `failures` are the ones still inside the window."""
    if limit < 1 or len(failures) < limit:
        return None
    ordered = sorted(failures)
    return ordered[len(ordered) - limit] + window


@dataclass(frozen=True)
class Limits:
    per_account: int
    per_address: int
    window: timedelta

    @classmethod
    def of(cls, settings: Settings) -> "Limits":
        return cls(
            settings.sign_in_max_failures,
            settings.sign_in_max_failures_per_address,
            timedelta(minutes=settings.sign_in_window_minutes),
        )


def _recent(session: Session, column: InstrumentedAttribute[str], value: str, since: datetime) -> list[datetime]:
    query = select(SignInFailure.at).where(column == value, SignInFailure.at > since)
    return list(session.scalars(query))


def refuse_if_locked(session: Session, email: str, address: str, settings: Settings, now: datetime) -> None:
    """Raise TooManyRequests while the account or the client address has had too many wrong passwords."""
    limits = Limits.of(settings)
    since = now - limits.window
    account = locked_until(
        _recent(session, SignInFailure.account, account_key(email), since), limits.per_account, limits.window
    )
    if account is not None:
        raise TooManyRequests(
            "There have been too many attempts to sign in with this email address. Try again after "
            f"{_local(account, settings)}, or ask an administrator to unlock the account.",
            retry_after=_seconds_until(account, now),
            rule="sign_in_locked",
        )
    by_address = locked_until(
        _recent(session, SignInFailure.address, _address(address), since), limits.per_address, limits.window
    )
    if by_address is not None:
        raise TooManyRequests(
            "There have been too many wrong passwords from your network. Try again after "
            f"{_local(by_address, settings)}.",
            retry_after=_seconds_until(by_address, now),
            rule="sign_in_address_locked",
        )


def record_failure(session: Session, email: str, address: str, settings: Settings, now: datetime) -> None:
    """Count a wrong password, and delete the rows that have aged out of the window (so a flood cannot fill the
    table: what it holds is bounded by the failures one window allows)."""
    window = timedelta(minutes=settings.sign_in_window_minutes)
    session.execute(delete(SignInFailure).where(SignInFailure.at <= now - window))
    session.add(SignInFailure(account=account_key(email), address=_address(address), at=now))
    session.flush()


def clear_account(session: Session, email: str) -> int:
    """Forget an account's wrong passwords (after it signs in, or when an admin unlocks it)."""
    result = session.execute(delete(SignInFailure).where(SignInFailure.account == account_key(email)))
    return int(getattr(result, "rowcount", 0) or 0)


def account_locked_until(session: Session, user: User, settings: Settings, now: datetime) -> datetime | None:
    limits = Limits.of(settings)
    failures = _recent(session, SignInFailure.account, account_key(user.email), now - limits.window)
    return locked_until(failures, limits.per_account, limits.window)


def unlock(session: Session, user: User, *, actor: User) -> int:
    """An admin lets a locked-out user try again at once; returns how many failures were forgotten."""
    cleared = clear_account(session, user.email)
    record(
        session,
        actor=actor,
        entity="user",
        entity_id=user.id,
        action="sign_in_unlocked",
        after={"failures_cleared": cleared},
    )
    return cleared


def _address(address: str) -> str:
    return address[:MAX_ADDRESS_LENGTH]


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, ceil((moment - now).total_seconds()))


def _local(moment: datetime, settings: Settings) -> str:
    # Rounded up to the minute: "try again after 14:36" must not be refused at 14:36.
    shown = moment.replace(second=0, microsecond=0)
    if shown < moment:
        shown += timedelta(minutes=1)
    local = shown.astimezone(ZoneInfo(settings.timezone))
    return f"{local:%H:%M} on {local.day} {local:%B %Y} (UK time)"
