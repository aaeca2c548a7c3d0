"""Statutory regimes (FOIA, EIR, FOISA, the Time for Compliance Regulations) as validated data.

One TOML file in ``data/regimes/`` is one regime: adding a file adds a regime, with no code change.
"""

import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.deadline.calendar import NATIONS

REGIMES_DIR = Path(__file__).parent / "data" / "regimes"


class UnknownRegime(ValueError):
    def __init__(self, code: str, known: list[str]) -> None:
        super().__init__(f"unknown regime {code!r}; known regimes: {', '.join(known)}")
        self.code = code
        self.known = known


class _RegimeData(BaseModel):
    """A table of a regime file: frozen, no unknown keys, strict types, TOML lists read as tuples."""

    # strict: "yes" is not a boolean and "20" is not a number (TOML has real types; no coercion surprises)
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _lists_as_tuples(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return data


class ReviewRules(_RegimeData):
    """Internal review (FOIA: s45 Code / ICO practice) or reconsideration (EIR reg 11, FOISA s21)."""

    working_days: int = Field(gt=0)
    max_working_days: int = Field(gt=0)
    request_window_working_days: int | None = Field(default=None, gt=0)
    statutory: bool
    legal_basis: str

    @model_validator(mode="after")
    def _max_not_shorter(self) -> Self:
        if self.max_working_days < self.working_days:
            raise ValueError("review.max_working_days must be at least review.working_days")
        return self


class Regulator(_RegimeData):
    """Who a requester applies to when the authority's review leaves them dissatisfied, as the letters name them
    (FOIA s17(7)(b) and s50; EIR reg 14(5) and reg 18; FOISA s19(b) and s47)."""

    # "ico": FOI_REGULATOR_* settings may replace these details (law.md Q8: the Information Commission).
    code: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    address_lines: tuple[str, ...] = Field(min_length=1)
    website: str = Field(pattern=r"^https://")
    # The provision giving the right to apply, as a letter cites it with the Act's short name after it.
    complaint_provision: str = Field(min_length=1)
    # How long the requester has, in words ("six months"), and whether the law sets it or only guidance does.
    apply_within: str = Field(min_length=1)
    apply_within_statutory: bool


class CostLimit(_RegimeData):
    """The appropriate limit a request may be refused above (FOIA s12; FOISA s12), per band of authority."""

    regulations: str  # "the Fees Regulations 2004 (SI 2004/3244)"
    # Pounds per band: FOIA Fees Regs reg 3 sets £600 for Schedule 1 Part I bodies and £450 for the rest.
    limits: dict[str, int]
    limit_provision: str  # "regulation 3"
    hourly_rate: int = Field(gt=0)  # pounds per person per hour of staff time (reg 4(4))
    rate_provision: str
    # The only activities whose cost counts (reg 4(3)), as the letter lists them.
    activities: tuple[str, ...]
    # reg 5: requests for the same or similar information within this many consecutive working days may be added.
    aggregation_working_days: int | None = Field(default=None, gt=0)
    aggregation_provision: str | None = None

    @model_validator(mode="after")
    def _limits(self) -> Self:
        if not self.limits or any(amount <= 0 for amount in self.limits.values()):
            raise ValueError("cost_limit.limits needs at least one band with a limit above £0")
        if (self.aggregation_working_days is None) != (self.aggregation_provision is None):
            raise ValueError("cost_limit.aggregation_working_days and aggregation_provision go together")
        return self

    def pounds(self, band: str) -> int:
        """The limit for an authority in `band`; a regime with one band (FOISA) applies it to everyone."""
        if band in self.limits:
            return self.limits[band]
        if len(self.limits) == 1:
            return next(iter(self.limits.values()))
        raise ValueError(f"no cost limit for band {band!r}; bands: {', '.join(sorted(self.limits))}")

    def hours(self, band: str) -> Decimal:
        return Decimal(self.pounds(band)) / Decimal(self.hourly_rate)


class Regime(_RegimeData):
    code: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str
    legal_basis: str
    reference_prefix: str
    # The exemption catalogue (exemptions/*.toml) its requests cite: FOIA Part II for schools and archives, whose
    # timing differs but whose exemptions do not. Unset where the catalogue has none.
    exemptions: str | None = None
    working_days: int = Field(gt=0)
    subdivisions: tuple[str, ...]
    school_days: bool = False
    outer_limit_working_days: int | None = Field(default=None, gt=0)
    pit_extension: bool
    pit_normal_further_working_days: int | None = Field(default=None, gt=0)
    complex_extension_working_days: int | None = Field(default=None, gt=0)
    commissioner_extension_max_working_days: int | None = Field(default=None, gt=0)
    fee_pause: bool
    fee_payment_months: int | None = Field(default=None, gt=0)
    clarification_lapse_months: int | None = Field(default=None, gt=0)
    review: ReviewRules
    regulator: Regulator
    # None where the regime has no cost limit: an EIR request that costs too much is manifestly unreasonable
    # (EIR reg 12(4)(b)), a refusal subject to the public interest test.
    cost_limit: CostLimit | None = None
    # Where a regime refuses costly or vexatious requests under an exception rather than FOIA s12/s14: the EIR's
    # "manifestly unreasonable" exception, reg 12(4)(b).
    unreasonable_requests_exception: str | None = None
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        unknown = [s for s in self.subdivisions if s not in NATIONS]
        if not self.subdivisions or unknown:
            raise ValueError(f"subdivisions must be a non-empty selection of {', '.join(NATIONS)}")
        if self.school_days and self.outer_limit_working_days is None:
            raise ValueError("a school-days regime needs outer_limit_working_days (SI 2004/3364 reg 3(b))")
        if self.outer_limit_working_days is not None and self.outer_limit_working_days < self.working_days:
            raise ValueError("outer_limit_working_days must be at least working_days")
        if self.pit_extension and self.pit_normal_further_working_days is None:
            raise ValueError("pit_extension needs pit_normal_further_working_days")
        if self.fee_pause and self.fee_payment_months is None:
            raise ValueError("fee_pause needs fee_payment_months")
        for field in ("complex_extension_working_days", "commissioner_extension_max_working_days"):
            value = getattr(self, field)
            if value is not None and value <= self.working_days:
                raise ValueError(f"{field} must be more than working_days")
        return self


@cache
def _load(directory: Path) -> dict[str, Regime]:
    regimes: dict[str, Regime] = {}
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        try:
            regime = Regime.model_validate(raw)
        except ValidationError as exc:
            raise ValueError(f"invalid regime file {path.name}: {exc}") from exc
        if regime.code != path.stem:
            raise ValueError(f"{path.name}: code {regime.code!r} must match the file name")
        regimes[regime.code] = regime
    if not regimes:
        raise ValueError(f"no regime files (*.toml) in {directory}")
    return regimes


def load_regimes(directory: Path | None = None) -> dict[str, Regime]:
    """Every regime in ``directory`` (default: the shipped ``data/regimes``), keyed by code. Cached."""
    return dict(_load((directory or REGIMES_DIR).resolve()))


def exemption_regime(code: str) -> str:
    """The catalogue regime a request under regime `code` cites; the code itself when the regime names none, so
    the catalogue can say why it cannot check it."""
    regime = _load(REGIMES_DIR.resolve()).get(code)
    return regime.exemptions if regime is not None and regime.exemptions else code


def get_regime(code: str) -> Regime:
    regimes = _load(REGIMES_DIR.resolve())
    try:
        return regimes[code]
    except KeyError:
        raise UnknownRegime(code, sorted(regimes)) from None
