"""Hand-built letter contexts for every letter kind: one FOIA case, one EIR case, a published copy, a long annex.

The FOIA case follows the shape of a real internal review (board papers of a health regulator) with sections 21,
31(1)(g) with 31(2)(c), 33(1)(b) and 36(2)(b)(i), (ii) and (c). Dates are real working-day results (law.md
section 4, example 1: received Friday 14 March 2025, due Monday 14 April 2025).
"""

from datetime import date

from app.deadline.calendar import uk_calendar
from app.deadline.regimes import get_regime
from app.exemption import default_catalogue_dir, load_catalogue
from app.letter.citations import explain
from app.letter.context import (
    Acknowledgement,
    Annex,
    AnnexRow,
    Authority,
    CitedExemption,
    Clarification,
    Decision,
    Extension,
    FeesNotice,
    InternalReview,
    LetterContext,
    Opinion,
    PublicInterest,
    Purpose,
    Recipient,
    RequestFacts,
    ReviewChange,
)

REQUESTER_NAME = "Jordan Avery"
REQUESTER_EMAIL = "jordan.avery@example.org"
REQUESTER_ADDRESS = ["Flat 3", "27 Harbour Street", "Bristol", "BS1 5TT"]
REQUESTER_ORGANISATION = "Harbourside Patients' Forum"
QUALIFIED_PERSON = "Dr Helen Okafor"
OPINION_DATE = date(2025, 4, 8)

AUTHORITY = Authority(
    name="Northern Care Standards Authority",
    address_lines=["Quayside House", "12 Mill Lane", "Leeds", "LS1 4AB"],
    logo_path=None,
    signatory_name="Sofia Marsh",
    signatory_title="Head of Information Governance",
    email="foi@ncsa.example.gov.uk",
    phone="0113 496 0000",
    website="https://www.ncsa.example.gov.uk",
    review_contact="foi.reviews@ncsa.example.gov.uk",
    regulator_name="Information Commissioner",
    regulator_address_lines=[
        "Information Commissioner's Office",
        "Wycliffe House",
        "Water Lane",
        "Wilmslow",
        "Cheshire",
        "SK9 5AF",
    ],
    regulator_website="https://ico.org.uk/make-a-complaint",
    disclosure_log_url="https://www.ncsa.example.gov.uk/disclosure-log",
)

RECIPIENT = Recipient(
    name=REQUESTER_NAME,
    email=REQUESTER_EMAIL,
    postal_address_lines=REQUESTER_ADDRESS,
    organisation=REQUESTER_ORGANISATION,
    salutation=f"Dear {REQUESTER_NAME}",
    redacted=False,
)

PUBLISHED_RECIPIENT = Recipient(
    name=None, email=None, postal_address_lines=[], organisation=None, salutation="", redacted=True
)

REQUEST_TEXT = (
    "Under the Freedom of Information Act, please send me the papers for the private session of your board "
    "meeting on 27 February 2025.\n"
    "These are:\n"
    "The chair's report (BM/25/12(P))\n"
    "The chief executive's report (BM/25/13(P))\n"
    "Provider sector performance (BM/25/14(P))\n"
    "Winter resilience update 2024/25 (BM/25/15(P))\n"
    "Challenged providers update (BM/25/16(P))\n"
    f"Yours faithfully, {REQUESTER_NAME} ({REQUESTER_ORGANISATION})"
)

FOIA_REQUEST = RequestFacts(
    reference="FOI-2025-0142",
    title="Papers for the private board session of 27 February 2025",
    request_text=REQUEST_TEXT,
    regime="foia",
    regime_name="Freedom of Information Act 2000",
    act_short="FOI Act",
    legal_basis="Freedom of Information Act 2000, section 1(1)",
    received_on=date(2025, 3, 14),
    date_of_receipt=date(2025, 3, 14),
    due_on=date(2025, 4, 14),
    extended_due_on=None,
)

