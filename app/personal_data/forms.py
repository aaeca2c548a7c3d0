"""The forms a requester is written in, derived from their record: the one definition used for publication.

FOIA s40(1): a requester's own personal data is exempt, and a disclosure log is disclosure to the world. Every
published letter, document, page and file is checked against these forms, and the letters' free text is
redacted with them, so "Lee, Ann", "Ms A Lee", "A.LEE@EXAMPLE.NET" and "12 Acacia Ave" are the same person as
"Ann Lee" of "12 Acacia Avenue".

A *certain* form is always the requester (their full name, email, phone, postcode, address line). A *possible*
form is a part of their name standing alone that may be an ordinary word or another person ("Will" of "Will
Bank", "Ann" of "Ann Lee"): a person decides. An ordinary word is never matched alone as certain, so "Our
reference" survives in a letter to Jo Reference while "Jo Reference" never does.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from nameparser import HumanName
from nameparser.config import CONSTANTS

from app.personal_data.folding import fold, fold_text, squash
from app.personal_data.words import address_spellings, is_ordinary

TITLES = (
    "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "revd",
    "reverend", "cllr", "councillor",
)  # fmt: skip
GENERIC_MAILBOXES = frozenset({"info", "enquiries", "enquiry", "admin", "contact", "office", "mail", "hello", "foi"})
POSTCODE = re.compile(r"(?<![a-z0-9])([a-z]{1,2}\d[a-z\d]?) *(\d[a-z]{2})(?![a-z0-9])")
START, END = r"(?:(?<!\w)|(?<=\\[nrt]))", r"(?!\w)"  # after a word's edge, or an escaped line break
# A name ends where the letters do: "Ann Lee" in "0100Ann Lee2" is still Ann Lee (a house number's digits are not).
NAME_START, NAME_END = r"(?:(?<![^\W\d_])|(?<=\\[nrt]))", r"(?![^\W\d_])"
TITLE = r"(?:" + "|".join(TITLES) + r")\.?\s+"
REDACTED = "[redacted]"


@dataclass(frozen=True)
class Form:
    kind: str  # how the requester is written: "full name", "reversed name", "email", "postcode", ...
    pattern: re.Pattern[str]  # over folded text (app.personal_data.folding)
    certain: bool
    cased: bool = False  # the match must begin with a capital as written (an initial, a name part alone)
    cased_last: bool = False  # the match must end with a capital as written (the initial of "B, A.")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str  # as written
    form: Form

    @property
    def key(self) -> str:
        """The same finding however it is spaced or capitalised: what a dismissal or a redaction is kept under."""
        return squash(self.text)


@dataclass(frozen=True)
class RequesterDetails:
    """What publication knows of the requester: read from their record, nothing else."""

    name: str
    email: str | None = None
    phone: str | None = None
    postal_address: str | None = None
    organisation: str | None = None

    @classmethod
    def of(cls, requester: object) -> "RequesterDetails":
        return cls(
            name=str(getattr(requester, "name", "") or ""),
            email=getattr(requester, "email", None),
            phone=getattr(requester, "phone", None),
            postal_address=getattr(requester, "postal_address", None),
            organisation=getattr(requester, "organisation", None),
        )


@dataclass(frozen=True)
class RequesterForms:
    forms: tuple[Form, ...]

    def find(self, text: str, *, certain: bool | None = None) -> list[Match]:
        """Every place the requester is written, longest first where two overlap; `certain` to choose a kind."""
        folded = fold(text)
        candidates: list[tuple[int, int, Form]] = []
        for form in self.forms:
            if certain is not None and form.certain is not certain:
                continue
            for hit in form.pattern.finditer(folded.text):
                if hit.end() == hit.start():
                    continue
                start, end = folded.span(hit.start(), hit.end())
                if form.cased and not _capitalised(text[start:end]):
                    continue
                if form.cased_last and not _capitalised(text[start:end][::-1]):
                    continue
                candidates.append((start, end, form))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), not c[2].certain))
        found: list[Match] = []
        for start, end, form in candidates:
            if found and start < found[-1].end:
                continue
            found.append(Match(start, end, text[start:end], form))
        return found

    def redact(self, text: str, replacement: str = REDACTED) -> str:
        """The text with every certain form replaced, as a string: never over serialised data.

        Again until nothing changes (a few passes at most): a number glued to the one before it only stands
        alone once that one is gone."""
        for _ in range(4):
            out, pos = [], 0
            for match in self.find(text, certain=True):
                out += [text[pos : match.start], replacement]
                pos = match.end
            redacted = "".join(out) + text[pos:]
            if redacted == text:
                break
            text = redacted
        return text

    def with_marked(self, texts: Iterable[str]) -> "RequesterForms":
        """These forms and the passages an officer marked to remove before publication (certain from then on).

        A passage marked as written with a capital ("Will", of Will Bank) is removed only where it is written so:
        the word "will" in a sentence is not the requester."""
        marked = tuple(
            Form("marked by an officer", re.compile(START + _phrase(text) + END), True, cased=_capitalised(text))
            for text in sorted(set(texts))
            if re.search(r"\w", fold_text(text))
        )
        return RequesterForms(self.forms + marked) if marked else self


def _capitalised(text: str) -> bool:
    first = next((c for c in text if c.isalpha()), "")
    return first.isupper()


def _phrase(text: str) -> str:
    """A run of words, any spaces or punctuation between them (a line break, a tab, "A.Lee@Example")."""
    return r"\W+".join(re.escape(token) for token in re.findall(r"\w+", fold_text(text)))


def _clean_part(part: str) -> str:
    """A name part as letters, digits, apostrophes, hyphens and spaces: "Lee!" and "Lee." are Lee."""
    return " ".join(re.sub(r"[^\w\s'-]|_", " ", fold_text(part)).split()).strip(" '-")


def _part(part: str) -> str:
    """One name part: its apostrophe optional (O'Brien, OBrien, O Brien), its hyphen optional (Smith-Jones)."""
    out = []
    for piece in re.split(r"(['-]|\s+)", _clean_part(part)):
        if piece == "'":
            out.append(r"(?:'\s*|\s+)?")
        elif piece == "-":
            out.append(r"(?:\s*-\s*|\s+)?")
        elif piece.isspace():
            out.append(r"(?:\s*-\s*|\s+)")
        elif piece:
            out.append(re.escape(piece))
    return "".join(out)


def _name(pattern: str) -> re.Pattern[str]:
    return re.compile(NAME_START + pattern + NAME_END)


def _letters(part: str) -> str:
    return "".join(c for c in fold_text(part) if c.isalpha())


def _alone(part: str, kind: str, *, given: bool) -> Form | None:
    """A name part standing alone: certain for a surname no dictionary has, otherwise only for a person to judge."""
    letters = _letters(part)
    if len(letters) < 2:
        return None  # one letter alone is every "a" in the text
    ordinary = all(is_ordinary(token) for token in re.findall(r"[^\W\d_]+", fold_text(part)))
    certain = not given and not ordinary and len(letters) >= 3
    return Form(kind, _name(_part(part)), certain=certain, cased=not certain)


def _names(name: str) -> list[Form]:
    # Only the parts with letters in them: a stray "." or "-" in the record is no part of anybody's name.
    name = " ".join(t for t in name.split() if _letters(t))
    parsed = HumanName(name)
    given = [p for p in f"{parsed.first} {parsed.middle}".split() if _letters(p)]
    surname = parsed.last.strip() if _letters(parsed.last) else ""
    kept = f"{parsed.title} {parsed.first} {parsed.middle} {parsed.last} {parsed.suffix}".split()
    if sorted(kept) != sorted(name.split()):  # the parser lost a part ("Ann Né Lee"): first and last as written
        tokens = name.split()
        given, surname = tokens[:-1], tokens[-1] if tokens else ""
    if not surname and not given:
        tokens = name.split()
        given, surname = tokens[:-1], " ".join(tokens[-1:])
    elif not surname:
        given, surname = given[:-1], given[-1]
    if not surname:
        return []
    forms: list[Form] = []
    s = _part(surname)
    initial_s = _letters(surname.split()[-1])[:1]
    forms.append(Form("title and surname", _name(TITLE + s), certain=True))
    if alone := _alone(surname, "surname", given=False):
        forms.append(alone)
    for piece in re.split(r"[-\s]+", surname):
        if piece.casefold() in CONSTANTS.prefixes:
            continue  # "van", "de", "ap": a particle names nobody
        if piece != surname and (alone := _alone(piece, "part of the surname", given=False)):
            forms.append(alone)
    if not given:
        return forms
    first, middles = given[0], given[1:]
    g = _part(first)
    i = re.escape(_letters(first)[:1])
    middle = "".join(rf"(?:\s+(?:{_part(m)}|{re.escape(_letters(m)[:1])}\.?))?" for m in middles)
    initials = "".join(rf"(?:{re.escape(_letters(m)[:1])}(?:\.\s*|\s+))?" for m in middles)
    forms += [
        Form("full name", _name(g + middle + r"\s+" + s), certain=True),
        Form("reversed name", _name(s + r"(?:\s*,\s*|\s+)" + g + middle), certain=True),
        Form("title and name", _name(TITLE + rf"(?:(?:{g}|{i}\.?){middle}\s+)?" + s), certain=True),
        Form("title and given name", _name(TITLE + g + middle), certain=True),
        Form("initial and surname", _name(i + r"(?:\.\s*|\s+)" + initials + s), True, cased=True),
        # A one-letter surname and an initial are only a person written in capitals ("B, A."), not "i, i".
        Form("surname and initial", _name(s + r"\s*,\s*" + i + r"\.?"), True, cased_last=len(_letters(surname)) < 2),
    ]
    if initial_s:
        dotted = i + r"\.\s*" + "".join(rf"(?:{re.escape(_letters(m)[:1])}\.\s*)?" for m in middles)
        forms.append(
            Form("initials", re.compile(NAME_START + dotted + re.escape(initial_s) + r"\."), False, cased=True)
        )
    return forms + _given_alone(given)


def _given_alone(given: list[str]) -> list[Form]:
    return [alone for part in given if (alone := _alone(part, "given name", given=True))]


def _email(email: str) -> list[Form]:
    address = fold_text(email.strip())
    if not re.fullmatch(r"\w[\w.+'-]*@\w[\w-]*(?:\.[\w-]+)+", address):
        return []
    forms = [Form("email", re.compile(r"(?<![\w.+-])" + re.escape(address) + r"(?![\w-])"), certain=True)]
    local = address.split("@", 1)[0]
    letters = "".join(c for c in local if c.isalpha())
    if len(letters) >= 3 and local not in GENERIC_MAILBOXES and not is_ordinary(local):
        forms.append(Form("email name", re.compile(r"(?<![\w.+-])" + re.escape(local) + r"(?![\w-])"), certain=True))
    return forms


def _phone(phone: str) -> list[Form]:
    try:
        number = phonenumbers.parse(phone, "GB")
    except phonenumbers.NumberParseException:
        number = None
    digits = str(number.national_number) if number is not None else re.sub(r"\D", "", phone).lstrip("0")
    if len(digits) < 6:
        return []
    country = str(number.country_code) if number is not None else "44"
    prefix = rf"(?:(?:\+|00)\s*{country}\s*(?:\(\s*0\s*\)\s*)?[\s().-]*|(?:\(\s*)?0[\s().-]*)?"
    body = r"[\s().-]*".join(re.escape(d) for d in digits)
    return [Form("phone number", re.compile(r"(?<![\d+])" + prefix + body + r"(?!\d)"), certain=True)]


def _address_segment(segment: str) -> str:
    tokens = re.findall(r"[\w'-]+", fold_text(segment))
    spellings = address_spellings()
    parts = []
    for token in tokens:
        if token in spellings:
            parts.append("(?:" + "|".join(re.escape(s) for s in spellings[token]) + r")\.?")
        else:
            parts.append(_part(token))
    return r"[\s,]+".join(parts)


def _address(address: str) -> list[Form]:
    folded = fold_text(address.replace("\\n", "\n"))
    forms = [
        Form("postcode", re.compile(rf"(?<![a-z0-9]){re.escape(out)}\s*{re.escape(inw)}(?![a-z0-9])"), certain=True)
        for out, inw in POSTCODE.findall(folded)
    ]
    lines = [line for raw in address.replace("\\n", "\n").splitlines() for line in raw.split(",")]
    for index, line in enumerate(lines):
        segment = POSTCODE.sub(" ", fold_text(line)).strip(" .")
        tokens = re.findall(r"[\w'-]+", segment)
        if not tokens or (index > 0 and not any(c.isdigit() for c in segment)):
            continue  # a town or county alone names nobody
        if len(tokens) == 1 and (is_ordinary(tokens[0]) or len(tokens[0]) < 4 or tokens[0].isdigit()):
            continue
        forms.append(Form("address", re.compile(START + _address_segment(segment) + END), certain=True))
    return forms


def _organisation(organisation: str) -> list[Form]:
    tokens = fold_text(organisation).split()
    if not tokens or (len(tokens) == 1 and (is_ordinary(tokens[0]) or len(_letters(tokens[0])) < 3)):
        return []
    return [Form("organisation", re.compile(START + _phrase(organisation) + END), certain=True)]


@lru_cache(maxsize=512)
def forms_for(details: RequesterDetails, staff: tuple[str, ...] = ()) -> RequesterForms:
    """Every form of this requester, less those the authority itself prints (its own town, a namesake signatory)."""
    forms = _names(details.name)
    if details.email:
        forms += _email(details.email)
    if details.phone:
        forms += _phone(details.phone)
    if details.postal_address:
        forms += _address(details.postal_address)
    if details.organisation:
        forms += _organisation(details.organisation)
    own = fold_text("\n".join(staff))
    return RequesterForms(tuple(f for f in forms if not f.pattern.search(own)))


def requester_forms(requester: object, staff: Iterable[str] = ()) -> RequesterForms:
    return forms_for(RequesterDetails.of(requester), tuple(s for s in staff if s))
