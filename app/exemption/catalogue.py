"""The exemption catalogue: FOIA Part II exemptions and EIR exceptions, loaded from `exemptions/*.toml`.

The law lives in the TOML files so an authority can correct it without a release; this module validates
the files, orders them in statute order and resolves what a caseworker types into a limb-level citation.
"""

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, model_validator

from app.errors import Unprocessable

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Regime = Literal["foia", "eir"]

REGIME_PREFIX: dict[str, str] = {"foia": "s", "eir": "reg"}
REGIME_LABEL: dict[str, str] = {"foia": "FOIA", "eir": "the EIR", "foisa": "FOISA"}
_KIND = {"foia": "a FOIA exemption", "eir": "an EIR exception"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_SUFFIX_RANK = 10_000
_ROMAN = {"i": 1, "v": 5, "x": 10}

_CODE_RE = re.compile(r"^(s|reg)(\d+[A-Z]?)((?:\((?:\d+[A-Z]*|[a-z]+)\))*)(/[a-z]+)?$")
_LOOSE_RE = re.compile(
    r"^(?:(?P<act>foia|eir)\b\s*)?"
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
        prefix = {"foia": "s", "eir": "reg"}.get(match["act"] or "")
    found = re.findall(r"\(\s*([0-9a-z]+)\s*\)", match["parts"])
    parts = [part.upper() if part[0].isdigit() else part for part in found]
    suffix = re.sub(r"\s", "", match["suffix"] or "")
    return prefix, match["head"].upper() + "".join(f"({p})" for p in parts) + suffix


def _within(code: str, section_code: str) -> bool:
    """True when `code` is below `section_code`: "s40(2)/second" is within "s40"; "s400" is not."""
    return code.startswith(section_code) and code[len(section_code) : len(section_code) + 1] in ("(", "/")


# --- models --------------------------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_canonical(code: str, what: str) -> None:
    if parse_code(code) is None:
        loose = _normalise(code)
        hint = f"; write it as '{(loose[0] or 's') + loose[1]}'" if loose else ""
        raise ValueError(f"{what} {code!r} is not a canonical code such as 's36(2)(b)(ii)' or 'reg12(5)(e)'{hint}")


class Purpose(_Frozen):
    """A purpose listed in s31(2), cited alongside s31(1)(g), (h) or (i)."""

    code: Text
    description: Text


class Limb(_Frozen):
    """The level at which an exemption is cited, and what relying on it requires."""

    code: Text
    description: Text
    basis: Literal["absolute", "qualified"]
    requires_qualified_person: bool = False
    requires_purpose: bool = False
    requires_legitimate_interests: bool = False
    aliases: tuple[Text, ...] = ()
    ncnd: Text | None = None


class Section(_Frozen):
    """One exemption file: a FOIA section, or an EIR regulation paragraph, with its citable limbs."""

    code: Text
    regime: Regime
    title: Text
    legislation_url: Text
    test: Literal["class", "prejudice", "other"]
    test_description: Text
    ncnd: Text | None = None
    summary: Text
    paragraphs: tuple[Text, ...]
    public_interest_for: tuple[Text, ...] = ()
    public_interest_against: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()
    purposes: tuple[Purpose, ...] = ()
    # True when the section may not be cited bare even though its limbs share one basis (e.g. s36).
    limb_required: bool = False
    limbs: tuple[Limb, ...]

    @property
    def basis(self) -> Literal["absolute", "qualified", "mixed"]:
        bases = {limb.basis for limb in self.limbs}
        return bases.pop() if len(bases) == 1 else "mixed"

    @property
    def citable_whole(self) -> bool:
        return not self.limb_required and self.basis != "mixed"

    @model_validator(mode="after")
    def _check(self) -> "Section":
        _check_canonical(self.code, "section code")
        parsed = parse_code(self.code)
        if parsed is None or parsed.prefix != REGIME_PREFIX[self.regime]:
            raise ValueError(f"a {self.regime} code starts with {REGIME_PREFIX[self.regime]!r}: {self.code!r}")
        if not self.legislation_url.startswith("https://www.legislation.gov.uk/"):
            raise ValueError("legislation_url must be a https://www.legislation.gov.uk/ address")
        if not 2 <= len(self.paragraphs) <= 4:
            raise ValueError(f"paragraphs must hold 2 to 4 paragraphs, not {len(self.paragraphs)}")
        if not self.limbs:
            raise ValueError("a section needs at least one [[limbs]] entry")
        seen: set[str] = set()
        for code, what in self._codes():
            _check_canonical(code, what)
            if not _within(code, self.code):
                raise ValueError(f"{what} {code!r} is not within section {self.code!r}")
            if code in seen:
                raise ValueError(f"{what} {code!r} appears twice")
            seen.add(code)
        for ncnd in [self.ncnd, *(limb.ncnd for limb in self.limbs)]:
            if ncnd is not None:
                _check_canonical(ncnd, "ncnd")
        if any(limb.requires_purpose for limb in self.limbs) and not self.purposes:
            raise ValueError("a limb has requires_purpose = true but the section lists no purposes")
        if self.basis != "absolute" and not (self.public_interest_for and self.public_interest_against):
            raise ValueError("a section with qualified limbs needs public_interest_for and public_interest_against")
        return self

    def _codes(self) -> Iterable[tuple[str, str]]:
        for limb in self.limbs:
            yield limb.code, "limb code"
            for alias in limb.aliases:
                yield alias, f"alias of {limb.code}"
        for purpose in self.purposes:
            yield purpose.code, "purpose code"


# --- citations and errors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """What a decision cites, resolved: the limb (or the whole section) and what relying on it requires."""

    code: str
    section: Section
    limb: Limb | None
    absolute: bool
    requires_public_interest_test: bool
    requires_qualified_person: bool
    requires_purpose: bool
    requires_legitimate_interests: bool

    @property
    def description(self) -> str:
        return self.limb.description if self.limb else self.section.summary

    @property
    def ncnd(self) -> str | None:
        """The provision excluding the duty to confirm or deny, if any (per limb for s40, s43, reg 12(5))."""
        if self.limb is not None and self.limb.ncnd is not None:
            return self.limb.ncnd
        return self.section.ncnd


class UnknownExemption(Unprocessable, ValueError):
    """A code that is not a citable exemption. `suggestion` is the nearest valid code, if any."""

    def __init__(self, code: str, message: str | None = None, suggestion: str | None = None) -> None:
        if message is None:
            message = f"Unknown exemption {code!r}." + (f" Did you mean {suggestion!r}?" if suggestion else "")
        super().__init__(message, rule="FOIA s17(1)(b)", extra={"code": code, "suggestion": suggestion})
        self.code = code
        self.suggestion = suggestion
        self.message = message


class AmbiguousExemption(UnknownExemption):
    """A section (or part of one) cited where the law needs a limb: "s36", "s40", "s36(2)(b)"."""


class WrongRegime(UnknownExemption):
    """A code of the other regime: an EIR exception cited on a FOIA request, or the reverse."""


class UnsupportedRegime(UnknownExemption):
    """A regime the catalogue does not cover (FOISA), or an unknown one."""


class CatalogueError(Exception):
    """An exemption file is invalid; the message names the file."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


# --- the catalogue -------------------------------------------------------------------------------------


class Catalogue:
    """Every section in statute order, with an index of citable codes, aliases and s31(2) purposes."""

    def __init__(self, sections: Iterable[Section], sources: Mapping[str, Path] | None = None) -> None:
        ordered = sorted(sections, key=lambda s: _parsed(s.code).key())
        self._sources = dict(sources or {})
        self.sections: Mapping[str, Section] = MappingProxyType({s.code: s for s in ordered})
        self._entries: dict[str, tuple[Section, Limb | None]] = {}
        self._purposes: dict[str, tuple[Section, Purpose]] = {}
        # Bracketed prefixes such as "s36(2)(b)" or "s31(2)": fine in a letter, never cited on their own.
        self._partial: dict[str, Section] = {}
        for section in ordered:
            self._claim(section.code, section)
            self._entries[section.code] = (section, None)
            for limb in section.limbs:
                for code in (limb.code, *limb.aliases):
                    self._claim(code, section)
                    self._entries[code] = (section, limb)
            for purpose in section.purposes:
                self._claim(purpose.code, section)
                self._purposes[purpose.code] = (section, purpose)
        for section in ordered:
            for code in [limb.code for limb in section.limbs] + [p.code for p in section.purposes]:
                parsed = _parsed(code)
                for depth in range(1, len(parsed.parts) + 1):
                    prefix = ParsedCode(parsed.prefix, parsed.head, parsed.parts[:depth]).code
                    if _within(prefix, section.code) and prefix not in self._entries and prefix not in self._purposes:
                        self._partial[prefix] = section

    def _claim(self, code: str, section: Section) -> None:
        owner = self._entries[code][0] if code in self._entries else self._purposes.get(code, (None,))[0]
        if owner is not None:
            where = self._sources.get(section.code, section.code)
            first = self._sources.get(owner.code, owner.code)
            raise CatalogueError(
                f"{where}: code {code!r} is already defined in {first}", self._sources.get(section.code)
            )

    # -- resolving what a caseworker cites --

    def resolve(self, code: str, regime: str | None = None) -> Citation:
        """The citation for a code, alias or loose form ("36(2)(b)(ii)", "reg 12(5)(e)", "s40(3A)")."""
        regime = _check_regime(code, regime)
        candidates = _candidates(code, regime)
        found = next((c for c in candidates if c in self._entries), None)
        if found is None:
            raise self._unknown(code, candidates, regime)
        section, limb = self._entries[found]
        if regime is not None and section.regime != regime:
            raise WrongRegime(
                code,
                f"{found} is {_KIND[section.regime]}; this request is under {REGIME_LABEL[regime]}.",
            )
        if limb is None and not section.citable_whole:
            why = "has both absolute and qualified limbs" if section.basis == "mixed" else "is cited by limb"
            raise AmbiguousExemption(code, _cite_a_limb(f"{section.code} {why}", section.limbs), section.limbs[0].code)
        return _citation(section, limb)

    def purpose(self, section_code: str, purpose_code: str) -> Purpose:
        """A purpose of a section: purpose("s31", "(c)") -> s31(2)(c); also "c", "31(2)(c)", "s31(2)(c)"."""
        section = self.section_of(section_code)
        if not section.purposes:
            raise UnknownExemption(purpose_code, f"{section.code} has no listed purposes.")
        wanted = re.sub(r"\s", "", purpose_code.lower())
        forms: dict[str, Purpose] = {}
        for purpose in section.purposes:
            tail = purpose.code[len(section.code) :]
            last = _parsed(purpose.code).parts[-1]
            for form in (
                purpose.code,
                purpose.code[len(_parsed(purpose.code).prefix) :],
                tail,
                f"({last})",
                last,
            ):
                forms.setdefault(form.lower(), purpose)
        loose = _normalise(purpose_code)
        for form in (wanted, f"{_parsed(section.code).prefix}{loose[1]}".lower() if loose else wanted):
            if form in forms:
                return forms[form]
        close = difflib.get_close_matches(wanted, list(forms), n=1, cutoff=0.5)
        suggestion = forms[close[0]].code if close else None
        message = f"Unknown purpose {purpose_code!r} for {section.code}." + (
            f" Did you mean {suggestion!r}?" if suggestion else ""
        )
        raise UnknownExemption(purpose_code, message, suggestion)

    def canonical(self, code: str, regime: str | None = None) -> str:
        """Canonical form of any code a letter may mention: section, limb, alias, purpose or "s36(2)(b)"."""
        regime = _check_regime(code, regime)
        candidates = _candidates(code, regime)
        for candidate in candidates:
            if candidate in self._entries:
                section, limb = self._entries[candidate]
                return limb.code if limb else section.code
            if candidate in self._purposes or candidate in self._partial:
                return candidate
        raise self._unknown(code, candidates, regime)

    def section_of(self, code: str) -> Section:
        """The section a code belongs to."""
        canonical = self.canonical(code)
        if canonical in self._entries:
            return self._entries[canonical][0]
        return self._purposes[canonical][0] if canonical in self._purposes else self._partial[canonical]

    def sort_key(self, code: str) -> tuple[int, ...]:
        """Statute order, for sorting citations: s21 < s22 < s22A < s23 ... < reg12(4)(a) < ... < reg13."""
        return _parsed(self.canonical(code)).key()

    def to_public(self) -> list[dict[str, Any]]:
        """Every section as plain data (for an API listing), with its overall basis."""
        return [{**s.model_dump(mode="json"), "basis": s.basis} for s in self.sections.values()]

    # -- explaining a code that is not citable --

    def _unknown(self, code: str, candidates: list[str], regime: str | None) -> UnknownExemption:
        for candidate in candidates:
            section = self._purposes[candidate][0] if candidate in self._purposes else self._partial.get(candidate)
            if section is None:
                continue
            limbs = [limb for limb in section.limbs if _within(limb.code, candidate)]
            if len(limbs) > 1:
                return AmbiguousExemption(code, _cite_a_limb(f"{candidate} covers several limbs", limbs), limbs[0].code)
            needing = [limb.code for limb in section.limbs if limb.requires_purpose]
            return UnknownExemption(
                code,
                f"{candidate} is one of the purposes of {section.code}, not an exemption in itself: "
                f"cite {_or(needing)} and record the purpose.",
                needing[0] if needing else None,
            )
        return UnknownExemption(code, suggestion=self._suggest(code, candidates, regime))

    def _suggest(self, code: str, candidates: list[str], regime: str | None) -> str | None:
        pool = [
            c
            for c, (section, limb) in self._entries.items()
            if (regime is None or section.regime == regime) and (limb is not None or section.citable_whole)
        ]
        for candidate in candidates:
            parsed = parse_code(candidate)
            section = next((s for s in list(self.sections.values())[::-1] if _within(candidate, s.code)), None)
            if parsed is None or section is None or (regime is not None and section.regime != regime):
                continue
            options = [c for c in pool if self._entries[c][0] is section and c == _canonical_of(self._entries[c])]
            return min(options, key=lambda option: _closeness(parsed, _parsed(option)))
        target = candidates[0] if candidates else code.strip().lower()
        close = difflib.get_close_matches(target, pool, n=8, cutoff=0.6)
        if not close:
            return None
        # Among equally close spellings prefer the nearest section number: "s25" -> "s24", not "s42".
        wanted = parse_code(target)
        ratio = {c: round(difflib.SequenceMatcher(None, target, c).ratio(), 6) for c in close}
        best = min(close, key=lambda c: (-ratio[c], _head_gap(wanted, _parsed(c))))
        return _canonical_of(self._entries[best])


def load_catalogue(directory: Path) -> Catalogue:
    """Load and validate every `*.toml` in `directory`; any invalid file raises CatalogueError naming it."""
    if not directory.is_dir():
        raise CatalogueError(f"{directory}: exemption directory not found", directory)
    files = sorted(p for p in directory.glob("*.toml") if not p.name.startswith("."))
    if not files:
        raise CatalogueError(f"{directory}: no exemption files (*.toml) found", directory)
    sections: list[Section] = []
    sources: dict[str, Path] = {}
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise CatalogueError(f"{path}: cannot read TOML: {exc}", path) from exc
        try:
            section = Section.model_validate(data)
        except ValidationError as exc:
            raise CatalogueError(f"{path}: invalid exemption file: {exc}", path) from exc
        if section.code in sources:
            raise CatalogueError(
                f"{path}: section {section.code!r} is already defined in {sources[section.code]}", path
            )
        sources[section.code] = path
        sections.append(section)
    return Catalogue(sections, sources)


def default_catalogue_dir() -> Path:
    """`<repo root>/exemptions`; callers may load another directory instead (settings.exemptions_dir)."""
    return Path(__file__).resolve().parents[2] / "exemptions"


# --- helpers -------------------------------------------------------------------------------------------


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
    if regime == "foisa":
        raise UnsupportedRegime(
            code, f"FOISA exemptions are not yet in the exemption catalogue, so {code!r} cannot be checked."
        )
    raise UnsupportedRegime(code, f"Unknown regime {regime!r}: the exemption catalogue covers foia and eir.")


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
        requires_public_interest_test=not absolute,
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
