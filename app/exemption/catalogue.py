"""The exemption catalogue: FOIA Part II exemptions and EIR exceptions, loaded from `exemptions/*.toml`.

The law lives in the TOML files so an authority can correct it without a release; this module validates
the files, orders them in statute order and resolves what a caseworker types into a limb-level citation.
"""

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from app.exemption.codes import (
    _KIND,
    DEFAULT_REGIMES,
    REGIME_LABEL,
    REGIME_PREFIX,
    ParsedCode,
    _normalise,
    _within,
    parse_code,
)
from app.exemption.lookup import (
    _candidates,
    _canonical_of,
    _check_regime,
    _citation,
    _cite_a_limb,
    _closeness,
    _first,
    _head_gap,
    _kinds,
    _or,
    _others,
    _own,
    _parsed,
    _regime_rank,
)
from app.exemption.models import (
    AmbiguousExemption,
    Citation,
    Limb,
    Purpose,
    Section,
    UnknownExemption,
    UnsupportedRegime,
    WrongRegime,
)

__all__ = [
    "AmbiguousExemption",
    "Catalogue",
    "CatalogueError",
    "Citation",
    "Limb",
    "ParsedCode",
    "Purpose",
    "Section",
    "UnknownExemption",
    "UnsupportedRegime",
    "WrongRegime",
    "default_catalogue_dir",
    "load_catalogue",
    "parse_code",
]


