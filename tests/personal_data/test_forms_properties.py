"""Properties of the requester's forms (app.personal_data.forms), as pure functions: no database.

FOIA s40(1): the requester's own personal data must not reach the disclosure log. Generated requesters (Welsh,
Irish and accented names, apostrophes, compound surnames, JSON literals and ordinary words as name parts, one-
and two-letter parts, very long names) are written in generated certain forms inside generated text. What is
left after redaction is read with an oracle of this file's own, not the app's patterns: accents stripped (NFKD),
case folded, everything but letters and digits removed, then a substring test on each stretch of text between
two redactions.
"""

import itertools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from nameparser.config import CONSTANTS

from app.personal_data.forms import REDACTED, Match, RequesterDetails, requester_forms
from app.personal_data.words import address_spellings

GIVEN = (
    "Ann", "Jo", "A", "E", "Siân", "Gwenllïan", "Seán", "Zoë", "Björk", "Ngozi", "Éamon", "Mary", "Null", "False",
    "True", "Title", "Kind", "Reference", "Name", "Email", "Will",
)  # fmt: skip
SURNAMES = (
    "Lee", "Ó Súilleabháin", "O'Brien", "D’Arcy", "Smith-Jones", "van der Berg", "Gwenllïan", "Björk", "Reference",
    "Null", "False", "True", "Title", "Kind", "Name", "Email", "Bank", "Will", "Ng", "Li", "Wu", "B",
)  # fmt: skip
ORDINARY = (
    "Reference", "Kind", "Will", "Bank", "Null", "False", "True", "Title", "Name", "Email", "Regards", "Our", "You",
    "The", "Is", "Lee", "Smith", "Berg",
)  # fmt: skip
TITLES = ("Ms", "Mr", "Mrs", "Miss", "Mx", "Dr", "Dr.", "Prof", "Prof.", "Cllr", "Sir", "Revd", "Councillor")
# No titles, single letters or digits: each would join a placed form into a longer one of its own.
FILLER = (
    "our", "reference", "is", "kind", "regards", "request", "the", "council", "null", "false", "true", "title",
    "name", "email", "Will", "you", "bank", "minutes", "of", "meeting", "Thank", "Dear", "{", "}", '"kind":', "and",
)  # fmt: skip
LETTERS = "abcdefghijklmnopqrstuvwxyzáâäçéèêëíîïñóôöúûüŵŷ"
SEPARATORS = (" ", "  ", "\n", "\t", " \n", "\r\n", "\u00a0")
JUNK = (".", "-", "'", "’", "–", "(", '"')
CASINGS: dict[str, Callable[[str], str]] = {
    "as written": lambda s: s,
    "upper": str.upper,
    "lower": str.lower,
    "title": str.title,
}
CONTEXTS = (
    ("{left} ", " {right}"),
    ('{{"name": "', '", "kind": "{right}"}}'),
    ("{left}\n", "\n{right}"),
    ("Dear ", ",\n{right}"),
    ("{left} (", ") {right}"),
    ("{left}: ", ". {right}"),
)
FORM_KINDS = (
    "full name",
    "reversed name",
    "initial and surname",
    "surname and initial",
    "title and surname",
    "title and given name",
    "title and full name",
)


# --- The oracle ----------------------------------------------------------------------------------------------


def squashed(text: str) -> str:
    """Character by character: accents off (NFKD), case folded, letters and digits only."""
    kept = (c for char in text for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return "".join(c for c in "".join(kept).casefold() if c.isalnum())


def occurrences(needle: str, haystack: str) -> int:
    return sum(1 for i in range(len(haystack) - len(needle) + 1) if haystack.startswith(needle, i))


def survives(placed: str, redacted: str) -> bool:
    """The placed form can still be read in some stretch of the output between two redactions."""
    needle = squashed(placed)
    return any(needle in squashed(stretch) for stretch in redacted.split(REDACTED))


def uncovered(text: str, start: int, end: int, matches: list[Match]) -> str:
    """The letters and digits of text[start:end] that no match covers."""
    inside = [i for i in range(start, end) if text[i].isalnum()]
    return "".join(text[i] for i in inside if not any(m.start <= i < m.end for m in matches))


def readable(redacted: str) -> list[str]:
    """What the public can read of a redacted text, however the redactions took the spaces beside them."""
    return [squashed(stretch) for stretch in redacted.split(REDACTED)]


def adjacent_pairs(text: str) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in itertools.pairwise(w.casefold() for w in re.findall(r"\w+", text))}


