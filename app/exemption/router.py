from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.dependencies import CatalogueDep
from app.errors import NotFound
from app.exemption.catalogue import AmbiguousExemption, Section, UnknownExemption
from app.schemas import OutModel

router = APIRouter(prefix="/api/v1/exemptions", tags=["exemptions"])


class ExemptionOut(OutModel):
    section: Section
    cited_code: str | None
    basis: str


@router.get("", response_model=list[Section])
def list_exemptions(
    catalogue: CatalogueDep,
    regime: Annotated[str | None, Query(max_length=16, description="foia or eir")] = None,
) -> list[Section]:
    """The exemption catalogue, limb by limb, in statute order (public)."""
    return [s for s in catalogue.sections.values() if regime is None or s.regime == regime]


@router.get("/{code}", response_model=ExemptionOut)
def get_exemption(code: Annotated[str, Path(max_length=64)], catalogue: CatalogueDep) -> ExemptionOut:
    """One exemption by section or limb code, e.g. s36 or s36(2)(b)(ii) (public)."""
    section = catalogue.sections.get(code)
    if section is not None:
        return ExemptionOut(section=section, cited_code=None, basis=section.basis)
    try:
        citation = catalogue.resolve(code)
    except AmbiguousExemption as exc:
        raise NotFound(str(exc)) from exc
    except UnknownExemption as exc:
        raise NotFound(str(exc), extra={"suggestion": exc.suggestion} if exc.suggestion else None) from exc
    return ExemptionOut(
        section=citation.section,
        cited_code=citation.code,
        basis="absolute" if citation.absolute else "qualified",
    )
