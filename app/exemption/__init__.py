"""FOIA exemptions and EIR exceptions: the catalogue loaded from `exemptions/*.toml`, and letter wording."""

from app.exemption import catalogue
from app.exemption.catalogue import *  # noqa: F403 (the catalogue's names are the package's, listed once there)
from app.exemption.formatting import format_code, format_exemption_list

__all__ = ["format_code", "format_exemption_list"]
__all__ += catalogue.__all__