# --- Requesters and how they are written ---------------------------------------------------------------------


def steers_the_parser(word: str) -> bool:
    """A title, suffix (III, X), conjunction or particle: nameparser gives it a meaning of its own, its business."""
    w = word.lower()
    sets = (CONSTANTS.titles, CONSTANTS.suffix_acronyms, CONSTANTS.suffix_not_acronyms, CONSTANTS.conjunctions)
    roman = re.fullmatch(r"x|ix|iv|v?i{0,3}", w)  # nameparser's generational suffixes: "Ann Mary X"
    return any(w in words for words in sets) or w in CONSTANTS.prefixes or roman is not None


generated_part = (
    st.text(alphabet=LETTERS, min_size=1, max_size=40)
    .map(lambda s: s[:1].upper() + s[1:])
    .filter(lambda s: not steers_the_parser(s))
)


@dataclass(frozen=True)
class Person:
    given: tuple[str, ...]
    surname: str

    @property
    def name(self) -> str:
        return " ".join((*self.given, self.surname))

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset(squashed(t) for t in re.split(r"[\s'’-]+", self.name) if squashed(t))


@st.composite
def people(draw: st.DrawFn) -> Person:
    given = draw(st.lists(st.one_of(st.sampled_from(GIVEN), generated_part), min_size=1, max_size=4))
    compound = st.builds("-".join, st.lists(generated_part, min_size=2, max_size=2))
    surname = draw(st.one_of(st.sampled_from(SURNAMES), generated_part, compound))
    return Person(tuple(given), surname)


@st.composite
def spelling(draw: st.DrawFn, text: str) -> str:
    """The same letters as another hand writes them: accents kept, dropped or decomposed; apostrophes straight,
    curly or gone; hyphens kept, as an en dash, a space or gone."""
    accents = draw(st.sampled_from(("keep", "strip", "decompose")))
    if accents == "strip":
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    elif accents == "decompose":
        text = unicodedata.normalize("NFD", text)
    text = re.sub("['’]", draw(st.sampled_from(("'", "’", ""))), text)
    return text.replace("-", draw(st.sampled_from(("-", "–", " ", ""))))


def initial(part: str) -> str:
    return next(c for c in part if c.isalpha()).upper()


def joined(
    draw: Callable[[st.SearchStrategy[str]], str], parts: list[str], between: tuple[str, ...] = SEPARATORS
) -> str:
    """The parts with a separator drawn for each gap (a space, a line break, a tab, two spaces)."""
    return "".join(part + draw(st.sampled_from(between)) for part in parts[:-1]) + parts[-1]


@st.composite
def placed_forms(draw: st.DrawFn, person: Person, kind: str) -> str:
    """One certain form of the person as a letter writes it: case, spacing and spelling drawn. An initial is
    always a capital as written: "a. lee" is not a form."""
    case = CASINGS[draw(st.sampled_from(sorted(CASINGS)))]
    title = draw(st.sampled_from(TITLES))
    first, middles, surname = person.given[0], list(person.given[1:]), person.surname
    given = [first, *middles] if draw(st.booleans()) else [first]
    if kind == "full name":
        middle = draw(st.sampled_from(("whole", "initials", "none")))
        shown = {"whole": middles, "initials": [initial(m) + "." for m in middles], "none": []}[middle]
        form = case(joined(draw, [first, *shown, surname]))
    elif kind == "reversed name":
        form = case(surname + draw(st.sampled_from((", ", ",", ",\n", " ", "\n"))) + joined(draw, given))
    elif kind == "initial and surname":
        form = joined(draw, [*(initial(g) for g in given), case(surname)], (". ", " ", ".", ".\n", ".  "))
    elif kind == "surname and initial":
        comma = draw(st.sampled_from((", ", ",", " , ", ",\n")))
        form = case(surname) + comma + initial(first) + draw(st.sampled_from((".", "")))
    elif kind == "title and surname":
        before = draw(st.sampled_from(([], [first], [initial(first)], [initial(first) + "."])))
        form = case(joined(draw, [title, *before, surname]))
    elif kind == "title and given name":
        form = case(joined(draw, [title, *given]))
    else:  # "title and full name"
        form = case(joined(draw, [title, *given, surname]))
    return draw(spelling(form))


