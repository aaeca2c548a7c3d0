from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit.snapshot import Audited
from app.db import Base, utcnow


class Stage(StrEnum):
    initial = "initial"
    internal_review = "internal_review"


class DecisionOutcome(StrEnum):
    disclosed = "disclosed"
    withheld_in_part = "withheld_in_part"
    withheld = "withheld"
    not_held = "not_held"

    @property
    def label(self) -> str:
        """How the annex, the letters and the decision pages name it."""
        return DECISION_LABELS[self]


DECISION_LABELS = {
    DecisionOutcome.disclosed: "Disclosed",
    DecisionOutcome.withheld_in_part: "Withheld in part",
    DecisionOutcome.withheld: "Withheld",
    DecisionOutcome.not_held: "Not held",
}


class Document(Base, Audited):
    """A document in scope of a request: one row of the annex."""

    __tablename__ = "documents"
    __audited__ = ("item", "title", "reference", "content_length")
    __table_args__ = (UniqueConstraint("request_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), index=True)
    item: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    decisions: Mapped[list["Decision"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Decision.id"
    )

    @property
    def content_length(self) -> int:
        """What the audit log records of the content: its length, not the text."""
        return len(self.content) if self.content else 0


class Decision(Base, Audited):
    """A ruling on one document at one stage (initial or internal review)."""

    __tablename__ = "decisions"
    __audited__ = ("document_id", "stage", "outcome", "decided_on", "exemptions", "information_on_emissions")
    __audited_when_set__ = frozenset({"information_on_emissions"})
    __table_args__ = (UniqueConstraint("document_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32))
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # EIR reg 12(9): information on emissions cannot be withheld under reg 12(5)(d) to (g).
    information_on_emissions: Mapped[bool] = mapped_column(default=False, server_default=false())
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    document: Mapped[Document] = relationship(back_populates="decisions")
    citations: Mapped[list["DecisionCitation"]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="DecisionCitation.position"
    )

    @property
    def exemptions(self) -> list["DecisionCitation"]:
        """The citations, under the name the API and the audit log give them."""
        return self.citations


class DecisionCitation(Base, Audited):
    """One exemption relied on in a decision, at limb level, with what the law requires alongside it."""

    __tablename__ = "decision_citations"
    __audited__ = ("code", "reasoning", "pi_conclusion", "qp_name", "qp_opinion_on", "statistical", "s31_purposes")
    __audited_when_set__ = frozenset({"statistical"})

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(64), index=True)
    section: Mapped[str] = mapped_column(String(32))
    reasoning: Mapped[str] = mapped_column(Text, default="")
    pi_for_disclosure: Mapped[str | None] = mapped_column(Text)
    pi_for_withholding: Mapped[str | None] = mapped_column(Text)
    pi_conclusion: Mapped[str | None] = mapped_column(Text)
    qp_name: Mapped[str | None] = mapped_column(String(200))
    qp_role: Mapped[str | None] = mapped_column(String(200))
    qp_opinion_on: Mapped[date | None] = mapped_column(Date)
    opinion_id: Mapped[int | None] = mapped_column(ForeignKey("qualified_person_opinions.id"))
    # FOIA s36(4): statistical information, so the authority judged the harm itself and no opinion was needed.
    statistical: Mapped[bool] = mapped_column(default=False, server_default=false())
    s31_purposes: Mapped[list[str]] = mapped_column(JSON, default=list)
    legitimate_interests: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    decision: Mapped[Decision] = relationship(back_populates="citations")


class QualifiedPersonOpinion(Base):
    """FOIA s36(2): the reasonable opinion of the qualified person, given before the exemption is relied on."""

    __tablename__ = "qualified_person_opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    opinion_on: Mapped[date] = mapped_column(Date)
    limbs: Mapped[list[str]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(Text, default="")
    # True when an officer records an opinion the qualified person gave on paper.
    on_paper: Mapped[bool] = mapped_column(default=False)
    given_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
