from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.deadline.regimes import exemption_regime, load_regimes
from app.errors import NotFound, Unprocessable
from app.exemption.catalogue import AmbiguousExemption, Catalogue, Section, UnknownExemption
from app.exemption.dependencies import CatalogueDep
from app.schemas import OutModel

router = APIRouter(prefix="/api/v1/exemptions", tags=["exemptions"])
RegimeQuery = Annotated[
    str | None,
    Query(
        max_length=16,
        description="foia, eir or foisa (or a request regime such as school, which cites FOIA); default FOIA and EIR",
    ),
]


class ExemptionOut(OutModel):
    section: Section
    cited_code: str | None
    basis: str


def _catalogue_regime(catalogue: Catalogue, regime: str) -> str:
    """The catalogue regime a ?regime= names: a catalogue regime, or a request regime that cites one."""
    wanted = exemption_regime(regime.strip().lower())
    if wanted in catalogue.regimes:
        return wanted
    known = sorted({*catalogue.regimes, *(r for r in load_regimes() if exemption_regime(r) in catalogue.regimes)})
    raise Unprocessable(
        f"Unknown regime {regime!r}: give regime as one of {', '.join(known)}, or leave it out for FOIA and the EIR.",
        rule="unknown_regime",
        extra={"known": known},
    )


@router.get("", response_model=list[Section])
def list_exemptions(catalogue: CatalogueDep, regime: RegimeQuery = None) -> list[Section]:
    """The exemption catalogue, limb by limb, in statute order (public); ?regime=foisa for FOISA's."""
    if regime is None:
        return list(catalogue.sections.values())
    return list(catalogue.sections_in(_catalogue_regime(catalogue, regime)).values())


@router.get("/{code}", response_model=ExemptionOut)
def get_exemption(
    code: Annotated[str, Path(max_length=64)], catalogue: CatalogueDep, regime: RegimeQuery = None
) -> ExemptionOut:
    """One exemption by section or limb code, e.g. s36 or s36(2)(b)(ii), or s30(b)(i)?regime=foisa (public)."""
    wanted = _catalogue_regime(catalogue, regime) if regime is not None else None
    section = (catalogue.sections if wanted is None else catalogue.sections_in(wanted)).get(code)
    if section is not None:
        return ExemptionOut(section=section, cited_code=None, basis=section.basis)
    try:
        citation = catalogue.resolve(code, wanted)
    except AmbiguousExemption as exc:
        raise NotFound(str(exc)) from exc
    except UnknownExemption as exc:
        raise NotFound(str(exc), extra={"suggestion": exc.suggestion} if exc.suggestion else None) from exc
    return ExemptionOut(
        section=citation.section,
        cited_code=citation.code,
        basis="absolute" if citation.absolute else "qualified",
    )
