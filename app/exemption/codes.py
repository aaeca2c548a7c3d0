"""Exemption codes: parsing "s36(2)(b)(ii)" and "reg12(5)(e)", loose forms, and statute order."""

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Regime = Literal["foia", "eir", "foisa"]

# FOISA numbers its exemptions as FOIA does ("s30"), so codes are unique only within a regime.
REGIME_PREFIX: dict[str, str] = {"foia": "s", "eir": "reg", "foisa": "s"}
REGIME_LABEL: dict[str, str] = {"foia": "FOIA", "eir": "the EIR", "foisa": "FOISA"}
# A code cited with no regime is read as FOIA or the EIR (their prefixes never clash), as it was before FOISA
# joined the catalogue: every citation stored without a regime is one of theirs.
DEFAULT_REGIMES: tuple[str, ...] = ("foia", "eir")
_KIND = {"foia": "a FOIA exemption", "eir": "an EIR exception", "foisa": "a FOISA exemption"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_SUFFIX_RANK = 10_000
_ROMAN = {"i": 1, "v": 5, "x": 10}

_CODE_RE = re.compile(r"^(s|reg)(\d+[A-Z]?)((?:\((?:\d+[A-Z]*|[a-z]+)\))*)(/[a-z]+)?$")
_LOOSE_RE = re.compile(
    r"^(?:(?P<act>foisa|foia|eir)\b\s*)?"
    r"(?P<word>sections?|sec\.?|ss?\.?|regulations?|regs?\.?|r\.?)?\s*"
    r"(?P<head>\d+[a-z]?)\s*(?P<parts>(?:\(\s*[0-9a-z]+\s*\)\s*)*)(?P<suffix>/\s*[a-z]+)?$"
)


# --- codes ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedCode:
    """A code split into its parts: "s36(2)(b)(ii)" -> ("s", "36", ("2", "b", "ii"), None)."""

    prefix: str
    head: str
    parts: tuple[str, ...]
    suffix: str | None = None

    @property
    def code(self) -> str:
        brackets = "".join(f"({p})" for p in self.parts)
        return f"{self.prefix}{self.head}{brackets}" + (f"/{self.suffix}" if self.suffix else "")

    def key(self) -> tuple[int, ...]:
        """Statute order: FOIA before the EIR, then section number, then each bracketed part in turn."""
        key = [0 if self.prefix == "s" else 1, *_number_rank(self.head)]
        previous_alpha = False
        for part in self.parts:
            if part[0].isdigit():
                key += _number_rank(part)
                previous_alpha = False
            else:
                # Below a lettered paragraph come roman sub-paragraphs: s36(2)(b)(ii), not letter "ii".
                roman = _roman_value(part) if previous_alpha else None
                key += [roman if roman is not None else _letters_rank(part), 0]
                previous_alpha = True
        if self.suffix:
            key += [_SUFFIX_RANK, _ORDINALS.get(self.suffix, 99)]
        return tuple(key)


def _number_rank(text: str) -> list[int]:
    """Split "22A" into [22, rank of "A"], so that 22 < 22A < 23."""
    digits = re.match(r"\d+", text)
    assert digits is not None  # only called on parts that start with a digit
    return [int(digits[0]), _letters_rank(text[digits.end() :])]


def _letters_rank(letters: str) -> int:
    return sum((ord(ch.lower()) - 96) * 27 ** (2 - i) for i, ch in enumerate(letters[:3]))


def _roman_value(text: str) -> int | None:
    if not all(ch in _ROMAN for ch in text):
        return None
    values = [_ROMAN[ch] for ch in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def parse_code(code: str) -> ParsedCode | None:
    """Parse a canonical code ("s22A(1)", "reg12(5)(e)", "s40(2)/second"); None if it is not canonical."""
    match = _CODE_RE.fullmatch(code)
    if not match:
        return None
    prefix, head, parts, suffix = match.groups()
    return ParsedCode(prefix, head, tuple(re.findall(r"\(([^)]+)\)", parts)), suffix[1:] if suffix else None)


def _normalise(text: str) -> tuple[str | None, str] | None:
    """Loose input -> (prefix or None when the input did not say, canonical code without its prefix)."""
    match = _LOOSE_RE.fullmatch(text.strip().lower())
    if not match:
        return None
    word = (match["word"] or "").rstrip(".")
    if word.startswith("r"):
        prefix: str | None = "reg"
    elif word:
        prefix = "s"
    else:
        prefix = {"foia": "s", "foisa": "s", "eir": "reg"}.get(match["act"] or "")
    found = re.findall(r"\(\s*([0-9a-z]+)\s*\)", match["parts"])
    parts = [part.upper() if part[0].isdigit() else part for part in found]
    suffix = re.sub(r"\s", "", match["suffix"] or "")
    return prefix, match["head"].upper() + "".join(f"({p})" for p in parts) + suffix


def _within(code: str, section_code: str) -> bool:
    """True when `code` is below `section_code`: "s40(2)/second" is within "s40"; "s400" is not."""
    return code.startswith(section_code) and code[len(section_code) : len(section_code) + 1] in ("(", "/")
