"""The exemption catalogue's data model, validated from `exemptions/*.toml`, and its errors."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from app.errors import Unprocessable
from app.exemption.codes import REGIME_PREFIX, Regime, Text, _normalise, _within, parse_code


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
    # The provision under which statistical information needs no qualified person's opinion ("s36(4)"), if any.
    statistical_without_opinion: Text | None = None
    requires_purpose: bool = False
    requires_legitimate_interests: bool = False
    aliases: tuple[Text, ...] = ()
    ncnd: Text | None = None
    # False where a qualified limb leaves nothing to weigh: EIR reg 12(4)(a), information not held.
    public_interest_test: bool = True
    # EIR reg 12(9): information on emissions cannot be withheld under this limb (reg 12(5)(d) to (g)).
    not_for_emissions: bool = False
    # The requester's own personal data (FOIA s40(1); EIR reg 5(3)): handled as a subject access request.
    subject_access: bool = False


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
        for limb in self.limbs:
            if limb.statistical_without_opinion is not None:
                if not limb.requires_qualified_person:
                    raise ValueError(
                        f"limb {limb.code!r} excuses statistical information from an opinion it does not need: "
                        "statistical_without_opinion needs requires_qualified_person = true"
                    )
                _check_canonical(limb.statistical_without_opinion, "statistical_without_opinion")
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
        super().__init__(message, rule="unknown_exemption", extra={"code": code, "suggestion": suggestion})
        self.code = code
        self.suggestion = suggestion
        self.message = message


class AmbiguousExemption(UnknownExemption):
    """A section (or part of one) cited where the law needs a limb: "s36", "s40", "s36(2)(b)"."""


class WrongRegime(UnknownExemption):
    """A code of the other regime: an EIR exception cited on a FOIA request, or the reverse."""


class UnsupportedRegime(UnknownExemption):
    """A regime the catalogue does not cover (FOISA), or an unknown one."""
