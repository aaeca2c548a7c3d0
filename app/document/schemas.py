from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from app.document.models import DecisionOutcome, Stage
from app.schemas import InModel, NonEmptyStr, OutModel, UserRef

Text = Annotated[str, Field(max_length=20_000)]


class DocumentIn(InModel):
    item: Annotated[NonEmptyStr, Field(max_length=32, description='Agenda or item number, e.g. "11" or "17i".')]
    title: Annotated[NonEmptyStr, Field(max_length=300)]
    reference: Annotated[str, Field(max_length=100, description='e.g. "BM/17/72(P)"')] | None = None
    content: Annotated[str, Field(max_length=5_000_000)] | None = None


class PublicInterestIn(InModel):
    for_disclosure: Text | None = None
    for_withholding: Text | None = None
    conclusion: Text | None = None


class QualifiedPersonIn(InModel):
    name: Annotated[NonEmptyStr, Field(max_length=200)]
    role: Annotated[str, Field(max_length=200)] = ""
    opinion_on: date


class LegitimateInterestsIn(InModel):
    """FOIA s40(2) with s40(3A)(a) / UK GDPR Art 6(1)(f): the three-part test."""

    legitimate_interest: Text
    necessity: Text
    balancing: Text


class CitationIn(InModel):
    code: Annotated[NonEmptyStr, Field(max_length=64, description='Limb-level code, e.g. "s36(2)(b)(ii)".')]
    reasoning: Text = ""
    public_interest: PublicInterestIn | None = None
    qualified_person: QualifiedPersonIn | None = None
    opinion_id: int | None = Field(default=None, description="A recorded s36 opinion on this request.")
    statistical: bool = Field(
        default=False,
        description="FOIA s36(4): the information is statistical, so no qualified person's opinion is needed; "
        "the authority itself judges that disclosure would, or would be likely to, cause the harm. s36 limbs only.",
    )
    s31_purposes: list[Annotated[str, Field(max_length=32)]] = Field(default_factory=list, max_length=10)
    legitimate_interests: LegitimateInterestsIn | None = None


class DecisionIn(InModel):
    outcome: DecisionOutcome
    exemptions: list[CitationIn] = Field(default_factory=list, max_length=40)
    decided_on: date | None = Field(default=None, description="Defaults to today.")
    version: int | None = Field(default=None, description="The decision version you last read; stale gets 409.")
    information_on_emissions: bool = Field(
        default=False,
        description="EIR reg 12(9): the information is on emissions, so reg 12(5)(d) to (g) cannot withhold it. "
        "EIR requests only.",
    )


class PublicInterestOut(OutModel):
    for_disclosure: str | None
    for_withholding: str | None
    conclusion: str | None


class QualifiedPersonOut(OutModel):
    name: str
    role: str
    opinion_on: date
    opinion_id: int | None


class CitationOut(OutModel):
    code: str
    section: str
    title: str
    absolute: bool
    reasoning: str
    public_interest: PublicInterestOut | None
    qualified_person: QualifiedPersonOut | None
    statistical: bool
    s31_purposes: list[str]
    legitimate_interests: dict[str, str] | None


class DecisionOut(OutModel):
    id: int
    document_id: int
    stage: Stage
    outcome: DecisionOutcome
    decided_on: date
    decided_by: UserRef
    version: int
    exemptions: list[CitationOut]
    information_on_emissions: bool
    updated_at: datetime


class DocumentOut(OutModel):
    id: int
    request_id: int
    item: str
    title: str
    reference: str | None
    has_content: bool
    decisions: dict[str, DecisionOut]
    created_at: datetime


class OpinionIn(InModel):
    limbs: list[Annotated[str, Field(max_length=64)]] = Field(min_length=1, max_length=20)
    opinion_on: date
    summary: Text = ""
    name: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="Required when an officer records an opinion given on paper."
    )
    role: Annotated[str, Field(max_length=200)] | None = None


class OpinionOut(OutModel):
    id: int
    name: str
    role: str
    opinion_on: date
    limbs: list[str]
    summary: str
    on_paper: bool
    recorded_by_id: int
    created_at: datetime


class AnnexRow(OutModel):
    item: str
    document_id: int
    description: str
    decision: str
    exemptions: str
    codes: list[str]


class AnnexOut(OutModel):
    reference: str
    stage: Stage
    complete: bool
    rows: list[AnnexRow]
    exemptions_relied_on: str