@dataclass(frozen=True)
class Placed:
    text: str
    start: int
    end: int

    @property
    def form(self) -> str:
        return self.text[self.start : self.end]


@st.composite
def placed_in_text(draw: st.DrawFn, form: str, avoid: frozenset[str]) -> Placed:
    """The form inside generated text (JSON-looking, after a line break, in brackets) of none of the person's words."""
    words = [w for w in FILLER if squashed(w) not in avoid]

    def filler() -> str:
        chosen = draw(st.lists(st.sampled_from(words), min_size=1, max_size=6))
        return joined(draw, chosen).strip()

    before, after = draw(st.sampled_from(CONTEXTS))
    before, after = before.format(left=filler()), after.format(right=filler())
    return Placed(before + form + after, len(before), len(before) + len(form))


@st.composite
def placed_people(draw: st.DrawFn, kind: str | None = None) -> tuple[Person, Placed]:
    person = draw(people(), label="person")
    form = draw(placed_forms(person, kind or draw(st.sampled_from(FORM_KINDS), label="kind")), label="form")
    placed = draw(placed_in_text(form, person.tokens), label="text")
    assume(occurrences(squashed(placed.form), squashed(placed.text)) == 1)
    return person, placed


# --- Certain forms -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", FORM_KINDS)
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_a_certain_form_does_not_survive_redaction(kind: str, data: st.DataObject) -> None:
    person, placed = data.draw(placed_people(kind))
    redacted = requester_forms(RequesterDetails(person.name)).redact(placed.text)
    assert not survives(placed.form, redacted), (person.name, placed.text, redacted)


@pytest.mark.parametrize("kind", FORM_KINDS)
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_a_certain_form_is_redacted_whole(kind: str, data: st.DataObject) -> None:
    """No letter of the form is left beside the redaction: "[redacted] Lee" still names Ms Lee."""
    person, placed = data.draw(placed_people(kind))
    forms = requester_forms(RequesterDetails(person.name))
    left = uncovered(placed.text, placed.start, placed.end, forms.find(placed.text, certain=True))
    assert not left, (person.name, placed.text, forms.redact(placed.text))


@settings(max_examples=150, deadline=None)
@given(placed_people(), st.data())
def test_the_record_spaced_or_cased_otherwise_redacts_the_same(
    placed: tuple[Person, Placed], data: st.DataObject
) -> None:
    """ "Ann Lee", "  ANN  LEE " and "ann\tlee" on the record are one requester: text is redacted the same."""
    person, where = placed
    case = CASINGS[data.draw(st.sampled_from(sorted(CASINGS)), label="casing")]
    pad = data.draw(st.sampled_from(("", " ", "  ", "\n")), label="padding")
    typed = pad + data.draw(st.sampled_from(SEPARATORS)).join(case(person.name).split()) + pad
    expected = readable(requester_forms(RequesterDetails(person.name)).redact(where.text))
    assert readable(requester_forms(RequesterDetails(typed)).redact(where.text)) == expected, (typed, where.text)


stray = st.one_of(
    st.sampled_from(JUNK).map(lambda junk: "{name} " + junk),
    st.sampled_from(JUNK).map(lambda junk: junk + " {name}"),
    st.sampled_from((".", ",", "-", "'", "!", ")")).map(lambda junk: "{name}" + junk),
)


@settings(max_examples=100, deadline=None)
@given(placed_people(), stray)
def test_stray_punctuation_on_the_record_redacts_the_same(placed: tuple[Person, Placed], shape: str) -> None:
    """ "Ann Lee ." (a full stop typed into the name field) is still Ann Lee, and nobody else."""
    person, where = placed
    typed = shape.format(name=person.name)
    expected = readable(requester_forms(RequesterDetails(person.name)).redact(where.text))
    assert readable(requester_forms(RequesterDetails(typed)).redact(where.text)) == expected, (typed, where.text)


