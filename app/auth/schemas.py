from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field

from app.auth.models import Role
from app.schemas import InModel, NonEmptyStr, OutModel


class UserCreate(InModel):
    name: Annotated[NonEmptyStr, Field(max_length=200)]
    email: EmailStr
    role: Role
    team: Annotated[str, Field(max_length=100)] | None = Field(
        default=None, description="The governance team (statistics group by the assigned officer's team)."
    )
    job_title: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="Signs the letters they issue; without one, letters carry the authority's signatory."
    )


class UserUpdate(InModel):
    name: Annotated[NonEmptyStr, Field(max_length=200)] | None = None
    role: Role | None = None
    active: bool | None = None
    team: Annotated[str, Field(max_length=100)] | None = Field(
        default=None, description="New team; null or an empty string removes it, leaving it out keeps it."
    )
    job_title: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="New job title; null or an empty string removes it, leaving it out keeps it."
    )


class UserOut(OutModel):
    id: int
    name: str
    email: str
    role: Role
    active: bool
    team: str | None
    job_title: str | None
    created_at: datetime


class TokenIn(InModel):
    label: Annotated[str, Field(max_length=200)] = ""


class TokenOut(OutModel):
    user: UserOut
    token: str = Field(description="Shown once; only its hash is stored.")
