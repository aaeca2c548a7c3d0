"""Personal data before publication, as the document and case pages show it: one row per text found, what has
been resolved, and a posted resolution (redact in the published copy, or dismiss with a reason) tried."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.auth.models import User
from app.config import get_settings
from app.foi_request.models import FoiRequest
from app.personal_data.folding import squash
from app.personal_data.models import PersonalDataResolution, Resolution
from app.personal_data.schemas import ResolutionIn
from app.personal_data.service import PersonalDataFinding, resolutions
from app.publishing import service as publishing
from app.web.forms import FormErrors, attempt

REASON_REQUIRED = (
    "Enter why “{text}” is not the requester’s personal data, for example “a different person of the same name”"
)
UNREADABLE = "This finding could not be read. Reload the page and choose it from the list again."


@dataclass(frozen=True)
class FindingRow:
    """One text to resolve, with every place it was found: a resolution covers them all."""

    key: str
    text: str
    form: str
    certain: bool
    places: tuple[str, ...]

    @property
    def field(self) -> str:
        """The id of this row's reason box, which its errors link to."""
        return f"reason-{self.key}"

    @property
    def where(self) -> str:
        pages = [p.removeprefix("page ") for p in self.places if p.startswith("page ")]
        if len(pages) == len(self.places) > 1:
            return f"pages {', '.join(pages)}"
        return ", ".join(self.places)


@dataclass(frozen=True)
class Section:
    """What the page's "Personal data before publication" section lists."""

    rows: list[FindingRow]
    resolutions: list[PersonalDataResolution]
    checked: bool = True  # False: not looked for (a document with no content, or not released)
    form: Mapping[str, str] = field(default_factory=dict)  # what was typed into the row that failed


def finding_rows(findings: Iterable[PersonalDataFinding]) -> list[FindingRow]:
    grouped: dict[str, list[PersonalDataFinding]] = {}
    for finding in findings:
        grouped.setdefault(finding.key, []).append(finding)
    return [
        FindingRow(
            key,
            found[0].text,
            found[0].form,
            any(f.certain for f in found),
            tuple(dict.fromkeys(f.where for f in found)),
        )
        for key, found in grouped.items()
    ]


def section(
    session: Session,
    req: FoiRequest,
    document_id: int | None,
    findings: list[PersonalDataFinding] | None,
    errors: FormErrors | None,
    form: Mapping[str, str] | None,
) -> Section:
    """The section for one document (or the case's own text when `document_id` is None); `findings` None when
    they were not looked for. An error for a row no longer listed moves to the summary at the top of the page."""
    rows = finding_rows(findings or [])
    if errors:
        shown = {row.field for row in rows}
        for name in [n for n in errors.fields if n.startswith("reason-") and n not in shown]:
            errors.general.append(errors.fields.pop(name))
    done = [r for r in resolutions(session, req).rows if r.document_id == document_id]
    return Section(rows, done, findings is not None, form or {})


@dataclass(frozen=True)
class Outcome:
    """A posted resolution tried: the banner to show on success, or the errors and what was typed."""

    done: str | None
    errors: FormErrors
    form: dict[str, str]
    status_code: int = 422


def resolve(
    session: Session, req: FoiRequest, user: User, fields: Mapping[str, str], document_id: int | None
) -> Outcome:
    text, action, reason = fields.get("text", ""), fields.get("action", ""), fields.get("reason", "")
    key = squash(text)
    typed = {"key": key, "reason": reason}
    reason_field = f"reason-{key}"
    errors = FormErrors()
    if not key:
        errors.add(None, UNREADABLE)
    elif action not in {r.value for r in Resolution}:
        errors.add(None, "Choose whether to redact the finding in the published copy or to dismiss it.")
    elif action == Resolution.dismiss and not reason.strip():
        errors.add(reason_field, REASON_REQUIRED.format(text=text.strip()))
    if errors:
        return Outcome(None, errors, typed)
    chosen = Resolution(action)
    try:
        data = ResolutionIn(
            document_id=document_id,
            text=text,
            form=fields.get("form") or "marked by an officer",
            action=chosen,
            reason=(reason.strip() or None) if chosen is Resolution.dismiss else None,
        )
    except ValidationError as exc:
        if any(e["loc"][:1] == ("reason",) for e in exc.errors()):
            errors.add(reason_field, "The reason must be 2,000 characters or fewer")
        else:
            errors.add(None, UNREADABLE)
        return Outcome(None, errors, typed)
    _, problem = attempt(session, lambda: publishing.resolve_finding(session, req, user, data, get_settings()))
    if problem is not None:
        errors.add(reason_field if problem.rule in {"reason_required", "passage_not_found"} else None, problem.detail)
        return Outcome(None, errors, typed, problem.status_code)
    return Outcome("pd_redacted" if chosen is Resolution.redact else "pd_dismissed", errors, typed)


DONE = {
    "pd_redacted": "Redacted in the published copy. The requester’s own copy is unchanged.",
    "pd_dismissed": "Dismissed: it is published as it is, and your reason is recorded.",
    "pd_nothing": "Nothing was left to redact: every finding is already resolved.",
}