# --- Possible forms and ordinary words -----------------------------------------------------------------------

LETTER = "Our reference is FOI-2026-000001. Kind regards. Will you bank the title? null false"


@st.composite
def ordinary_people(draw: st.DrawFn) -> RequesterDetails:
    parts = draw(st.lists(st.sampled_from(ORDINARY), min_size=2, max_size=3))
    email = draw(st.one_of(st.none(), st.sampled_from(ORDINARY).map(lambda w: f"{w.lower()}@example.org")))
    organisation = draw(st.one_of(st.none(), st.sampled_from(ORDINARY)))
    return RequesterDetails(" ".join(parts), email=email, organisation=organisation)


@settings(max_examples=200, deadline=None)
@given(ordinary_people())
def test_ordinary_words_standing_alone_in_a_letter_survive_redaction(details: RequesterDetails) -> None:
    """Every part of the name is an ordinary word, and no two of them stand together in the letter."""
    parts = {p.casefold() for p in details.name.split()}
    assume(not any(pair <= parts for pair in adjacent_pairs(LETTER)))
    assert requester_forms(details).redact(LETTER) == LETTER


@settings(max_examples=150, deadline=None)
@given(ordinary_people(), st.data())
def test_ordinary_words_standing_alone_in_generated_text_survive_redaction(
    details: RequesterDetails, data: st.DataObject
) -> None:
    parts = {p.casefold() for p in details.name.split()}
    words = data.draw(st.lists(st.sampled_from(ORDINARY), min_size=1, max_size=12), label="words")
    assume(not any(pair <= parts for pair in adjacent_pairs(" ".join(words))))
    case = CASINGS[data.draw(st.sampled_from(sorted(CASINGS)), label="casing")]
    text = case(joined(data.draw, words, (*SEPARATORS, ". ", ", ", "? ")))
    assert requester_forms(details).redact(text) == text


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_one_letter_or_empty_name_part_never_redacts_single_letters(data: st.DataObject) -> None:
    """ "a cat, a dog" is never redacted for A Lee, Ann B, "A ." or an empty name: the longer part (and its
    initial) is not in the text."""
    letter = data.draw(st.sampled_from("ABEIOY"), label="letter")
    other = data.draw(
        st.one_of(st.sampled_from(SURNAMES), generated_part).filter(lambda s: len(s) > 1 and initial(s) != letter)
    )
    junk = data.draw(st.sampled_from(JUNK))
    shapes = (f"{letter} {other}", f"{other} {letter}", f"{other} {letter} {other}", letter, "", " ", junk)
    name = data.draw(
        st.sampled_from((*shapes, f"{letter} {junk}", f"{junk} {letter}", f"{letter}{junk}")), label="name"
    )
    own = (letter.lower(), letter, f"({letter.lower()})", f"{letter}.", f"{letter.lower()}.")
    words = data.draw(st.lists(st.sampled_from((*own, "cat", "dog", "and", "plan", "say")), min_size=1, max_size=12))
    text = joined(data.draw, [*words, ""], (" ", "  ", "\n", "\n\n", "\t", ", ", ". ", " (", ") "))
    assert requester_forms(RequesterDetails(name)).redact(text) == text, name


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_given_name_alone_is_only_possible_and_only_when_capitalised(data: st.DataObject) -> None:
    """Ann of Ann Lee, standing alone, is for a person to judge: never redacted, and found only as "Ann"."""
    person = data.draw(people(), label="person")
    first = person.given[0]
    surname_parts = {squashed(t) for t in re.split(r"[\s'’-]+", person.surname)} | {squashed(person.surname)}
    assume(len(squashed(first)) > 1 and squashed(first) not in surname_parts)
    case = CASINGS[data.draw(st.sampled_from(sorted(CASINGS)), label="casing")]
    written = data.draw(spelling(case(first)), label="written")
    placed = data.draw(placed_in_text(written, person.tokens), label="text")
    forms = requester_forms(RequesterDetails(person.name))
    assert forms.redact(placed.text) == placed.text, (person.name, placed.text)
    end = placed.end  # a trailing decomposed accent is inside the match (test_a_decomposed_accent_at_the_end...)
    found = [(m.start, m.end) for m in forms.find(placed.text, certain=False)]
    capital = next(c for c in written if c.isalpha()).isupper()
    assert ((placed.start, end) in found) is capital, (person.name, placed.text, found)


