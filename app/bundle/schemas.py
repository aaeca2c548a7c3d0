from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, model_validator

from app.bundle.models import BuildForm, BuildState
from app.document.models import Stage
from app.schemas import InModel, NonEmptyStr, OutModel

Code = Annotated[NonEmptyStr, Field(max_length=64)]


class ContentOut(OutModel):
    document_id: int
    filename: str
    media_type: str
    kind: str
    sha256: str
    size: int
    pages: int | None
    text_length: int
    uploaded_at: datetime


class TextOut(OutModel):
    document_id: int
    kind: str
    pages: int | None = Field(description="PDF pages; the text separates them with form feeds.")
    text: str


class RedactionIn(InModel):
    stage: Stage
    exemptions: list[Code] = Field(
        min_length=1, max_length=10, description='Codes the decision relies on, e.g. ["s40(2)"].'
    )
    text: Annotated[str, Field(min_length=1, max_length=5000)] | None = Field(
        default=None, description="An exact passage; every occurrence in the document is redacted."
    )
    page: Annotated[int, Field(ge=1, le=100_000)] | None = Field(default=None, description="PDF page, from 1.")
    rect: list[Annotated[float, Field(ge=0, le=20_000)]] | None = Field(
        default=None,
        min_length=4,
        max_length=4,
        description="[x0, top, x1, bottom] in PDF points from the top-left corner of the page.",
    )

    @model_validator(mode="after")
    def _one_target(self) -> "RedactionIn":
        region = self.page is not None or self.rect is not None
        if (self.text is None) == (not region):
            raise ValueError("give either text, or page and rect")
        if region and (self.page is None or self.rect is None):
            raise ValueError("a region needs both page and rect")
        if self.rect is not None and (self.rect[0] >= self.rect[2] or self.rect[1] >= self.rect[3]):
            raise ValueError("rect must be [x0, top, x1, bottom] with x0 < x1 and top < bottom")
        if self.text is not None and not self.text.strip():
            raise ValueError("text is blank")
        return self


class RedactionOut(OutModel):
    id: int
    document_id: int
    stage: Stage
    exemptions: list[str]
    text: str | None
    page: int | None
    rect: list[float] | None
    pages: list[int]
    occurrences: int
    created_by_id: int
    created_at: datetime


class SuggestionOut(OutModel):
    kind: str  # email | phone | postcode | requester
    text: str
    occurrences: int
    suggested_exemption: str
    reason: str


class FindingOut(OutModel):
    file: str
    check: str
    detail: str


class ChecksOut(OutModel):
    passed: bool
    files: list[str]
    findings: list[FindingOut]
    notes: list[str]


class BuildIn(InModel):
    form: BuildForm = Field(
        BuildForm.zip, description="`zip`: the letter, the annex and each released document; `pdf`: all as one PDF."
    )


class BuildOut(OutModel):
    id: int
    request_id: int
    form: BuildForm
    state: BuildState = Field(description="queued, building, ready (the file is there) or refused (see problem).")
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    size: int | None
    status_url: str = Field(description="Ask here how the build is going (a few seconds apart).")
    file_url: str | None = Field(description="The made bundle, once ready.")
    problem: dict[str, Any] | None = Field(
        description="Why it was not made: the rule, what to do, and the release checks' findings if they stopped it."
    )
