"""Text folded for matching how a person is written: case, accents, apostrophes, hyphens and spaces each made one.

Every folded character remembers where it came from, so a match found in the folded text is cut out of the text
as it was written (a name with an accent, a curly apostrophe or a line break inside it).
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

APOSTROPHES = frozenset("'’‘`´ʼʹ′")
HYPHENS = frozenset("-‐‑‒–—―−﹣－")
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_ASCII = str.maketrans({"`": "'", "\t": " ", "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " "})


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    if char in INVISIBLE:
        return ""
    if char in APOSTROPHES:
        return "'"
    if char in HYPHENS:
        return "-"
    if char.isspace():
        return " "
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Folded:
    text: str
    origin: list[int] | None  # origin[i] is the index in the original of folded character i; None: the same
    length: int  # of the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's [start, end) for the folded text's [start, end), with any accent that folded to
        nothing at its end ("Zoë" written as e and a combining diaeresis)."""
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end] if end < len(self.origin) else self.length


def fold(text: str) -> Folded:
    if text.isascii():
        return Folded(text.lower().translate(_ASCII), None, len(text))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        chars.append(folded)
        origin.extend([index] * len(folded))
    return Folded("".join(chars), origin, len(text))


def fold_text(text: str) -> str:
    return fold(text).text


def squash(text: str) -> str:
    """Folded with every space, apostrophe, hyphen and full stop gone: how two spellings are compared."""
    return "".join(c for c in fold_text(text) if c.isalnum())
