"""Letters to HTML with Jinja2 and to tagged, accessible PDF with WeasyPrint (PDF/UA-1, en-GB, titled)."""

import hashlib
from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError

from app.errors import AppError
from app.letter.context import AnyLetterContext


class LetterTemplateError(AppError):
    """A template that does not compile or render: a deployment fault, reported with the template and line."""

    status_code = 500
    error = "letter_template_error"


def long_date(value: date | None) -> str:
    """GOV.UK style: 25 October 2017."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%B %Y')}"


def day_and_date(value: date | None) -> str:
    """Wednesday 25 October 2017."""
    if value is None:
        return ""
    return f"{value.strftime('%A')} {long_date(value)}"


@lru_cache
def template_env(directory: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(directory)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.filters["day_and_date"] = day_and_date
    return env


def template_version(directory: Path) -> str:
    """A hash of every template and the stylesheet: stored with an issued letter so it can be reproduced."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def check_templates(directory: Path, kinds: list[str]) -> None:
    """Compile every letter template at start-up, so a syntax error stops the service, not a letter."""
    env = template_env(directory)
    for kind in kinds:
        try:
            env.get_template(f"{kind}.html")
        except TemplateSyntaxError as exc:
            raise LetterTemplateError(
                f"Letter template {exc.filename or exc.name} line {exc.lineno}: {exc.message}"
            ) from exc
        except TemplateError as exc:
            raise LetterTemplateError(f"Letter template for {kind!r} cannot be loaded: {exc}") from exc


def render_html(context: AnyLetterContext, directory: Path) -> str:
    env = template_env(directory)
    name = f"{context.kind}.html"
    try:
        return env.get_template(name).render(letter=context)
    except TemplateSyntaxError as exc:
        raise LetterTemplateError(f"Letter template {exc.filename or name} line {exc.lineno}: {exc.message}") from exc
    except TemplateError as exc:
        line = _template_line(exc, name)
        raise LetterTemplateError(f"Letter template {name}{line} failed to render: {exc}") from exc


def _template_line(exc: BaseException, name: str) -> str:
    tb = exc.__traceback__
    line = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            line = f" ({Path(filename).name} line {tb.tb_lineno})"
        tb = tb.tb_next
    return line


def render_pdf(html: str, directory: Path) -> bytes:
    """Tagged PDF/UA-1; the document language and title come from the template's <html lang> and <title>."""
    from weasyprint import HTML  # imported late: Pango loads only where letters are rendered

    pdf: bytes = HTML(string=html, base_url=str(directory)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