# --- Any text, any record ------------------------------------------------------------------------------------

any_name = st.one_of(
    st.text(max_size=60),
    people().map(lambda p: p.name),
    st.lists(st.sampled_from((*GIVEN, *SURNAMES, *JUNK, ",", "Ms", "Jr")), max_size=5).map(" ".join),
)
any_details = st.builds(
    RequesterDetails,
    name=any_name,
    email=st.one_of(st.none(), st.text(max_size=40), st.emails()),
    phone=st.one_of(st.none(), st.text(max_size=30), st.from_regex(r"\+?[0-9 ()-]{0,20}", fullmatch=True)),
    postal_address=st.one_of(st.none(), st.text(max_size=80), st.just("12 Acacia Avenue\nExampleton\nEX1 2AB")),
    organisation=st.one_of(st.none(), st.text(max_size=40)),
)


@st.composite
def any_text(draw: st.DrawFn, details: RequesterDetails) -> str:
    """Arbitrary text, with the requester's own details and awkward fragments spliced in."""
    own = [v for v in (details.name, details.email, details.phone, details.postal_address) if v] or [""]
    fragments = (REDACTED, "\n", "Ms ", ", ", "A. ", '{"name": "', "\\n")
    pieces = st.one_of(st.text(max_size=40), st.sampled_from(own), st.sampled_from(fragments))
    return "".join(draw(st.lists(pieces, max_size=6)))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_redact_never_raises_and_is_idempotent(data: st.DataObject) -> None:
    details = data.draw(any_details, label="details")
    text = data.draw(any_text(details), label="text")
    forms = requester_forms(details)
    once = forms.redact(text)
    assert forms.redact(once) == once


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_find_spans_are_the_text_in_order_and_never_overlap(data: st.DataObject) -> None:
    details = data.draw(any_details, label="details")
    text = data.draw(any_text(details), label="text")
    forms = requester_forms(details)
    for certain in (None, True, False):
        matches = forms.find(text, certain=certain)
        for match in matches:
            assert 0 <= match.start < match.end <= len(text)
            assert match.text == text[match.start : match.end]
            assert certain is None or match.form.certain is certain
        for before, after in itertools.pairwise(matches):
            assert before.end <= after.start, (before, after)


# --- Email, phone, postcode, address -------------------------------------------------------------------------

CONTACT_CONTEXTS = ("Contact: {} today", "<{}>", "mailto:{}", "({})", '{{"email": "{}"}}', "line one\n{}\nline two")
EMAILS = (
    "a.lee@example.net",
    "ann.lee+foi@example.co.uk",
    "o'brien@example.ie",
    "zoe_bjork@mail.example.org",
    "info@lee-family.example",
)
PHONES = {  # national number: its usual groups (Ofcom's numbers for drama)
    "2079460018": (2, 4, 4),
    "1134960000": (3, 3, 4),
    "7700900123": (4, 6),
    "1632960001": (4, 6),
    "2890180000": (2, 4, 4),
}
POSTCODES = ("EX1 2AB", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB", "LL57 2DG")
STREET_WORDS = ("Avenue", "Road", "Street", "Close", "Lane", "Crescent", "Drive", "Gardens", "Terrace", "Grove")


@st.composite
def any_case(draw: st.DrawFn, text: str) -> str:
    upper = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if u else c.lower() for c, u in zip(text, upper, strict=True))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(EMAILS), st.sampled_from(CONTACT_CONTEXTS), st.data())