S21_REASON = (
    "We published the winter resilience update, without the sections on individual providers, on our website on "
    "3 March 2025. You can find it at https://www.ncsa.example.gov.uk/board/2025-02-27."
)
S31_REASON = (
    "The provider sector performance paper and the challenged providers update set out our emerging view of "
    "whether the conditions of individual providers' licences are being met. Releasing them would be likely to "
    "prejudice our ability to decide whether regulatory action is justified."
)
S33_REASON = (
    "We examine how economically, efficiently and effectively NHS trusts use their resources. Releasing our "
    "working assessments would be likely to make trusts less willing to share full and frank information with us."
)
S36_REASON = (
    "The papers contain advice to the board and views on live issues that the board has not yet decided. If "
    "authors expected these papers to be published, they would be less likely to record their advice fully."
)
S36_CONCLUSION = (
    "On balance, the public interest in maintaining the exemption outweighs the public interest in disclosure "
    "while these issues remain under discussion."
)
S31_PURPOSE = Purpose(
    code="s31(2)(c)",
    display="31(2)(c)",
    description=(
        "ascertaining whether circumstances which would justify regulatory action in pursuance of any enactment "
        "exist or may arise"
    ),
)
OPINION = Opinion(name=QUALIFIED_PERSON, role="Chief Executive", opinion_on=OPINION_DATE)
S36_TEST = PublicInterest(
    for_disclosure=(
        "There is a strong public interest in openness about how the board reaches its decisions and in "
        "accountability for the advice it receives."
    ),
    for_withholding=(
        "There is also a strong public interest in a safe space in which the board can consider frank advice "
        "before it reaches a decision."
    ),
    conclusion=S36_CONCLUSION,
)

S36_PARAGRAPHS = [
    "Section 36 protects the effective conduct of public affairs. It applies where, in the reasonable opinion of "
    "the authority's qualified person, disclosure would, or would be likely to, inhibit the free and frank "
    "provision of advice or exchange of views, or would otherwise prejudice the effective conduct of public affairs.",
    "For the authority this is a qualified exemption, so it withholds the information only if the public interest "
    "in maintaining the exemption outweighs the public interest in disclosing it.",
]


def _s36(limb: str, description: str, items: list[str]) -> CitedExemption:
    return CitedExemption(
        code=f"s36{limb}",
        display=f"36{limb}",
        section_code="s36",
        section_display="36",
        section_title="Prejudice to effective conduct of public affairs",
        limb_description=description,
        absolute=False,
        paragraphs=S36_PARAGRAPHS,
        reasoning=[S36_REASON],
        public_interest=[S36_TEST],
        qualified_person=[OPINION],
        purposes=[],
        items=items,
    )


S21 = CitedExemption(
    code="s21(1)",
    display="21(1)",
    section_code="s21",
    section_display="21",
    section_title="Information accessible to the applicant by other means",
    limb_description="is reasonably accessible to the requester otherwise than under section 1 of the Act",
    absolute=True,
    paragraphs=[
        "Section 21 exempts information that the requester can reasonably obtain without making a request under "
        "the Act. It is used to point the requester to where the information can already be found.",
        "This is an absolute exemption, so the authority does not have to weigh the public interest.",
    ],
    reasoning=[S21_REASON],
    public_interest=[],
    qualified_person=[],
    purposes=[],
    items=["14"],
)

S31 = CitedExemption(
    code="s31(1)(g)",
    display="31(1)(g)",
    section_code="s31",
    section_display="31",
    section_title="Law enforcement",
    limb_description=(
        "would, or would be likely to, prejudice the exercise by any public authority of its functions for any of "
        "the purposes specified in section 31(2)"
    ),
    absolute=False,
    paragraphs=[
        "Section 31(1)(g) protects the functions that public authorities carry out for the purposes listed in "
        "section 31(2), such as deciding whether circumstances exist that would justify regulatory action.",
        "This is a qualified exemption, so the authority must also weigh the public interest.",
    ],
    reasoning=[S31_REASON],
    public_interest=[
        PublicInterest(
            for_disclosure="Releasing the papers would help the public understand how providers are performing.",
            for_withholding=(
                "Providers share sensitive information with us because they trust us to handle it in confidence."
            ),
            conclusion=(
                "The public interest in protecting our regulatory functions outweighs the public interest in "
                "releasing this information now."
            ),
        )
    ],
    qualified_person=[],
    purposes=[S31_PURPOSE],
    items=["13", "16"],
)

