"""Other people's details that look like personal data: offered to a reviewer as suggestions, never applied.

FOIA s40(2): third parties' personal data (subject to the conditions in s40(3A)). Patterns only: a name is not
recognised without a model, so only contact details and identifiers with a published format are suggested.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers

# A UK number as written (Ofcom's drama ranges too, which the library does not count as valid).
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b")
# HMRC's National Insurance number format: two prefix letters (not D, F, I, Q, U, V; second not O; not the
# unissued pairs), six digits, suffix A-D; written with or without spaces.
NINO = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE
)
NHS = re.compile(r"(?<![\d-])\d{3}[\s-]?\d{3}[\s-]?\d{4}(?![\d-])")


@dataclass(frozen=True)
class Hit:
    kind: str  # "email", "phone", "postcode", "National Insurance number", "NHS number"
    text: str  # whitespace folded: a number wrapped across two lines is one number


def nhs_number_valid(digits: str) -> bool:
    """NHS Data Dictionary: the tenth digit is the modulus 11 check of the first nine (weights 10 down to 2)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _folded(text: str) -> str:
    return " ".join(text.split())


def find(text: str) -> Iterator[Hit]:
    for match in EMAIL.finditer(text):
        yield Hit("email", match.group(0))
    phones = {_folded(found.raw_string) for found in phonenumbers.PhoneNumberMatcher(text, "GB")}
    phones |= {_folded(match.group(0)) for match in PHONE.finditer(text)}
    for phone in sorted(phones):
        yield Hit("phone", phone)
    for match in POSTCODE.finditer(text.upper()):
        yield Hit("postcode", _folded(text[match.start() : match.end()]))
    for match in NINO.finditer(text):
        yield Hit("National Insurance number", _folded(match.group(0)))
    for match in NHS.finditer(text):
        if nhs_number_valid(re.sub(r"\D", "", match.group(0))):
            yield Hit("NHS number", _folded(match.group(0)))
