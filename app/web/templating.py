"""One Jinja environment for the pages: our templates plus the GOV.UK Frontend macros (govuk-frontend-jinja)."""

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from app.auth.roles import ROLE_SETS
from app.config import get_settings
from app.letter.render import long_date

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(
    loader=ChoiceLoader(
        [
            FileSystemLoader(str(TEMPLATES)),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    ),
    autoescape=True,
    # Not StrictUndefined: the GOV.UK macros test optional parameters by their absence. Every page is
    # rendered in a test instead.
    trim_blocks=True,
    lstrip_blocks=True,
)


def short_date(value: date | None) -> str:
    return "" if value is None else f"{value.day} {value:%b %Y}"


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(get_settings().timezone))
    return f"{local.day} {local:%b %Y} at {local:%H:%M}"


# Pages ask "may this person …?" of the same sets the API enforces: {% if current_user.role in roles.case_officers %}.
env.globals["roles"] = {name: tuple(r.value for r in members) for name, members in ROLE_SETS.items()}
env.filters["long_date"] = long_date
env.filters["short_date"] = short_date
env.filters["local_time"] = local_time

# The GOV.UK Frontend components the pages use, each by its macro's name ("summary-list" is govukSummaryList): one
# list here, in place of the same imports at the top of every page.
GOVUK_COMPONENTS = (
    "button",
    "checkboxes",
    "date-input",
    "details",
    "error-message",
    "error-summary",
    "fieldset",
    "file-upload",
    "input",
    "inset-text",
    "notification-banner",
    "password-input",
    "radios",
    "select",
    "service-navigation",
    "summary-list",
    "textarea",
    "warning-text",
)
for component in GOVUK_COMPONENTS:
    macro = "govuk" + "".join(part.capitalize() for part in component.split("-"))
    module = env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module
    env.globals[macro] = getattr(module, macro)


def render(request: Request, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """Render a page; the signed-in user and their CSRF token come from the request's state."""
    settings = get_settings()
    identity = getattr(request.state, "web_identity", None)
    html = env.get_template(name).render(
        request=request,
        service_name="FOI casework",
        authority=settings.authority_name,
        current_user=identity,
        csrf_token=identity.csrf_token if identity else "",
        path=request.url.path,
        **values,
    )
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})
