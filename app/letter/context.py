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
    # The request's regime's regulator (app/deadline/data/regimes/*.toml [regulator]); law.md Q8: the
    # "Information Commissioner" is to be the "Information Commission" (FOI_REGULATOR_* settings).
    regulator_name: str
    regulator_address_lines: list[str]
    regulator_website: str
    # "section 50", "regulation 18", "section 47(1)"; None in contexts stored before regulators were data.
    regulator_complaint_provision: str | None = None
    regulator_apply_within: str | None = None  # "six weeks", "six months"
    regulator_apply_within_statutory: bool = False
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
    # One public interest assessment shared across sections: set out under the first, referred to by the rest.
    public_interest_same_as: str | None = None  # "31": this section's balance is the one set out under s31
    public_interest_also: list[str] = []  # ["33"]: the same balance applies to these sections


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


class CostLimitRefusal(_Frozen):
    """FOIA s12(1) / FOISA s12(1): the appropriate limit for this authority, the estimate and any aggregation."""

    limit_pounds: int  # 450
    limit_hours: str  # "18"
    hourly_rate: int  # 25
    regulations: str  # "the Freedom of Information and Data Protection (Appropriate Limit and Fees) Regulations 2004"
    limit_provision: str  # "regulation 3"
    rate_provision: str  # "regulation 4(4)"
    activities: list[str]  # what counts towards the limit (reg 4(3))
    estimate_hours: str | None  # "32.5", when an estimate was given
    estimate_breakdown: str | None
    aggregated_with: list[str]  # references of the requests added together (reg 5)
    aggregation_provision: str | None  # "regulation 5"
    aggregation_working_days: int | None  # 60
    advice: str | None  # the officer's own advice on narrowing the request (s16); the letter adds the standard


class RepeatRefusal(_Frozen):
    """FOIA s14: vexatious (s14(1)) or repeated (s14(2), naming the earlier request)."""

    provision: Literal["s14(1)", "s14(2)"]
    earlier_request: str | None
    earlier_received_on: date | None
    reasons: str | None


class NcndProvisionCited(_Frozen):
    code: str  # "s40(5B)(a)(i)"
    display: str  # "40(5B)(a)(i)"
    section_display: str  # "40"
    section_title: str
    summary: str  # the catalogue's one-sentence summary of what the section protects
    absolute: bool


class Ncnd(_Frozen):
    """Neither confirm nor deny (FOIA s17(1)(b) names the provisions; s17(4) may excuse the reasons)."""

    provisions: list[NcndProvisionCited]
    reasons: str | None
    public_interest: PublicInterest | None


class NotHeld(_Frozen):
    """FOIA s1(1)(a): we do not hold it; s16: who may hold it, and other advice."""

    other_holder: str | None
    advice: str | None


class Decision(_Frozen):
    decided_on: date
    outcome: str  # granted_in_full | partly_withheld | withheld_in_full | not_held | ...
    outcome_sentence: str  # one plain sentence: what the requester gets
    anything_withheld: bool  # then the letter is a complete s17 refusal notice
    exemptions: list[CitedExemption]
    review_request_by: date  # 40 working days after the response (s45 Code; EIR reg 11(2))
    annex: Annex
    # The refusal's own facts, for the outcome that has them; None in letters issued before they existed.
    cost_limit: CostLimitRefusal | None = None
    repeat: RepeatRefusal | None = None
    ncnd: Ncnd | None = None
    not_held: NotHeld | None = None
    advice: str | None = None  # advice_only: the advice given in place of the information
    no_notice_needed: bool = False  # FOIA s17(6): a s14 refusal already notified for a previous request
    late: bool = False  # responded after the time for compliance (s10(1)): the letter says sorry
    time_limit_working_days: int = 20


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
    # The review's own set, in one sentence as the seed letter has it: "21, 31, 33 and 36(2)(b)(i), (ii) and (c)".
    exemptions_now: str = ""
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


class Signatory(_Frozen):
    """The person who issued the letter, from their profile; without a job title, the authority's signatory."""

    name: str
    title: str


class _Letter(_Frozen):
    kind: LetterKind
    title: str  # the PDF title and the letter's heading
    letter_date: date
    authority: Authority
    # None: signed by the authority's signatory (settings). Always None in a published copy, which names no staff.
    signatory: Signatory | None = None
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