S33 = CitedExemption(
    code="s33(1)(b)",
    display="33(1)(b)",
    section_code="s33",
    section_display="33",
    section_title="Audit functions",
    limb_description=(
        "would, or would be likely to, prejudice the examination of the economy, efficiency and effectiveness with "
        "which other public authorities use their resources"
    ),
    absolute=False,
    paragraphs=[
        "Section 33 protects the work of authorities that audit, or examine the value for money of, other public "
        "authorities.",
    ],
    reasoning=[S33_REASON],
    public_interest=[
        PublicInterest(
            for_disclosure="There is a public interest in knowing how well NHS trusts use public money.",
            for_withholding="Our examinations depend on trusts giving us full and frank information.",
            conclusion="The public interest favours withholding our working assessments.",
        )
    ],
    qualified_person=[],
    purposes=[],
    items=["13", "16"],
)

S36_I = _s36("(2)(b)(i)", "would, or would be likely to, inhibit the free and frank provision of advice", ["15"])
S36_II = _s36(
    "(2)(b)(ii)",
    "would, or would be likely to, inhibit the free and frank exchange of views for the purposes of deliberation",
    ["11", "12", "15"],
)
S36_C = _s36(
    "(2)(c)",
    "would otherwise prejudice, or would be likely otherwise to prejudice, the effective conduct of public affairs",
    ["11", "12"],
)
FOIA_EXEMPTIONS = [S21, S31, S33, S36_I, S36_II, S36_C]

ANNEX_ROWS = [
    AnnexRow(item="11", description="Chair's report (BM/25/12(P))", decision="Withheld in part",
             exemptions="36(2)(b)(ii) and (c)"),
    AnnexRow(item="12", description="Chief executive's report (BM/25/13(P))", decision="Withheld in part",
             exemptions="36(2)(b)(ii) and (c)"),
    AnnexRow(item="13", description="Provider sector performance (BM/25/14(P))", decision="Withheld",
             exemptions="31(1)(g) and 31(2)(c) and 33(1)(b)"),
    AnnexRow(item="14", description="Winter resilience update 2024/25 (BM/25/15(P))", decision="Withheld in part",
             exemptions="21(1)"),
    AnnexRow(item="15", description="Update on incident management (BM/25/15a(P))", decision="Withheld in part",
             exemptions="36(2)(b)(i) and (ii)"),
    AnnexRow(item="16", description="Challenged providers update (BM/25/16(P))", decision="Withheld",
             exemptions="31(1)(g) and 31(2)(c) and 33(1)(b)"),
    AnnexRow(item="17", description="Minutes of the public session (BM/25/17)", decision="Disclosed",
             exemptions="n/a"),
]  # fmt: skip
FOIA_ANNEX = Annex(
    stage="initial",
    heading="Annex: documents within the scope of your request",
    exemptions_column="FOI Act exemptions",
    rows=ANNEX_ROWS,
)


def _letter(kind: str, title: str, letter_date: date, **sections: object) -> LetterContext:
    return LetterContext.model_validate(
        {
            "kind": kind,
            "title": title,
            "letter_date": letter_date,
            "authority": AUTHORITY,
            "recipient": RECIPIENT,
            "request": FOIA_REQUEST,
            **sections,
        }
    )


def acknowledgement() -> LetterContext:
    return _letter(
        "acknowledgement",
        "Your request for information",
        date(2025, 3, 18),
        acknowledgement=Acknowledgement(due_on=date(2025, 4, 14)),
    )


