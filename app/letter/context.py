"""What a letter template may use: one typed context per letter, built from the case (app.letter.builder).

An issued letter stores its context (model_dump) beside the PDF, so it can be re-rendered exactly. The published
copy is rendered from a PublicLetterContext (app.letter.redaction.public_copy): it has no recipient at all, so
an address or a salutation cannot leak by construction, and its free text is redacted string by string.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

LetterKind = Literal[
    "acknowledgement", "clarification", "fees_notice", "extension", "decision", "internal_review", "annex"
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Authority(_Frozen):
    name: str
    address_lines: list[str]
    logo_path: str | None
    signatory_name: str
    signatory_title: str
    email: str
    phone: str | None
    website: str | None
    review_contact: str  # where to ask for an internal review (email or postal)
    fee_payment: str | None = None  # how to pay a fee (FOI_AUTHORITY_FEE_PAYMENT); else "contact us"
    regulator_name: str  # law.md Q8: "Information Commissioner" (to be "Information Commission")
    regulator_address_lines: list[str]
    regulator_website: str
    disclosure_log_url: str | None


class Recipient(_Frozen):
    """The requester as the letter addresses them. In a published copy every field is empty."""

    name: str | None
    email: str | None
    postal_address_lines: list[str]
    organisation: str | None
    salutation: str  # "Dear Jordan Avery"
    redacted: bool = False  # kept so contexts stored before PublicLetterContext still load


class RequestFacts(_Frozen):
    reference: str
    title: str
    request_text: str  # in a published copy, the requester's details inside it are replaced
    regime: str  # foia | eir | foisa | school | archives
    regime_name: str  # "Freedom of Information Act 2000"
    act_short: str  # "FOI Act", "EIR", "FOISA": how the letter names the law
    legal_basis: str
    received_on: date
    date_of_receipt: date  # after any clarification (s1(3), s10(6))
    due_on: date | None
    extended_due_on: date | None


class Opinion(_Frozen):
    name: str
    role: str
    opinion_on: date


class Purpose(_Frozen):
    code: str  # "s31(2)(c)"
    display: str  # "31(2)(c)"
    description: str


class PublicInterest(_Frozen):
    for_disclosure: str | None
    for_withholding: str | None
    conclusion: str


class CitedExemption(_Frozen):
    """One exemption as the letter explains it: the catalogue's standard text plus this case's reasoning."""

    code: str  # canonical limb or section code, e.g. "s36(2)(b)(ii)"
    display: str  # "36(2)(b)(ii)"
    section_code: str  # "s36"
    section_display: str  # "36"
    section_title: str  # "Prejudice to effective conduct of public affairs"
    limb_description: str | None
    absolute: bool
    paragraphs: list[str]  # from exemptions/<section>.toml (adding an exemption adds its paragraph)
    reasoning: list[str]  # this case's reasons, de-duplicated across documents
    public_interest: list[PublicInterest]
    qualified_person: list[Opinion]  # s36 only
    # FOIA s36(4): annex items whose information is statistical, so no qualified person's opinion was needed.
    statistical_items: list[str] = []
    statistical_provision: str | None = None  # "36(4)": the provision that excuses the opinion
    purposes: list[Purpose]  # s31(1)(g)-(i) only
    items: list[str]  # annex items relying on it, e.g. ["11", "12"]


class AnnexRow(_Frozen):
    item: str
    description: str
    decision: str  # "Disclosed" | "Withheld in part" | "Withheld" | "Not held"
    exemptions: str  # "21, 31 and 36(2)(b)(ii) and (c)" or "n/a"


class RedactionLogRow(_Frozen):
    """One gap in a released document (app.bundle.log): where it is and the exemptions relied on."""

    item: str
    document: str
    page: str  # "2", or "–" where the document has no pages of its own
    what: str  # "Passage" | "Area of the page"
    exemptions: str  # "36(2)(b)(ii)"


class Annex(_Frozen):
    stage: Literal["initial", "internal_review"]
    heading: str  # "Annex: documents within the scope of your request"
    exemptions_column: str  # "FOI Act exemptions" / "EIR exceptions"
    rows: list[AnnexRow]
    redactions: list[RedactionLogRow] = []  # empty in letters issued before the redaction log existed


class Acknowledgement(_Frozen):
    due_on: date


class Clarification(_Frozen):
    asked_on: date
    what_is_needed: str  # the officer's note on the clarification_requested event
    lapse_on: date | None  # when the request may be closed if no reply (law.md Q9)


class FeesNotice(_Frozen):
    notice_on: date
    amount: str  # "£25.00"
    breakdown: str | None
    pay_by: date  # s9(2): three months beginning with the notice day
    working_days_used: int


class Extension(_Frozen):
    kind: Literal["pit", "eir_reg7", "commissioner"]
    notified_on: date
    original_due_on: date
    extended_to: date
    reason: str | None
    exemptions: list[CitedExemption]  # the qualified exemptions under consideration (s17(2)); empty for EIR reg 7


class Decision(_Frozen):
    decided_on: date
    outcome: str  # granted_in_full | partly_withheld | withheld_in_full | not_held | ...
    outcome_sentence: str  # one plain sentence: what the requester gets
    anything_withheld: bool  # then the letter is a complete s17 refusal notice
    exemptions: list[CitedExemption]
    review_request_by: date  # 40 working days after the response (s45 Code; EIR reg 11(2))
    annex: Annex


class ReviewChange(_Frozen):
    item: str
    description: str
    before: str
    after: str
    exemptions_before: str
    exemptions_after: str


class InternalReview(_Frozen):
    requested_on: date
    original_response_on: date
    decided_on: date
    outcome: Literal["upheld", "upheld_in_part", "overturned"]
    outcome_sentence: str
    original_exemptions: str  # "31 and 36(2)(b)(i), (ii) and (c)"
    exemptions: list[CitedExemption]  # the review's own exemptions, explained
    changes: list[ReviewChange]  # documents whose decision changed
    late: bool  # decided after the 20 (or 40) working days
    annex: Annex
    # s45 Code, section 5. True only when the record shows no one in the review made an initial decision and no
    # admin overrode that; True by default because letters issued before it was recorded said so.
    independent: bool = True
    # The role of someone in the review who also made an initial decision ("reviewer", "qualified_person", ...),
    # and whether that person is the reviewer; None when no one involved took part (or the record does not say).
    involved_role: str | None = None
    involved_is_reviewer: bool = False


class _Letter(_Frozen):
    kind: LetterKind
    title: str  # the PDF title and the letter's heading
    letter_date: date
    authority: Authority
    request: RequestFacts
    acknowledgement: Acknowledgement | None = None
    clarification: Clarification | None = None
    fees_notice: FeesNotice | None = None
    extension: Extension | None = None
    decision: Decision | None = None
    internal_review: InternalReview | None = None
    annex: Annex | None = None  # the annex kind: the annex on its own


class LetterContext(_Letter):
    """The letter as the requester receives it, addressed to them."""

    recipient: Recipient


class PublicLetterContext(_Letter):
    """The published copy: the same letter with no recipient, address or salutation fields at all."""


AnyLetterContext = LetterContext | PublicLetterContext
