from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit.snapshot import Audited
from app.db import Base, utcnow


class Role(StrEnum):
    officer = "officer"
    reviewer = "reviewer"
    qualified_person = "qualified_person"
    admin = "admin"


class User(Base, Audited):
    __tablename__ = "users"
    __audited__ = ("name", "email", "role", "active", "team", "job_title")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # argon2 hash for signing in to the web pages; None means the user has API tokens only.
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    # The governance team the user works in (statistics group by the assigned officer's team).
    team: Mapped[str | None] = mapped_column(String(100), default=None)
    # Signs the letters this person issues ("Information Governance Officer"); none: the authority's signatory.
    job_title: Mapped[str | None] = mapped_column(String(200), default=None)

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user")


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Only a SHA-256 of the token is kept: a leaked database does not leak working tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(back_populates="tokens")


class WebSession(Base):
    """A signed-in browser. Server-side so that signing out, deactivating a user or an admin can revoke it."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The cookie carries a random id signed with itsdangerous; only its SHA-256 is stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Synchronizer token for CSRF: every form posts it back; it dies with the session.
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship()


class SignInFailure(Base):
    """A wrong password (or an unknown email) at the sign-in form, counted per account and per client address to
    slow guessing. Rows older than the throttling window are deleted as new ones are written."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        Index("ix_sign_in_failures_account_at", "account", "at"),
        Index("ix_sign_in_failures_address_at", "address", "at"),
        Index("ix_sign_in_failures_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the normalised email, whether or not a user has it: people sometimes type a password into the
    # email box, and it should not be kept.
    account: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