def clarification() -> LetterContext:
    return _letter(
        "clarification",
        "We need more information about your request",
        date(2025, 3, 18),
        clarification=Clarification(
            asked_on=date(2025, 3, 18),
            what_is_needed=(
                "Please tell us which board meeting you mean. Our board met in private on 27 February 2025 and "
                "again on 6 March 2025.\nIf you want the papers for both meetings, please say so."
            ),
            lapse_on=date(2025, 6, 18),
        ),
    )


def fees_notice() -> LetterContext:
    return _letter(
        "fees_notice",
        "Fees notice for your request",
        date(2025, 3, 21),
        fees_notice=FeesNotice(
            notice_on=date(2025, 3, 21),
            amount="£18.40",
            breakdown="Printing 320 pages at 5p a page: £16.00\nSecond class postage: £2.40",
            pay_by=date(2025, 6, 20),
            working_days_used=3,
        ),
    )


def extension_pit() -> LetterContext:
    return _letter(
        "extension",
        "We need more time to consider the public interest",
        date(2025, 4, 14),
        extension=Extension(
            kind="pit",
            notified_on=date(2025, 4, 14),
            original_due_on=date(2025, 4, 14),
            extended_to=date(2025, 5, 15),
            reason="Our qualified person must give an opinion on each of the papers before we can decide.",
            exemptions=[S31, S33, S36_I, S36_II, S36_C],
        ),
    )


def extension_commissioner() -> LetterContext:
    return _letter(
        "extension",
        "The date for our response has changed",
        date(2025, 4, 10),
        extension=Extension(
            kind="commissioner",
            notified_on=date(2025, 4, 10),
            original_due_on=date(2025, 4, 14),
            extended_to=date(2025, 6, 13),
            reason="Some of the information is held by staff who are deployed outside the United Kingdom.",
            exemptions=[],
        ),
    )


def decision(rows: list[AnnexRow] | None = None) -> LetterContext:
    return _letter(
        "decision",
        "Response to your request for information",
        date(2025, 5, 15),
        decision=Decision(
            decided_on=date(2025, 5, 15),
            outcome="partly_withheld",
            outcome_sentence=(
                "We are releasing some of the information you asked for and withholding the rest under the "
                "exemptions explained below."
            ),
            anything_withheld=True,
            exemptions=FOIA_EXEMPTIONS,
            review_request_by=date(2025, 7, 11),
            annex=FOIA_ANNEX if rows is None else FOIA_ANNEX.model_copy(update={"rows": rows}),
        ),
    )


def _disclosed(row: AnnexRow) -> AnnexRow:
    return row.model_copy(update={"decision": "Disclosed", "exemptions": "n/a"})


def decision_granted() -> LetterContext:
    return _letter(
        "decision",
        "Response to your request for information",
        date(2025, 4, 11),
        decision=Decision(
            decided_on=date(2025, 4, 11),
            outcome="granted_in_full",
            outcome_sentence="We are releasing all the information you asked for. It is attached to this letter.",
            anything_withheld=False,
            exemptions=[],
            review_request_by=date(2025, 6, 12),
            annex=FOIA_ANNEX.model_copy(update={"rows": [_disclosed(row) for row in ANNEX_ROWS]}),
        ),
    )


def decision_not_held() -> LetterContext:
    return _letter(
        "decision",
        "Response to your request for information",
        date(2025, 4, 11),
        decision=Decision(
            decided_on=date(2025, 4, 11),
            outcome="not_held",
            outcome_sentence=(
                "We do not hold the papers you asked for, because the board did not meet in private that day."
            ),
            anything_withheld=False,
            exemptions=[],
            review_request_by=date(2025, 6, 12),
            annex=FOIA_ANNEX.model_copy(update={"rows": []}),
        ),
    )


