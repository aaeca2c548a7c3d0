"""Neither confirm nor deny: the provisions that exclude the duty to say whether information is held.

FOIA s1(1)(a) and s1(6): almost every Part II section has a subsection excluding that duty (s31(3), s36(3),
s40(5A)/(5B)); EIR reg 12(6) and reg 13(5A)/(5B). The catalogue names each section's (or limb's) provision in
its `ncnd` field, and some are citable limbs of their own (s40(5B)), so this reads only the catalogue's data.
A neither-confirm-nor-deny response still needs a refusal notice naming the provision (FOIA s17(1)(b)); s17(4)
excuses only the reasons.
"""

from dataclasses import dataclass

from app.errors import Unprocessable
from app.exemption.catalogue import AmbiguousExemption, Catalogue, Section, UnknownExemption
from app.exemption.codes import REGIME_PREFIX, _normalise, _within
from app.exemption.formatting import format_code


@dataclass(frozen=True)
class NcndProvision:
    """A provision cited for a neither-confirm-nor-deny response, as the caseworker cited it."""

    code: str  # canonical, possibly below the catalogue's provision: "s40(5B)(a)(i)"
    provision: str  # the catalogue's provision it falls under: "s40(5B)"
    section: Section
    absolute: bool  # then no public interest test (FOIA s2(1)(a); the basis of the limb it protects)

    @property
    def display(self) -> str:
        return format_code(self.code)


def provisions(catalogue: Catalogue, regime: str) -> dict[str, tuple[Section, bool]]:
    """Every NCND provision of a regime's catalogue, with its section and whether it is absolute."""
    found: dict[str, tuple[Section, bool]] = {}
    for section in catalogue.sections_in(regime).values():
        limb_codes = {limb.code: limb for limb in section.limbs}
        named = [(section.ncnd, section.basis)] + [(limb.ncnd, limb.basis) for limb in section.limbs]
        for code, basis in named:
            if code is None:
                continue
            # A provision that is a citable limb itself (s40(5B)) carries its own basis; otherwise it follows the
            # exemption it protects, and a section that mixes absolute and qualified limbs (s37(2)) is weighed.
            own = limb_codes.get(code)
            absolute = (own.basis if own else basis) == "absolute"
            previous = found.get(code)
            found[code] = (section, absolute and (previous is None or previous[1]))
        for limb in section.limbs:
            # Limbs below an NCND provision ("s40(5B)/second") are provisions too, with their own basis.
            if any(_within(limb.code, code) for code in found if code.startswith(section.code)):
                found[limb.code] = (section, limb.basis == "absolute")
    return found


def resolve_ncnd(catalogue: Catalogue, code: str, regime: str) -> NcndProvision:
    """The NCND provision a caseworker cites ("s31(3)", "40(5B)(a)(i)", "reg 12(6)"), or a 422 saying what to cite."""
    known = provisions(catalogue, regime)
    loose = _normalise(code)
    if loose is None:
        raise Unprocessable(
            f"{code!r} is not a provision code. Cite the provision that excludes the duty to confirm or deny, "
            f"e.g. {_examples(known)}.",
            rule="unknown_ncnd_provision",
        )
    prefix, body = loose
    canonical = (prefix or REGIME_PREFIX.get(regime, "s")) + body
    matches = [p for p in known if canonical == p or _within(canonical, p)]
    provision = _alias_target(canonical, known) or (max(matches, key=len) if matches else None)
    if provision is None:
        shared = _under_shared_provision(catalogue, canonical, regime)
        if shared is not None:
            return shared
    if provision is None:
        raise Unprocessable(_not_ncnd(catalogue, canonical, regime, known), rule="not_an_ncnd_provision")
    section, absolute = known[provision]
    return NcndProvision(code=canonical, provision=provision, section=section, absolute=absolute)


def shared_provisions(catalogue: Catalogue, regime: str) -> set[str]:
    """Provisions that serve several sections (FOISA s18(1)): cited with the exemption that would apply."""
    owners: dict[str, set[str]] = {}
    for section in catalogue.sections_in(regime).values():
        for code in [section.ncnd, *(limb.ncnd for limb in section.limbs)]:
            if code is not None:
                owners.setdefault(code, set()).add(section.code)
    return {code for code, sections in owners.items() if len(sections) > 1}


def _under_shared_provision(catalogue: Catalogue, canonical: str, regime: str) -> NcndProvision | None:
    """An exemption cited under a provision shared by several sections: FOISA s18(1) with s35(1)(a) names the
    exemption that would apply if the information were held (FOISA s16(1)(c))."""
    shared = shared_provisions(catalogue, regime)
    try:
        citation = catalogue.resolve(canonical, regime)
    except (UnknownExemption, AmbiguousExemption):
        return None
    limb, section = citation.limb, citation.section
    provision = (limb.ncnd if limb is not None else None) or section.ncnd
    if provision not in shared:
        return None
    # The shared provision weighs the public interest itself (FOISA s18(1): "contrary to the public interest").
    return NcndProvision(code=citation.code, provision=provision, section=section, absolute=False)


def _alias_target(canonical: str, known: dict[str, tuple[Section, bool]]) -> str | None:
    """The provision limb a code is an alias of: "s40(5B)(b)" stands for "s40(5B)/second", with its basis."""
    for code, (section, _) in known.items():
        for limb in section.limbs:
            if limb.code == code and canonical in limb.aliases:
                return code
    return None


def _not_ncnd(catalogue: Catalogue, canonical: str, regime: str, known: dict[str, tuple[Section, bool]]) -> str:
    sections = catalogue.sections_in(regime)
    section = next((s for s in sections.values() if _within(canonical, s.code)), sections.get(canonical))
    if section is not None:
        own = sorted(p for p, (s, _) in known.items() if s is section)
        if own:
            return (
                f"{canonical} is an exemption from disclosure, not from the duty to confirm or deny. For a "
                f"neither-confirm-nor-deny response cite {' or '.join(own)}."
            )
        return f"{section.code} ({section.title}) has no neither-confirm-nor-deny provision, so it cannot support one."
    return (
        f"{canonical} is not a neither-confirm-nor-deny provision in the exemption catalogue for this request's "
        f"regime. Cite one such as {_examples(known)}."
    )


def _examples(known: dict[str, tuple[Section, bool]]) -> str:
    codes = sorted(known)[:3]
    return ", ".join(codes) if codes else "none: the catalogue has no such provision for this regime"