class CatalogueError(Exception):
    """An exemption file is invalid; the message names the file."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


# --- the catalogue -------------------------------------------------------------------------------------


class Catalogue:
    """Every section in statute order, regime by regime, with an index of citable codes, aliases and purposes.

    Codes are unique within a regime, not across them: FOIA s30 and FOISA s30 are different exemptions. A code
    looked up without a regime is read as FOIA or the EIR (DEFAULT_REGIMES), as every stored citation was.
    """

    def __init__(self, sections: Iterable[Section], sources: Mapping[tuple[str, str], Path] | None = None) -> None:
        ordered = sorted(sections, key=lambda s: (_regime_rank(s.regime), _parsed(s.code).key()))
        self._sources = dict(sources or {})
        self.all_sections: tuple[Section, ...] = tuple(ordered)
        by_regime: dict[str, dict[str, Section]] = {regime: {} for regime in REGIME_PREFIX}
        for section in ordered:
            by_regime[section.regime][section.code] = section
        self._by_regime = {regime: MappingProxyType(found) for regime, found in by_regime.items()}
        # The FOIA and EIR sections by code: what a code without a regime can mean.
        self.sections: Mapping[str, Section] = MappingProxyType(
            {s.code: s for s in ordered if s.regime in DEFAULT_REGIMES}
        )
        self._entries: dict[str, dict[str, tuple[Section, Limb | None]]] = {r: {} for r in REGIME_PREFIX}
        self._purposes: dict[str, dict[str, tuple[Section, Purpose]]] = {r: {} for r in REGIME_PREFIX}
        # Bracketed prefixes such as "s36(2)(b)" or "s31(2)": fine in a letter, never cited on their own.
        self._partial: dict[str, dict[str, Section]] = {r: {} for r in REGIME_PREFIX}
        for section in ordered:
            entries, purposes = self._entries[section.regime], self._purposes[section.regime]
            self._claim(section.code, section)
            entries[section.code] = (section, None)
            for limb in section.limbs:
                for code in (limb.code, *limb.aliases):
                    self._claim(code, section)
                    entries[code] = (section, limb)
            for purpose in section.purposes:
                self._claim(purpose.code, section)
                purposes[purpose.code] = (section, purpose)
        for section in ordered:
            entries, purposes = self._entries[section.regime], self._purposes[section.regime]
            for code in [limb.code for limb in section.limbs] + [p.code for p in section.purposes]:
                parsed = _parsed(code)
                for depth in range(1, len(parsed.parts) + 1):
                    prefix = ParsedCode(parsed.prefix, parsed.head, parsed.parts[:depth]).code
                    if _within(prefix, section.code) and prefix not in entries and prefix not in purposes:
                        self._partial[section.regime][prefix] = section

    def _claim(self, code: str, section: Section) -> None:
        entries, purposes = self._entries[section.regime], self._purposes[section.regime]
        owner = entries[code][0] if code in entries else purposes.get(code, (None,))[0]
        if owner is not None:
            where = self._sources.get((section.regime, section.code), section.code)
            first = self._sources.get((owner.regime, owner.code), owner.code)
            raise CatalogueError(
                f"{where}: code {code!r} is already defined in {first}",
                self._sources.get((section.regime, section.code)),
            )

    # -- the sections of a regime --

    @property
    def regimes(self) -> tuple[str, ...]:
        """The regimes with at least one section, in catalogue order (FOIA, the EIR, FOISA)."""
        return tuple(regime for regime, found in self._by_regime.items() if found)

    def sections_in(self, regime: str) -> Mapping[str, Section]:
        """The sections of one catalogue regime ("foia", "eir", "foisa") by code, in statute order."""
        checked = _check_regime(regime, regime)
        assert checked is not None
        return self._by_regime[checked]

    # -- resolving what a caseworker cites --

    def resolve(self, code: str, regime: str | None = None) -> Citation:
        """The citation for a code, alias or loose form ("36(2)(b)(ii)", "reg 12(5)(e)", "s40(3A)").

        With a regime, only that regime's sections can answer; a code of another regime is a WrongRegime.
        """
        regime = _check_regime(code, regime)
        candidates = _candidates(code, regime)
        found = _first(candidates, self._entries, _own(regime))
        if found is None:
            elsewhere = _first(candidates, self._entries, _others(regime)) if regime is not None else None
            if elsewhere is not None and regime is not None:
                other, key = elsewhere
                raise WrongRegime(
                    code,
                    f"{key} is {_KIND[other]}; this request is under {REGIME_LABEL[regime]}, so it cites "
                    f"{_kinds(regime)} (GET /api/v1/exemptions?regime={regime} lists them).",
                )
            raise self._unknown(code, candidates, regime)
        owner, key = found
        section, limb = self._entries[owner][key]
        if limb is None and not section.citable_whole:
            why = "has both absolute and qualified limbs" if section.basis == "mixed" else "is cited by limb"
            raise AmbiguousExemption(code, _cite_a_limb(f"{section.code} {why}", section.limbs), section.limbs[0].code)
        return _citation(section, limb)

    def purpose(self, section_code: str, purpose_code: str, regime: str | None = None) -> Purpose:
        """A purpose of a section: purpose("s31", "(c)") -> s31(2)(c); also "c", "31(2)(c)", "s31(2)(c)"."""
        section = self.section_of(section_code, regime)
        if not section.purposes and regime is None:
            # Named by section alone, the section meant is the one with purposes: FOISA s35(2) lists them
            # where its FOIA namesake (s35, government policy) has none. Callers that know the regime pass it.
            with_purposes = [
                found
                for other in _others(None)
                if (found := self._by_regime[other].get(section.code)) is not None and found.purposes
            ]
            section = with_purposes[0] if len(with_purposes) == 1 else section
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
            for own in _own(regime):
                if candidate in self._entries[own]:
                    section, limb = self._entries[own][candidate]
                    return limb.code if limb else section.code
                if candidate in self._purposes[own] or candidate in self._partial[own]:
                    return candidate
        raise self._unknown(code, candidates, regime)

    def section_of(self, code: str, regime: str | None = None) -> Section:
        """The section a code belongs to, in `regime` (default: FOIA or the EIR)."""
        canonical = self.canonical(code, regime)
        for own in _own(_check_regime(code, regime)):
            if canonical in self._entries[own]:
                return self._entries[own][canonical][0]
            if canonical in self._purposes[own]:
                return self._purposes[own][canonical][0]
            if canonical in self._partial[own]:
                return self._partial[own][canonical]
        raise self._unknown(code, [canonical], regime)  # canonical() found it, so never reached

    def sort_key(self, code: str, regime: str | None = None) -> tuple[int, ...]:
        """Statute order, for sorting citations: s21 < s22 < s22A < s23 ... < reg12(4)(a) < ... < reg13."""
        return _parsed(self.canonical(code, regime)).key()

    def to_public(self, regime: str | None = None) -> list[dict[str, Any]]:
        """Every section of a regime (default: FOIA and the EIR) as plain data, with its overall basis."""
        sections = self.sections if regime is None else self.sections_in(regime)
        return [{**s.model_dump(mode="json"), "basis": s.basis} for s in sections.values()]

    # -- explaining a code that is not citable --

    def _unknown(self, code: str, candidates: list[str], regime: str | None) -> UnknownExemption:
        for candidate in candidates:
            section = next(
                (
                    self._purposes[own][candidate][0]
                    if candidate in self._purposes[own]
                    else self._partial[own].get(candidate)
                    for own in _own(regime)
                    if candidate in self._purposes[own] or candidate in self._partial[own]
                ),
                None,
            )
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
        entries = {c: entry for own in _own(regime) for c, entry in self._entries[own].items()}
        pool = [c for c, (section, limb) in entries.items() if limb is not None or section.citable_whole]
        sections = [s for own in _own(regime) for s in self._by_regime[own].values()]
        for candidate in candidates:
            parsed = parse_code(candidate)
            section = next((s for s in sections[::-1] if _within(candidate, s.code)), None)
            if parsed is None or section is None:
                continue
            options = [c for c in pool if entries[c][0] is section and c == _canonical_of(entries[c])]
            return min(options, key=lambda option: _closeness(parsed, _parsed(option)))
        target = candidates[0] if candidates else code.strip().lower()
        close = difflib.get_close_matches(target, pool, n=8, cutoff=0.6)
        if not close:
            return None
        # Among equally close spellings prefer the nearest section number: "s25" -> "s24", not "s42".
        wanted = parse_code(target)
        ratio = {c: round(difflib.SequenceMatcher(None, target, c).ratio(), 6) for c in close}
        best = min(close, key=lambda c: (-ratio[c], _head_gap(wanted, _parsed(c))))
        return _canonical_of(entries[best])


def load_catalogue(directory: Path) -> Catalogue:
    """Load and validate every `*.toml` in `directory`; any invalid file raises CatalogueError naming it."""
    if not directory.is_dir():
        raise CatalogueError(f"{directory}: exemption directory not found", directory)
    files = sorted(p for p in directory.glob("*.toml") if not p.name.startswith("."))
    if not files:
        raise CatalogueError(f"{directory}: no exemption files (*.toml) found", directory)
    sections: list[Section] = []
    sources: dict[tuple[str, str], Path] = {}
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise CatalogueError(f"{path}: cannot read TOML: {exc}", path) from exc
        try:
            section = Section.model_validate(data)
        except ValidationError as exc:
            raise CatalogueError(f"{path}: invalid exemption file: {exc}", path) from exc
        key = (section.regime, section.code)
        if key in sources:
            raise CatalogueError(f"{path}: section {section.code!r} is already defined in {sources[key]}", path)
        sources[key] = path
        sections.append(section)
    return Catalogue(sections, sources)


def default_catalogue_dir() -> Path:
    """`<repo root>/exemptions`; callers may load another directory instead (settings.exemptions_dir)."""
    return Path(__file__).resolve().parents[2] / "exemptions"