def long_annex_rows(count: int = 300) -> list[AnnexRow]:
    decisions = ["Disclosed", "Withheld in part", "Withheld"]
    return [
        AnnexRow(
            item=str(n),
            description=f"Inspection report {n} for provider {n % 37 + 1} (IR/25/{n:04d})",
            decision=decisions[n % 3],
            exemptions="n/a" if n % 3 == 0 else "31(1)(g) and 31(2)(c) and 36(2)(b)(ii)",
        )
        for n in range(1, count + 1)
    ]


def decision_long_annex() -> LetterContext:
    return decision(long_annex_rows())


REVIEW_CHANGES = [
    ReviewChange(
        item="12",
        description="Chief executive's report (BM/25/13(P))",
        before="Withheld in part",
        after="Disclosed",
        exemptions_before="36(2)(b)(ii) and (c)",
        exemptions_after="n/a",
    ),
    ReviewChange(
        item="16",
        description="Challenged providers update (BM/25/16(P))",
        before="Withheld",
        after="Withheld in part",
        exemptions_before="31(1)(g) and 31(2)(c) and 33(1)(b)",
        exemptions_after="31(1)(g) and 31(2)(c)",
    ),
]


def internal_review(*, late: bool = True) -> LetterContext:
    rows = [
        _disclosed(r)
        if r.item == "12"
        else r.model_copy(update={"decision": "Withheld in part", "exemptions": "31(1)(g) and 31(2)(c)"})
        if r.item == "16"
        else r
        for r in ANNEX_ROWS
    ]
    return _letter(
        "internal_review",
        "Review of your request under the Freedom of Information Act 2000",
        date(2025, 7, 22) if late else date(2025, 6, 27),
        internal_review=InternalReview(
            requested_on=date(2025, 6, 2),
            original_response_on=date(2025, 5, 15),
            decided_on=date(2025, 7, 22) if late else date(2025, 6, 27),
            outcome="upheld_in_part",
            outcome_sentence=(
                "We have upheld the original decision in part. We are now releasing the chief executive's report "
                "in full and part of the challenged providers update, and withholding the rest."
            ),
            original_exemptions="21(1), 31(1)(g) and 31(2)(c), 33(1)(b) and 36(2)(b)(i) and (ii) and (c)",
            exemptions_now="21(1), 31(1)(g) and 31(2)(c) and 36(2)(b)(i) and (ii) and (c)",
            exemptions=[S21, S31, S36_I, S36_II, S36_C],
            changes=REVIEW_CHANGES,
            late=late,
            annex=FOIA_ANNEX.model_copy(update={"stage": "internal_review", "rows": rows}),
        ),
    )


def annex() -> LetterContext:
    return _letter("annex", "Annex to our response", date(2025, 5, 15), annex=FOIA_ANNEX)


def published(context: LetterContext) -> LetterContext:
    """The copy for the disclosure log: no personal data of the requester, as redacted() in the builder does."""
    text = context.request.request_text.replace(REQUESTER_NAME, "[name removed]")
    text = text.replace(REQUESTER_ORGANISATION, "[organisation removed]")
    return context.model_copy(
        update={
            "recipient": PUBLISHED_RECIPIENT,
            "request": context.request.model_copy(update={"request_text": text}),
        }
    )


# The EIR case: air-quality data, with regulation 12(4)(d) and 12(5)(e) exceptions.

EIR_REQUEST = RequestFacts(
    reference="EIR-2025-0031",
    title="Air quality monitoring at the Riverside incinerator",
    request_text=(
        "Please send me all air quality monitoring results for the Riverside incinerator site from January to "
        "June 2025, and the draft report on those results."
    ),
    regime="eir",
    regime_name="Environmental Information Regulations 2004",
    act_short="EIR",
    legal_basis="Environmental Information Regulations 2004, regulation 5(1)",
    received_on=date(2025, 9, 13),
    date_of_receipt=date(2025, 9, 13),
    due_on=date(2025, 10, 10),
    extended_due_on=date(2025, 11, 7),
)

