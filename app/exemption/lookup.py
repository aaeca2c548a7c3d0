"""Reading what a caseworker cites against the catalogue's indexes: canonical spellings to try, regimes to look
in, the nearest code to suggest, and the words of an error. Pure functions; `app.exemption.catalogue` uses them."""

import difflib
from collections.abc import Iterable, Mapping

from app.exemption.codes import DEFAULT_REGIMES, REGIME_LABEL, REGIME_PREFIX, ParsedCode, _normalise, parse_code
from app.exemption.models import Citation, Limb, Section, UnsupportedRegime


def _parsed(code: str) -> ParsedCode:
    parsed = parse_code(code)
    if parsed is None:  # validated codes always parse
        raise ValueError(f"not a canonical code: {code!r}")
    return parsed


def _check_regime(code: str, regime: str | None) -> str | None:
    if regime is None:
        return None
    regime = regime.lower()
    if regime in REGIME_PREFIX:
        return regime
    raise UnsupportedRegime(
        code, f"Unknown regime {regime!r}: the exemption catalogue covers {_or_words(list(REGIME_PREFIX))}."
    )


def _regime_rank(regime: str) -> int:
    return list(REGIME_PREFIX).index(regime)


def _own(regime: str | None) -> tuple[str, ...]:
    """The regimes whose sections a code cited under `regime` may name."""
    return DEFAULT_REGIMES if regime is None else (regime,)


def _others(regime: str | None) -> tuple[str, ...]:
    """The other regimes, FOIA and the EIR first: where a code cited under the wrong law is found."""
    own = _own(regime)
    return tuple(r for r in dict.fromkeys((*DEFAULT_REGIMES, *REGIME_PREFIX)) if r not in own)


def _first(
    candidates: list[str], index: Mapping[str, Mapping[str, object]], regimes: Iterable[str]
) -> tuple[str, str] | None:
    """(regime, code) of the first candidate spelling some regime defines; candidates are tried in order."""
    regimes = tuple(regimes)
    return next(((r, c) for c in candidates for r in regimes if c in index[r]), None)


def _kinds(regime: str) -> str:
    return "EIR exceptions" if regime == "eir" else f"{REGIME_LABEL[regime]} exemptions"


def _or_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _candidates(code: str, regime: str | None) -> list[str]:
    """Canonical spellings to try, in order; a bare number tries the request's regime first."""
    loose = _normalise(code)
    if loose is None:
        return []
    prefix, body = loose
    if prefix:
        return [prefix + body]
    prefixes = ["reg", "s"] if regime == "eir" else ["s", "reg"]
    return [p + body for p in prefixes]


def _citation(section: Section, limb: Limb | None) -> Citation:
    limbs = (limb,) if limb else section.limbs
    absolute = all(lb.basis == "absolute" for lb in limbs)
    # A whole-section citation carries only the requirements every limb shares.
    return Citation(
        code=limb.code if limb else section.code,
        section=section,
        limb=limb,
        absolute=absolute,
        requires_public_interest_test=not absolute and all(lb.public_interest_test for lb in limbs),
        requires_qualified_person=all(lb.requires_qualified_person for lb in limbs),
        requires_purpose=all(lb.requires_purpose for lb in limbs),
        requires_legitimate_interests=all(lb.requires_legitimate_interests for lb in limbs),
    )


def _canonical_of(entry: tuple[Section, Limb | None]) -> str:
    section, limb = entry
    return limb.code if limb else section.code


def _closeness(wanted: ParsedCode, option: ParsedCode) -> tuple[float, ...]:
    a, b = wanted.key(), option.key()
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    gap = abs(a[common] - b[common]) if common < min(len(a), len(b)) else 0
    ratio = difflib.SequenceMatcher(None, wanted.code, option.code).ratio()
    return (-common, gap, abs(len(a) - len(b)), -ratio)


def _head_gap(wanted: ParsedCode | None, option: ParsedCode) -> int:
    if wanted is None:
        return 0
    return abs(wanted.key()[1] - option.key()[1]) + (0 if wanted.prefix == option.prefix else 1000)


def _or(codes: list[str]) -> str:
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " or " + codes[-1]


def _cite_a_limb(reason: str, limbs: Iterable[Limb]) -> str:
    codes = [limb.code for limb in limbs]
    return f"{reason}: cite a limb, e.g. {codes[0]} (one of {_or(codes)})."
