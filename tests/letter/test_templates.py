"""Every letter template rendered to HTML and to tagged PDF, and the PDF read back with pypdf.

No database: the contexts are hand-built (tests/letter/samples.py). Each sample is rendered once per module and the
300-row annex once per session, so the suite stays quick.
"""

import re
import shutil
import time
from dataclasses import dataclass
from functools import cached_property
from io import BytesIO
from pathlib import Path
from typing import get_args

import pytest
from pypdf import PdfReader

from app.letter.context import LetterContext, LetterKind
from app.letter.render import LetterTemplateError, check_templates, render_html, render_pdf
from tests.letter import samples

TEMPLATES = (Path(__file__).resolve().parents[2] / "letter_templates").resolve()
# Variants of a kind already rendered to PDF: their differences are checked in the HTML, to keep the suite quick.
HTML_ONLY = {
    "internal_review_on_time",
    "published_internal_review",
    "school_acknowledgement",
    "foisa_internal_review_late",
}
PDF_SAMPLES = [name for name in samples.SAMPLES if name not in HTML_ONLY]


def squash(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines anywhere, including inside URLs."""
    return "".join(text.split())


@dataclass
class Rendered:
    context: LetterContext
    html: str
    pdf: bytes
    seconds: float

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(BytesIO(self.pdf))

    @cached_property
    def pages(self) -> list[str]:
        return [page.extract_text() for page in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return squash(" ".join(self.pages))

    def has(self, *phrases: str) -> None:
        missing = [phrase for phrase in phrases if squash(phrase) not in self.text]
        assert not missing, f"not in the {self.context.kind} PDF: {missing}"

    def lacks(self, *phrases: str) -> None:
        present = [phrase for phrase in phrases if squash(phrase) in self.text]
        assert not present, f"unexpectedly in the {self.context.kind} PDF: {present}"


def render(context: LetterContext, directory: Path = TEMPLATES) -> Rendered:
    start = time.perf_counter()
    html = render_html(context, directory)
    pdf = render_pdf(html, directory)
    return Rendered(context, html, pdf, time.perf_counter() - start)


@pytest.fixture(scope="module")
def letter() -> object:
    """letter(name) renders samples.SAMPLES[name] once for the module."""
    cache: dict[str, Rendered] = {}

    def get(name: str) -> Rendered:
        if name not in cache:
            cache[name] = render(samples.SAMPLES[name]())
        return cache[name]

    return get


@pytest.fixture(scope="session")
def long_annex() -> Rendered:
    return render(samples.decision_long_annex())


def test_there_is_a_sample_for_every_kind() -> None:
    assert {factory().kind for factory in samples.SAMPLES.values()} == set(get_args(LetterKind))


def test_every_template_compiles() -> None:
    check_templates(TEMPLATES, list(get_args(LetterKind)))


@pytest.mark.parametrize("name", PDF_SAMPLES)
def test_pdf_is_titled_tagged_and_in_british_english(letter, name: str) -> None:
    rendered = letter(name)
    context = rendered.context
    title = f"{context.title} – {context.request.reference}"
    assert rendered.reader.metadata is not None
    assert rendered.reader.metadata.title == title
    root = rendered.reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert '<html lang="en-GB">' in rendered.html
    assert f"<title>{title}</title>" in rendered.html
    assert len(re.findall(r"<h1[ >]", rendered.html)) == 1
    assert "<th>" not in rendered.html, "every header cell has a scope"
    rendered.has(context.title, context.request.reference, context.authority.name)
    pages = len(rendered.reader.pages)
    assert f"Page {pages} of {pages}" in rendered.pages[-1]


@pytest.mark.parametrize("name", [n for n in PDF_SAMPLES if n != "annex"])
def test_letters_are_signed(letter, name: str) -> None:
    rendered = letter(name)
    authority = rendered.context.authority
    rendered.has(rendered.context.recipient.salutation, "Yours sincerely", authority.signatory_name)
    rendered.has(authority.signatory_title)


def test_acknowledgement(letter) -> None:
    rendered = letter("acknowledgement")
    rendered.has(
        "we received on 14 March 2025",
        "under the Freedom of Information Act 2000 (the FOI Act)",
        "by Monday 14 April 2025 at the latest",
        "section 10(1) of the FOI Act",
        "Papers for the private board session of 27 February 2025",
        "Challenged providers update (BM/25/16(P))",
        samples.AUTHORITY.email,
    )


def test_clarification(letter) -> None:
    rendered = letter("clarification")
    rendered.has(
        "section 1(3) of the FOI Act",
        "Our board met in private on 27 February 2025 and again on 6 March 2025.",
        "within 20 working days of the day we receive it",
        "by Wednesday 18 June 2025",
        "section 16 of the FOI Act",
    )


def test_fees_notice(letter) -> None:
    rendered = letter("fees_notice")
    rendered.has(
        "fees notice under section 9(1) of the FOI Act",
        "£18.40",
        "Printing 320 pages at 5p a page: £16.00",
        "The last day to pay is Friday 20 June 2025",
        "three months beginning with the day of this notice (section 9(2) of the FOI Act)",
        "We do not have to answer your request until we receive the fee",
        "section 10(2) of the FOI Act",
        "We had used 3 working days of that time",
    )


def test_public_interest_extension(letter) -> None:
    rendered = letter("extension_pit")
    context = rendered.context
    assert context.extension is not None
    for exemption in context.extension.exemptions:
        rendered.has(f"section {exemption.display} – {exemption.section_title}")
    rendered.has(
        "notice under section 17(1) of the FOI Act",
        "Section 10(3) of the FOI Act",
        "by Thursday 15 May 2025",
        "estimate under section 17(2)",
        "Our qualified person must give an opinion",
        samples.AUTHORITY.review_contact,
        "section 50 of the FOI Act",
    )


def test_eir_regulation_7_extension(letter) -> None:
    rendered = letter("eir_extension")
    rendered.has(
        "under the Environmental Information Regulations 2004 (the EIR)",
        "Regulation 7(1) of the EIR",
        "from 20 to 40 working days",
        "complexity and volume",
        "by Friday 7 November 2025 at the latest",
        "more than 40,000 readings",
    )
    rendered.lacks("section 17", "public interest")


def test_commissioner_extension(letter) -> None:
    rendered = letter("extension_commissioner")
    rendered.has(
        "Time for Compliance with Request) Regulations 2004",
        "The Information Commissioner has specified Friday 13 June 2025",
        "60 working days",
    )


def test_decision_is_a_complete_refusal_notice(letter) -> None:
    rendered = letter("decision")
    decision = rendered.context.decision
    assert decision is not None
    rendered.has(
        "Section 21(1) – Information accessible to the applicant by other means",
        "Section 31(1)(g) and 31(2)(c) – Law enforcement",
        "Section 33(1)(b) – Audit functions",
        "Section 36(2)(b)(i) and (ii) and (c) – Prejudice to effective conduct of public affairs",
        "refusal notice under section 17(1) of the FOI Act",
        decision.outcome_sentence,
    )
    for exemption in decision.exemptions:
        rendered.has(f"section {exemption.display}", exemption.section_title, *exemption.reasoning)
        rendered.has(*exemption.paragraphs)
        for test in exemption.public_interest:
            rendered.has(test.conclusion)
    rendered.has(
        samples.QUALIFIED_PERSON,
        "Chief Executive",
        "On 8 April 2025",
        "section 31(2)(c): ascertaining whether circumstances which would justify regulatory action",
        samples.S36_CONCLUSION,
        "In favour of disclosure",
        "In favour of withholding the information",
        "This applies to items 11, 12 and 15 in the annex.",
    )
    # s17(7): the review procedure and the right to complain to the regulator, with the address.
    rendered.has(
        "ask us to carry out an internal review",
        samples.AUTHORITY.review_contact,
        "within 40 working days of the date of this letter, that is by Friday 11 July 2025",
        "section 50 of the FOI Act",
        "within six weeks",
        *samples.AUTHORITY.regulator_address_lines,
        samples.AUTHORITY.regulator_website,
        "disclosure log",
        samples.AUTHORITY.disclosure_log_url or "",
    )
    for row in decision.annex.rows:
        rendered.has(f"{row.item} {row.description} {row.decision} {row.exemptions}")


def test_each_section_is_explained_once(letter) -> None:
    rendered = letter("decision")
    assert rendered.text.count(squash(samples.S36_PARAGRAPHS[0])) == 1
    assert rendered.text.count(squash(samples.S36_REASON)) == 1
    assert rendered.text.count(squash(samples.S36_CONCLUSION)) == 1


def test_statistical_information_needs_no_opinion() -> None:
    # FOIA s36(4): item 15's information is statistical; items 11 and 12 rest on the qualified person's opinion.
    context = samples.decision()
    assert context.decision is not None
    exemptions = [
        e.model_copy(update={"statistical_items": ["15"], "statistical_provision": "36(4)"})
        if e.section_code == "s36"
        else e
        for e in context.decision.exemptions
    ]
    changed = context.model_copy(update={"decision": context.decision.model_copy(update={"exemptions": exemptions})})
    html = " ".join(render_html(changed, TEMPLATES).split())
    assert html.count("The information in item 15 is statistical information.") == 1
    assert "Under section 36(4) of the FOI Act, no qualified person's opinion is needed" in html
    assert "we have judged for ourselves that disclosing it would, or would be likely to, cause the harm" in html
    assert f"Our qualified person for section 36 is {samples.QUALIFIED_PERSON}" in html
    assert "is statistical information" not in render_html(samples.decision(), TEMPLATES)


def test_decision_granted_in_full(letter) -> None:
    rendered = letter("decision_granted")
    rendered.has("We are releasing all the information you asked for.", "internal review", "Information Commissioner")
    rendered.lacks("refusal notice", "public interest test")


def test_decision_not_held(letter) -> None:
    rendered = letter("decision_not_held")
    rendered.has("We do not hold the papers you asked for", "section 1(1)(a) of the FOI Act", "we do not hold it")
    rendered.lacks("refusal notice", "Annex:")


def test_eir_decision(letter) -> None:
    rendered = letter("eir_decision")
    rendered.has(
        "Regulation 12(4)(d) – Material in the course of completion",
        "Regulation 12(5)(e) – Confidentiality of commercial or industrial information",
        "refusal notice under regulation 14 of the EIR",
        "regulation 12(1)(b) of the EIR",
        "presumption in favour of disclosure (regulation 12(2))",
        "regulation 11 of the EIR",
        "section 50 of the Freedom of Information Act 2000, which regulation 18 of the EIR applies",
        "EIR exceptions",
        "We have released all emissions data.",
    )
    rendered.lacks("section 17", "FOI Act")


def test_internal_review(letter) -> None:
    rendered = letter("internal_review")
    review = rendered.context.internal_review
    assert review is not None
    rendered.has(
        "On 2 June 2025 you asked us to review our response of 15 May 2025",
        "Under the Freedom of Information Act, please send me the papers",
        "sections 21(1), 31(1)(g) and 31(2)(c), 33(1)(b) and 36(2)(b)(i) and (ii) and (c) of the FOI Act",
        "We have upheld the original decision in part.",
        review.outcome_sentence,
        "We are now withholding information on the basis of the exemptions in sections 21(1), 31(1)(g) and 31(2)(c) "
        "and 36(2)(b)(i) and (ii) and (c) of the FOI Act, as explained below.",
        "We are sorry that the review took longer than it should have.",
        "20 working days, or 40 working days in exceptional cases",
        "there is no further review with us",
        "section 50 of the FOI Act",
        samples.AUTHORITY.regulator_address_lines[1],
        "Section 36(2)(b)(i) and (ii) and (c) – Prejudice to effective conduct of public affairs",
        samples.QUALIFIED_PERSON,
    )
    for change in review.changes:
        rendered.has(f"{change.item} {change.description} {change.before}", change.after)
    rendered.has("Withheld Exemptions: 31(1)(g) and 31(2)(c) and 33(1)(b)")
    rendered.has("Withheld in part Exemptions: 31(1)(g) and 31(2)(c)")
    rendered.lacks("If you are unhappy with this response", "Section 33(1)(b) – Audit functions")


@pytest.mark.parametrize(
    ("record", "says"),
    [
        ({}, "Someone who was not involved in the original decision has carried out the review."),
        (
            {"independent": False, "involved_role": "reviewer", "involved_is_reviewer": True},
            "The review was carried out by one of our reviewers, who was also involved in the original decision.",
        ),
        (
            {"independent": False, "involved_role": "qualified_person", "involved_is_reviewer": False},
            "One of our qualified persons, who was involved in the original decision, also took part in the review.",
        ),
        ({"independent": False}, None),
    ],
)
def test_internal_review_claims_independence_only_when_the_record_shows_it(
    record: dict[str, object], says: str | None
) -> None:
    # s45 Code of Practice, section 5.
    context = samples.internal_review()
    assert context.internal_review is not None
    review = context.internal_review.model_copy(update=record)
    html = " ".join(render_html(context.model_copy(update={"internal_review": review}), TEMPLATES).split())
    assert ("not involved" in html) is (record == {})
    if says is not None:
        assert says in html
    else:
        assert "involved" not in html
    assert "we dealt with under the Freedom of Information Act 2000 (the FOI Act)." in html
    assert "This letter tells you the outcome." in html


def test_internal_review_on_time_has_no_apology() -> None:
    html = render_html(samples.SAMPLES["internal_review_on_time"](), TEMPLATES)
    assert "We have upheld the original decision in part." in html
    assert "sorry" not in html


def test_school_time_limit() -> None:
    html = " ".join(render_html(samples.SAMPLES["school_acknowledgement"](), TEMPLATES).split())
    assert "no later than 20 school days (or 60 working days, if that is sooner)" in html
    assert "Time for Compliance with Request) Regulations 2004" in html


def test_foisa_citations() -> None:
    html = " ".join(render_html(samples.SAMPLES["foisa_decision"](), TEMPLATES).split())
    assert "the Freedom of Information (Scotland) Act 2002 (FOISA)" in html
    assert "refusal notice under section 16 of FOISA" in html
    assert "section 20(1) of FOISA" in html
    assert "section 47(1) of FOISA" in html
    assert "Scottish Information Commissioner" in html
    assert "section 17" not in html
    assert "the FOISA" not in html


# What no FOISA letter may say: the ICO's address and provisions, its six-week guidance, FOIA's review timescale.
NOT_IN_FOISA = (
    "Wilmslow",
    "Information Commissioner's Office",
    "ico.org.uk",
    "section 50",
    "six weeks",
    "40 working days of receiving your requirement",
    "exceptional cases",
    "section 31(2)",
)


def test_foisa_decision_names_the_scottish_commissioner_and_foisa_sections(letter) -> None:
    rendered = letter("foisa_decision")
    rendered.has(
        "We rely on section 30(b)(i) of FOISA.",
        # The harm test comes from exemptions/foisa-s30.toml, not from the template.
        "would be likely to, inhibit substantially the free and frank provision of advice",
        "Section 30(b)(i) – Prejudice to effective conduct of public affairs",
        "section 2(1)(b) of FOISA",
        "The public interest test",
        samples.S36_CONCLUSION,
        "We rely on section 36(2) of FOISA.",
        "This part is an absolute exemption",
        "We rely on section 38(1)(b) of FOISA.",
        "refusal notice under section 16 of FOISA",
        "require us to review it",
        "section 20(1) of FOISA",
        "section 20(5) of FOISA",
        "within 20 working days of receiving your requirement for review (section 21(1) of FOISA)",
        "Your right to apply to the Scottish Information Commissioner",
        "section 47(1) of FOISA",
        "within six months",
        "Kinburn Castle",
        "Doubledykes Road",
        "St Andrews",
        "KY16 9DS",
        "https://www.foi.scot",
        "Item Document Decision FOISA exemptions",
        "11 Chair's report (BM/25/12(P)) Withheld in part 30(b)(i)",
    )
    rendered.lacks(*NOT_IN_FOISA)
    for phrase in NOT_IN_FOISA:
        assert phrase not in rendered.html, phrase


def test_foisa_review_letter(letter) -> None:
    rendered = letter("foisa_internal_review")
    rendered.has(
        "we withheld information under sections 30(b)(i), 36(2) and 38(1)(b) of FOISA",
        "This letter is the outcome of our review under section 21 of FOISA.",
        "apply to the Scottish Information Commissioner for a decision",
        "section 47(1) of FOISA",
        "within six months of receiving this letter (section 47(4) of FOISA)",
        "Kinburn Castle",
        "We rely on section 30(b)(i) of FOISA.",
    )
    rendered.lacks(*NOT_IN_FOISA, "sorry")
    late = " ".join(render_html(samples.SAMPLES["foisa_internal_review_late"](), TEMPLATES).split())
    assert "Section 21(1) of FOISA requires us to reply within 20 working days" in late
    assert "40 working days" not in late


def test_foia_and_eir_letters_still_name_the_information_commissioner(letter) -> None:
    for name in ("decision", "internal_review", "eir_decision"):
        rendered = letter(name)
        rendered.has("Information Commissioner", "Wilmslow")
        rendered.lacks("Scottish Information Commissioner", "Kinburn Castle", "FOISA")


def test_annex_on_its_own(letter) -> None:
    rendered = letter("annex")
    assert rendered.context.annex is not None
    rendered.has("Request FOI-2025-0142: Papers for the private board session", rendered.context.annex.heading)
    rendered.has("Item Document Decision FOI Act exemptions")
    for row in rendered.context.annex.rows:
        rendered.has(f"{row.item} {row.description} {row.decision} {row.exemptions}")
    rendered.lacks("Dear", "Yours sincerely")


PERSONAL_DATA = [
    samples.REQUESTER_NAME,
    samples.REQUESTER_EMAIL,
    samples.REQUESTER_ORGANISATION,
    *samples.REQUESTER_ADDRESS,
]


def test_published_copy_has_no_personal_data(letter) -> None:
    rendered = letter("published_decision")
    metadata = " ".join(str(value) for value in (rendered.reader.metadata or {}).values())
    xmp = rendered.reader.trailer["/Root"].get("/Metadata")
    xmp_text = xmp.get_object().get_data().decode("utf-8", "replace") if xmp is not None else ""
    for value in PERSONAL_DATA:
        assert squash(value) not in rendered.text, value
        assert value not in rendered.html, value
        assert value not in metadata, value
        assert value not in xmp_text, value
    rendered.has("Published copy", "[name removed]")
    assert "Dear" not in rendered.text


def test_published_internal_review_has_no_personal_data() -> None:
    html = render_html(samples.SAMPLES["published_internal_review"](), TEMPLATES)
    for value in PERSONAL_DATA:
        assert value not in html, value
    assert "Dear" not in html


def test_personal_data_is_in_the_requesters_own_copy(letter) -> None:
    """The published-copy test is meaningful only if the same data is there before redaction."""
    rendered = letter("decision")
    rendered.has(samples.REQUESTER_NAME, samples.REQUESTER_EMAIL, samples.REQUESTER_ORGANISATION)
    rendered.has(*samples.REQUESTER_ADDRESS)


def test_long_annex_repeats_its_header_and_never_splits_a_row(long_annex: Rendered) -> None:
    assert long_annex.seconds < 30, f"300-row annex took {long_annex.seconds:.1f}s"
    first = next(i for i, page in enumerate(long_annex.pages) if "Annex: documents within the scope" in page)
    annex_pages = [squash(page) for page in long_annex.pages[first:]]
    assert len(annex_pages) >= 5
    header = squash("Item Document Decision FOI Act exemptions")
    for number, page in enumerate(annex_pages, start=first + 1):
        assert page.count(header) == 1, f"page {number} has no header row"
    assert long_annex.text.count(header) == len(annex_pages)
    decision = long_annex.context.decision
    assert decision is not None
    for row in decision.annex.rows:
        cell = squash(f"{row.item} {row.description} {row.decision}")
        assert sum(cell in page for page in annex_pages) == 1, f"row {row.item} is missing or split"


def test_logo_has_alternative_text(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(_tiny_png())
    context = samples.acknowledgement()
    context = context.model_copy(update={"authority": context.authority.model_copy(update={"logo_path": str(logo)})})
    html = render_html(context, TEMPLATES)
    assert f'<img class="logo" src="{logo}" alt="Northern Care Standards Authority logo">' in html
    pdf = PdfReader(BytesIO(render_pdf(html, TEMPLATES)))
    resources = pdf.pages[0]["/Resources"]
    assert "/XObject" in resources, "the logo is drawn"


@pytest.mark.parametrize(
    ("broken", "original", "replacement"),
    [
        ("acknowledgement.html", "<h2>Contact us</h2>", "<h2>Contact us {{ letter.no_such_field }}</h2>"),
        ("_macros.html", "{% macro contact_us() -%}", "{% macro contact_us() -%}{{ no_such_variable }}"),
    ],
)
def test_undefined_variable_names_the_template(tmp_path: Path, broken: str, original: str, replacement: str) -> None:
    directory = tmp_path / "letter_templates"
    shutil.copytree(TEMPLATES, directory)
    path = directory / broken
    source = path.read_text()
    assert original in source
    path.write_text(source.replace(original, replacement, 1))
    with pytest.raises(LetterTemplateError, match=re.escape(broken)):
        render_html(samples.acknowledgement(), directory)


def _tiny_png() -> bytes:
    """A 1x1 dark-blue PNG, built here so the test needs no binary fixture."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x1d\x70\xb8")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
