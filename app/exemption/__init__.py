"""FOIA exemptions and EIR exceptions: the catalogue loaded from `exemptions/*.toml`, and letter wording."""

from app.exemption.catalogue import (
    AmbiguousExemption,
    Catalogue,
    CatalogueError,
    Citation,
    Limb,
    Purpose,
    Section,
    UnknownExemption,
    UnsupportedRegime,
    WrongRegime,
    default_catalogue_dir,
    load_catalogue,
)
from app.exemption.formatting import format_code, format_exemption_list

__all__ = [
    "AmbiguousExemption",
    "Catalogue",
    "CatalogueError",
    "Citation",
    "Limb",
    "Purpose",
    "Section",
    "UnknownExemption",
    "UnsupportedRegime",
    "WrongRegime",
    "default_catalogue_dir",
    "format_code",
    "format_exemption_list",
    "load_catalogue",
]
