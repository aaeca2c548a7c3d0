"""The personal-data findings of a case before publication, and how an officer resolves them."""

from datetime import datetime
from typing import Annotated

from pydantic import Field

from app.personal_data.models import Resolution
from app.schemas import InModel, NonEmptyStr, OutModel


class FindingOut(OutModel):
    document_id: int | None = Field(description="The document; null for the case's own text (request, letters).")
    item: str | None
    where: str = Field(examples=["page 2", "the request text"])
    page: int | None
    text: str = Field(description="The text as it was found.")
    form: str = Field(description="Which form of the requester it matched.", examples=["reversed name"])
    certain: bool = Field(description="False for a part of the name alone: it may be an ordinary word.")


class ResolutionIn(InModel):
    document_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Null for the case's own text.")
    text: Annotated[NonEmptyStr, Field(max_length=400)]
    form: Annotated[str, Field(max_length=60)] = "marked by an officer"
    action: Resolution = Field(
        description="redact: removed from the published copy only (the requester's copy is unchanged); "
        "dismiss: not the requester's personal data, published as it is (a reason is required)."
    )
    reason: Annotated[str, Field(max_length=2000)] | None = None


class ResolutionOut(OutModel):
    id: int
    document_id: int | None
    text: str
    form: str
    action: Resolution
    reason: str | None
    created_at: datetime


class PersonalDataOut(OutModel):
    findings: list[FindingOut] = Field(description="Each blocks publication until it is resolved.")
    resolutions: list[ResolutionOut]


class RedactAllIn(InModel):
    document_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Only this document's findings; omit for every finding of the case."
    )