def test_the_email_in_any_case_is_redacted(email: str, context: str, data: st.DataObject) -> None:
    written = data.draw(any_case(email), label="written")
    redacted = requester_forms(RequesterDetails("Ann Lee", email=email)).redact(context.format(written))
    assert redacted == context.format(REDACTED), (written, redacted)


@st.composite
def phone_spellings(draw: st.DrawFn, national: str) -> str:
    """The number as somebody writes it: +44, 0044, 0, (0) or brackets, grouped any way by spaces or dashes."""
    cuts = sorted(draw(st.sets(st.integers(1, len(national) - 1), max_size=4)))
    groups = [national[i:j] for i, j in zip([0, *cuts], [*cuts, len(national)], strict=True)]
    body = joined(draw, groups, (" ", "-", "", "  ", " - ", "."))
    prefix = draw(st.sampled_from(("0", "+44 ", "+44", "+44 (0)", "+44(0) ", "0044 ", "(0")))
    if prefix == "(0":
        return f"(0{groups[0]}) " + body[len(groups[0]) :].lstrip(" -.")
    return prefix + body


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(PHONES)),
    st.sampled_from(("usual", "+44", "plain")),
    st.sampled_from(CONTACT_CONTEXTS),
    st.data(),
)
def test_the_phone_number_however_written_is_redacted(
    national: str, record: str, context: str, data: st.DataObject
) -> None:
    cuts = list(itertools.accumulate(PHONES[national]))
    usual = " ".join(national[i:j] for i, j in zip([0, *cuts], cuts, strict=False))
    on_record = {"usual": "0" + usual, "+44": "+44 " + usual, "plain": "0" + national}[record]
    written = data.draw(phone_spellings(national), label="written")
    redacted = requester_forms(RequesterDetails("Ann Lee", phone=on_record)).redact(context.format(written))
    assert all(national not in re.sub(r"\D", "", s) for s in redacted.split(REDACTED)), (on_record, written, redacted)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(POSTCODES), st.sampled_from(("", " ", "  ")), st.sampled_from(CONTACT_CONTEXTS), st.data())
def test_the_postcode_with_or_without_its_space_in_any_case_is_redacted(
    postcode: str, space: str, context: str, data: st.DataObject
) -> None:
    written = data.draw(any_case(postcode.replace(" ", space)), label="written")
    address = f"12 Acacia Avenue\nExampleton\n{postcode}"
    redacted = requester_forms(RequesterDetails("Ann Lee", postal_address=address)).redact(context.format(written))
    assert not survives(written, redacted), (written, redacted)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 999),
    st.sampled_from(("Acacia", "Station", "Heol y Bont", "Bryn Siriol", "Null", "Ó Conaill")),
    st.sampled_from(STREET_WORDS),
    st.data(),
)
def test_the_first_address_line_with_its_street_word_shortened_is_redacted(
    number: int, street: str, word: str, data: st.DataObject
) -> None:
    address = f"{number} {street} {word}\nExampleton\nEX1 2AB"
    short = data.draw(st.sampled_from(address_spellings()[word.lower()]), label="street word")
    sep = data.draw(st.sampled_from((" ", ", ", "\n", "  ")), label="separator")
    case = CASINGS[data.draw(st.sampled_from(sorted(CASINGS)), label="casing")]
    written = data.draw(spelling(case(f"{number}{sep}{street} {short}" + data.draw(st.sampled_from(("", "."))))))
    text = data.draw(st.sampled_from(CONTACT_CONTEXTS)).format(written)
    redacted = requester_forms(RequesterDetails("Ann Lee", postal_address=address)).redact(text)
    assert not survives(written, redacted), (address, written, redacted)


# --- Worked examples -----------------------------------------------------------------------------------------

ANN = RequesterDetails("Ann Lee", email="a.lee@example.net", postal_address="12 Acacia Avenue\nExampleton\nEX1 2AB")


def test_a_name_broken_across_a_line_is_redacted_whole() -> None:
    assert requester_forms(ANN).redact("Copied to the council, Ann\nLee)") == "Copied to the council, [redacted])"