REG12_4_D = CitedExemption(
    code="reg12(4)(d)",
    display="12(4)(d)",
    section_code="reg12(4)",
    section_display="12(4)",
    section_title="Material in the course of completion",
    limb_description=(
        "relates to material which is still in the course of completion, to unfinished documents or to incomplete data"
    ),
    absolute=False,
    paragraphs=["Regulation 12(4)(d) covers draft documents and data that are not yet complete."],
    reasoning=["The report on the monitoring results is a draft. We expect to publish the final report in 2026."],
    public_interest=[
        PublicInterest(
            for_disclosure="People living near the site have a strong interest in information about air quality.",
            for_withholding="Releasing an unchecked draft could mislead people about the risks.",
            conclusion="The public interest favours waiting for the final report, which we will publish.",
        )
    ],
    qualified_person=[],
    purposes=[],
    items=["2"],
)
REG12_5_E = CitedExemption(
    code="reg12(5)(e)",
    display="12(5)(e)",
    section_code="reg12(5)",
    section_display="12(5)",
    section_title="Confidentiality of commercial or industrial information",
    limb_description=(
        "would adversely affect the confidentiality of commercial or industrial information where such "
        "confidentiality is provided by law to protect a legitimate economic interest"
    ),
    absolute=False,
    paragraphs=["Regulation 12(5)(e) protects commercial information that the law treats as confidential."],
    reasoning=["The operator's fuel-mix figures are commercially confidential and are not emissions data."],
    public_interest=[
        PublicInterest(
            for_disclosure=None,
            for_withholding="Releasing the figures would harm the operator's position in a competitive tender.",
            conclusion="We have released all emissions data. The public interest favours withholding the rest.",
        )
    ],
    qualified_person=[],
    purposes=[],
    items=["3"],
)
EIR_ANNEX = Annex(
    stage="initial",
    heading="Annex: information within the scope of your request",
    exemptions_column="EIR exceptions",
    rows=[
        AnnexRow(item="1", description="Monitoring results, January to June 2025", decision="Disclosed",
                 exemptions="n/a"),
        AnnexRow(item="2", description="Draft report on monitoring results", decision="Withheld",
                 exemptions="12(4)(d)"),
        AnnexRow(item="3", description="Operator's quarterly returns", decision="Withheld in part",
                 exemptions="12(5)(e)"),
    ],
)  # fmt: skip


def _eir_letter(kind: str, title: str, letter_date: date, **sections: object) -> LetterContext:
    return LetterContext.model_validate(
        {
            "kind": kind,
            "title": title,
            "letter_date": letter_date,
            "authority": AUTHORITY,
            "recipient": RECIPIENT.model_copy(update={"organisation": None, "postal_address_lines": []}),
            "request": EIR_REQUEST,
            **sections,
        }
    )


def eir_extension() -> LetterContext:
    return _eir_letter(
        "extension",
        "We need more time to answer your request",
        date(2025, 10, 6),
        extension=Extension(
            kind="eir_reg7",
            notified_on=date(2025, 10, 6),
            original_due_on=date(2025, 10, 10),
            extended_to=date(2025, 11, 7),
            reason="The monitoring results run to more than 40,000 readings from six stations.",
            exemptions=[],
        ),
    )


def eir_decision() -> LetterContext:
    return _eir_letter(
        "decision",
        "Response to your request for environmental information",
        date(2025, 11, 7),
        decision=Decision(
            decided_on=date(2025, 11, 7),
            outcome="partly_withheld",
            outcome_sentence=(
                "We are releasing the monitoring results and withholding the draft report and part of the "
                "operator's returns."
            ),
            anything_withheld=True,
            exemptions=[REG12_4_D, REG12_5_E],
            review_request_by=date(2026, 1, 9),
            annex=EIR_ANNEX,
        ),
    )


def school_acknowledgement() -> LetterContext:
    """A maintained school: 20 school days or 60 working days (Time for Compliance Regulations 2004, reg 3)."""
    context = acknowledgement()
    return context.model_copy(update={"request": context.request.model_copy(update={"regime": "school"})})


