"""Ordinary words, and the ways the words of a postal address are shortened: both are data files beside this one."""

import tomllib
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    lines = (HERE / "ordinary_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_ordinary(word: str) -> bool:
    """True for a word of everyday English ("will", "bank", "reference"), which alone names nobody."""
    return word.casefold() in ordinary_words()


@lru_cache(maxsize=1)
def address_spellings() -> dict[str, tuple[str, ...]]:
    """Each address word to every spelling of it: "avenue" and "ave" both give ("avenue", "ave", "av")."""
    table = tomllib.loads((HERE / "address_words.toml").read_text(encoding="utf-8"))["abbreviations"]
    spellings: dict[str, set[str]] = {}
    for word, shorts in table.items():
        group = {word, *shorts}
        for spelling in group:
            spellings.setdefault(spelling, set()).update(group)
    return {spelling: tuple(sorted(group, key=len, reverse=True)) for spelling, group in spellings.items()}