@pytest.mark.parametrize(
    "written",
    ["Ann Lee", "ANN\tLEE", "Lee, Ann", "Lee Ann", "A. Lee", "A Lee", "A.Lee", "Lee, A.", "Ms Lee", "Ms A Lee",
     "Dr Ann Lee", "Ms Ann", "A.Lee@Example.net", "a.lee", "12 Acacia Ave", "12 Acacia Ave.", "EX12AB", "ex1 2ab"],
)  # fmt: skip
def test_each_certain_form_of_ann_lee_is_redacted(written: str) -> None:
    assert requester_forms(ANN).redact(f"Written by {written} on Monday.") == "Written by [redacted] on Monday."


@pytest.mark.parametrize("written", ["Ann", "Lee", "a cat and a dog", "the lee of the hill", "a. lee"])
def test_a_part_of_ann_lee_alone_is_not_redacted(written: str) -> None:
    assert requester_forms(ANN).redact(f"Written by {written} on Monday.") == f"Written by {written} on Monday."


def test_our_reference_survives_for_jo_reference_but_jo_reference_does_not() -> None:
    forms = requester_forms(RequesterDetails("Jo Reference"))
    letter = "Our reference is FOI-2026-000001.\nDear Jo Reference,\nKind regards, Ms Reference"
    assert forms.redact(letter) == "Our reference is FOI-2026-000001.\nDear [redacted],\nKind regards, [redacted]"


def test_a_lower_case_surname_before_a_capital_initial_is_redacted() -> None:
    """ "lee, A." is Ann Lee as surely as "Lee, A.": the initial is a capital as written."""
    assert requester_forms(ANN).redact("Copied to lee, A. on Monday") == "Copied to [redacted] on Monday"


def test_a_title_before_the_full_name_with_a_middle_name_is_redacted_whole() -> None:
    assert requester_forms(RequesterDetails("Ann Mary Lee")).redact("Dear Ms Ann Mary Lee,") == "Dear [redacted],"


def test_a_full_stop_typed_after_the_name_on_the_record_changes_nothing() -> None:
    forms = requester_forms(RequesterDetails("Ann Lee ."))
    assert forms.redact("(Ann Lee)") == "([redacted])"
    assert forms.redact("Hello. Ann went home") == "Hello. Ann went home"
    assert forms.redact("Dear Mr\n\nSmith") == "Dear Mr\n\nSmith"


def test_a_full_stop_typed_after_an_ordinary_surname_does_not_make_it_certain_alone() -> None:
    """ "Jo Reference." on the record is Jo Reference: "Our reference" still survives (the headline rule)."""
    letter = "Our reference is FOI-2026-000001. We will reply."
    assert requester_forms(RequesterDetails("Jo Reference.")).redact(letter) == letter
    assert requester_forms(RequesterDetails("Ann Will.")).redact(letter) == letter


def test_a_one_letter_name_with_stray_punctuation_does_not_redact_the_letter_a() -> None:
    assert requester_forms(RequesterDetails("A .")).redact("a cat, a  dog") == "a cat, a  dog"


def test_punctuation_kept_at_the_end_of_a_name_part_neither_hides_the_name_nor_redacts_twice() -> None:
    forms = requester_forms(RequesterDetails("Ann Lee!"))
    assert forms.redact("Dear Ann Lee, thank you") == "Dear [redacted], thank you"
    once = forms.redact("Ann Lee!Ann Lee!")
    assert forms.redact(once) == once


def test_a_decomposed_accent_at_the_end_is_inside_the_match() -> None:
    """Text from some PDFs is decomposed (NFD): the combining diaeresis of Zoë is part of the name."""
    text = unicodedata.normalize("NFD", "Lee, Zoë.")
    forms = requester_forms(RequesterDetails("Zoë Lee"))
    assert [m.text for m in forms.find(text)] == [text[:-1]]
    assert forms.redact(text) == "[redacted]."


def test_the_name_after_an_escaped_line_break_in_a_json_file_is_found() -> None:
    """A released .json file is checked as its raw text (app.bundle.release_checks): "\\nAnn Lee" is Ann Lee."""
    text = json.dumps({"body": "Dear Sir,\nAnn Lee wrote"})
    assert [m.text for m in requester_forms(ANN).find(text, certain=True)] == ["Ann Lee"]