# The FOISA case: a Scottish authority, FOISA Part 2 exemptions explained from the catalogue's own wording
# (exemptions/foisa-*.toml), the Scottish working-day calendar (FOISA s73) and the Scottish Information
# Commissioner from the regime's data (app/deadline/data/regimes/foisa.toml).

FOISA_CATALOGUE = load_catalogue(default_catalogue_dir())
FOISA_REGULATOR = get_regime("foisa").regulator
SCOTLAND = uk_calendar(("SCT",))
SCOTTISH_AUTHORITY = AUTHORITY.model_copy(
    update={
        "name": "Tayside Care Standards Board",
        "address_lines": ["Seabraes House", "18 Greenmarket", "Dundee", "DD1 4QB"],
        "email": "foi@tcsb.example.scot",
        "website": "https://www.tcsb.example.scot",
        "review_contact": "foi.reviews@tcsb.example.scot",
        "disclosure_log_url": "https://www.tcsb.example.scot/disclosure-log",
        "regulator_name": FOISA_REGULATOR.name,
        "regulator_address_lines": list(FOISA_REGULATOR.address_lines),
        "regulator_website": FOISA_REGULATOR.website,
        "regulator_complaint_provision": FOISA_REGULATOR.complaint_provision,
        "regulator_apply_within": FOISA_REGULATOR.apply_within,
        "regulator_apply_within_statutory": FOISA_REGULATOR.apply_within_statutory,
    }
)
FOISA_REQUEST = FOIA_REQUEST.model_copy(
    update={
        "reference": "FOISA-2025-0007",
        "request_text": REQUEST_TEXT.replace("Freedom of Information Act", "Freedom of Information (Scotland) Act"),
        "regime": "foisa",
        "regime_name": "Freedom of Information (Scotland) Act 2002",
        "act_short": "FOISA",
        "legal_basis": "FOISA 2002 s1 and s10",
        # law.md section 10, FOISA example 1: St Patrick's Day is a working day in Scotland.
        "due_on": date(2025, 4, 11),
    }
)
FOISA_RESPONDED_ON = date(2025, 4, 11)
FOISA_S30_TEST = PublicInterest(
    for_disclosure=S36_TEST.for_disclosure,
    for_withholding=(
        "There is also a strong public interest in a private space in which the board can consider frank advice "
        "before it reaches a decision, without advice being substantially inhibited."
    ),
    conclusion=S36_CONCLUSION,
)
FOISA_S30 = explain(
    "s30(b)(i)",
    FOISA_CATALOGUE,
    "foisa",
    reasoning=[S36_REASON],
    pi=[FOISA_S30_TEST],
    items=["11", "15"],
)
FOISA_S36 = explain(
    "s36(2)",
    FOISA_CATALOGUE,
    "foisa",
    reasoning=[
        "The providers' returns in item 13 were given to us on the understanding that they would be kept "
        "confidential, and disclosing them would be a breach of confidence that the providers could take to court."
    ],
    items=["13"],
)
FOISA_S38 = explain(
    "s38(1)(b)",
    FOISA_CATALOGUE,
    "foisa",
    reasoning=[
        "Item 16 names members of staff below senior level and describes their health. They would not expect this "
        "to be made public, and disclosure is not necessary to meet any legitimate interest in the update."
    ],
    items=["16"],
)
FOISA_ROWS = [
    AnnexRow(item="11", description="Chair's report (BM/25/12(P))", decision="Withheld in part",
             exemptions="30(b)(i)"),
    AnnexRow(item="13", description="Provider returns (BM/25/14(P))", decision="Withheld", exemptions="36(2)"),
    AnnexRow(item="15", description="Update on incident management (BM/25/15a(P))", decision="Withheld in part",
             exemptions="30(b)(i)"),
    AnnexRow(item="16", description="Staffing update (BM/25/16(P))", decision="Withheld in part",
             exemptions="38(1)(b)"),
    AnnexRow(item="17", description="Minutes of the public session (BM/25/17)", decision="Disclosed",
             exemptions="n/a"),
]  # fmt: skip
FOISA_ANNEX = Annex(
    stage="initial",
    heading="Annex: documents within the scope of your request",
    exemptions_column="FOISA exemptions",
    rows=FOISA_ROWS,
)


