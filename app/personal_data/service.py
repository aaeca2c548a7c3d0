"""The requester's forms for one case, the findings they give in what is about to be published, and their
resolutions (redact in the published copy, or dismiss with a reason), each audited."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.service import record
from app.auth.models import User
from app.config import Settings
from app.deadline.regimes import load_regimes
from app.errors import Conflict, Unprocessable
from app.foi_request.models import FoiRequest
from app.personal_data.folding import squash
from app.personal_data.forms import RequesterForms, requester_forms
from app.personal_data.models import PersonalDataResolution, Resolution

LABEL = "Personal data removed before publication"


def authority_text(settings: Settings) -> tuple[str, ...]:
    """What the authority prints on every letter: a requester's form found in it (their town, a namesake
    signatory) identifies nobody and would otherwise block every publication. The regulators are every
    regime's (app/deadline/data/regimes), and any FOI_REGULATOR_* override of the Information Commissioner."""
    regulators = [(r.regulator.name, "\n".join(r.regulator.address_lines)) for r in load_regimes().values()]
    return (
        settings.authority_name,
        settings.authority_address,
        settings.authority_signatory_name,
        settings.authority_signatory_title,
        settings.authority_email,
        settings.authority_review_contact,
        *(text for text in (settings.regulator_name, settings.regulator_address) if text),
        *dict.fromkeys(text for pair in regulators for text in pair),
    )


def forms_of(req: FoiRequest, settings: Settings) -> RequesterForms:
    """The one definition of this case's requester for publication (letters, documents, pages, files)."""
    return requester_forms(req.requester, authority_text(settings))


@dataclass(frozen=True)
class PersonalDataFinding:
    """One place the requester may be named in what is about to be published."""

    document_id: int | None  # None: the case's own text (the request, its title, the letters)
    item: str | None
    where: str  # "page 2", "the request text"
    page: int | None
    text: str  # as it was found
    form: str  # the form it matched: "reversed name", "email", "given name", ...
    certain: bool  # False: a part of the name alone, which may be an ordinary word or another person
    key: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "item": self.item,
            "where": self.where,
            "page": self.page,
            "text": self.text,
            "form": self.form,
            "certain": self.certain,
        }


@dataclass(frozen=True)
class Resolutions:
    rows: list[PersonalDataResolution]

    def dismissed(self, document_id: int | None) -> set[str]:
        return {r.key for r in self.rows if r.document_id == document_id and r.action == Resolution.dismiss}

    def dismissed_anywhere(self) -> set[str]:
        """For a file that joins every document (bundle.pdf): a text dismissed in any of them."""
        return {r.key for r in self.rows if r.action == Resolution.dismiss}

    def redacted(self, document_id: int | None) -> list[str]:
        return [r.text for r in self.rows if r.document_id == document_id and r.action == Resolution.redact]


def resolutions(session: Session, req: FoiRequest) -> Resolutions:
    rows = session.scalars(
        select(PersonalDataResolution)
        .where(PersonalDataResolution.request_id == req.id)
        .order_by(PersonalDataResolution.id)
    )
    return Resolutions(list(rows))


def case_forms(forms: RequesterForms, done: Resolutions) -> RequesterForms:
    """For the case's own text: the requester's forms and every passage an officer marked to remove."""
    return forms.with_marked(done.redacted(None))


def scan(
    forms: RequesterForms,
    text: str,
    *,
    document_id: int | None,
    item: str | None,
    where: str,
    page: int | None = None,
    dismissed: set[str],
    certain: bool | None = None,
) -> list[PersonalDataFinding]:
    found = []
    for match in forms.find(text):
        if (certain is not None and match.form.certain is not certain) or match.key in dismissed:
            continue
        found.append(
            PersonalDataFinding(
                document_id, item, where, page, match.text, match.form.kind, match.form.certain, match.key
            )
        )
    return found


def unique(findings: Iterable[PersonalDataFinding]) -> list[PersonalDataFinding]:
    """One finding per text per document (and per page), in order."""
    seen: set[tuple[int | None, int | None, str]] = set()
    out = []
    for f in findings:
        if (f.document_id, f.page, f.key) not in seen:
            seen.add((f.document_id, f.page, f.key))
            out.append(f)
    return out


def require_none(findings: list[PersonalDataFinding], reference: str) -> None:
    """Nothing is published while a finding waits for a person: 409 with every finding."""
    if findings:
        raise Conflict(
            f"{len(findings)} place(s) in what would be published for {reference} may name the requester; nothing "
            "was published. Resolve each finding: redact it in the published copy, or dismiss it with a reason.",
            rule="personal_data_findings",
            extra={"findings": [f.as_dict() for f in findings]},
        )


def resolve(
    session: Session,
    req: FoiRequest,
    actor: User,
    *,
    document_id: int | None,
    text: str,
    form: str,
    action: Resolution,
    reason: str | None,
) -> PersonalDataResolution:
    key = squash(text)
    if not key:
        raise Unprocessable("The text of the finding is empty; copy it from the list of findings.", rule="empty_text")
    if action is Resolution.dismiss and not (reason and reason.strip()):
        raise Unprocessable(
            "Say why this is not the requester's personal data (for example 'a different person of the same "
            "name'); a dismissal needs a reason.",
            rule="reason_required",
        )
    existing = next((r for r in resolutions(session, req).rows if r.document_id == document_id and r.key == key), None)
    if existing is not None and existing.action == action:
        return existing  # pressed twice: one resolution
    if existing is not None:
        session.delete(existing)  # a change of mind: the newer decision stands (both are in the audit log)
    row = PersonalDataResolution(
        request_id=req.id,
        document_id=document_id,
        key=key,
        text=text,
        form=form,
        action=action.value,
        reason=reason.strip() if reason else None,
        created_by_id=actor.id,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        entity="personal_data_resolution",
        entity_id=row.id,
        action="redacted" if action is Resolution.redact else "dismissed",
        after={"document_id": document_id, "text": text, "form": form, "reason": row.reason},
        request_id=req.id,
    )
    return row