def _foisa_letter(kind: str, title: str, letter_date: date, **sections: object) -> LetterContext:
    return LetterContext.model_validate(
        {
            "kind": kind,
            "title": title,
            "letter_date": letter_date,
            "authority": SCOTTISH_AUTHORITY,
            "recipient": RECIPIENT,
            "request": FOISA_REQUEST,
            **sections,
        }
    )


def foisa_decision() -> LetterContext:
    """A Scottish authority: FOISA numbering (s16 refusal notice, s20 review, s47 application)."""
    return _foisa_letter(
        "decision",
        "Response to your request for information",
        FOISA_RESPONDED_ON,
        decision=Decision(
            decided_on=FOISA_RESPONDED_ON,
            outcome="partly_withheld",
            outcome_sentence=(
                "We are releasing some of the information you asked for and withholding the rest under the "
                "exemptions explained below."
            ),
            anything_withheld=True,
            exemptions=[FOISA_S30, FOISA_S36, FOISA_S38],
            # FOISA s20(5): 40 working days on the Scottish calendar (s73).
            review_request_by=SCOTLAND.nth_working_day_after(FOISA_RESPONDED_ON, 40),
            annex=FOISA_ANNEX,
        ),
    )


def foisa_internal_review(*, late: bool = False) -> LetterContext:
    """The review under FOISA s21: the outcome within 20 working days of the requirement for review (s21(1))."""
    requested_on = date(2025, 4, 28)
    due = SCOTLAND.nth_working_day_after(requested_on, 20)
    decided_on = SCOTLAND.nth_working_day_after(due, 3) if late else due
    rows = [_disclosed(r) if r.item == "15" else r for r in FOISA_ROWS]
    return _foisa_letter(
        "internal_review",
        "Outcome of the review of your request",
        decided_on,
        internal_review=InternalReview(
            requested_on=requested_on,
            original_response_on=FOISA_RESPONDED_ON,
            decided_on=decided_on,
            outcome="upheld_in_part",
            outcome_sentence=(
                "We have upheld the original decision in part. We are now releasing the update on incident "
                "management in full, and withholding the rest."
            ),
            original_exemptions="30(b)(i), 36(2) and 38(1)(b)",
            exemptions=[FOISA_S30.model_copy(update={"items": ["11"]}), FOISA_S36, FOISA_S38],
            changes=[
                ReviewChange(
                    item="15",
                    description="Update on incident management (BM/25/15a(P))",
                    before="Withheld in part",
                    after="Disclosed",
                    exemptions_before="30(b)(i)",
                    exemptions_after="n/a",
                )
            ],
            late=late,
            annex=FOISA_ANNEX.model_copy(update={"stage": "internal_review", "rows": rows}),
        ),
    )


SAMPLES = {
    "acknowledgement": acknowledgement,
    "clarification": clarification,
    "fees_notice": fees_notice,
    "extension_pit": extension_pit,
    "extension_commissioner": extension_commissioner,
    "eir_extension": eir_extension,
    "decision": decision,
    "decision_granted": decision_granted,
    "decision_not_held": decision_not_held,
    "eir_decision": eir_decision,
    "internal_review": internal_review,
    "internal_review_on_time": lambda: internal_review(late=False),
    "annex": annex,
    "published_decision": lambda: published(decision()),
    "published_internal_review": lambda: published(internal_review()),
    "school_acknowledgement": school_acknowledgement,
    "foisa_decision": foisa_decision,
    "foisa_internal_review": foisa_internal_review,
    "foisa_internal_review_late": lambda: foisa_internal_review(late=True),
}
