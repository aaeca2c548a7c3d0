"""The disclosure bundle: decision letter, annex with the redaction log, and the released documents.

Built on demand for the requester (bundle.zip, bundle.pdf) and frozen on the disclosure log when the case is
published. The release checks run over every file first; a single finding blocks the bundle (409 with the
report), so nothing is released that still carries what was withheld.
"""

import io
import zipfile
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, undefer

from app import timeutil
from app.audit.service import record
from app.auth.models import User
from app.bundle import content, locate, redaction, release, release_checks, storage
from app.bundle.extraction import normalise
from app.bundle.models import DocumentFile, PublishedFile, Redaction
from app.bundle.pdf_clean import clean, clean_bytes
from app.bundle.pdf_redact import Box
from app.bundle.release_checks import Finding, Requester, Secret
from app.config import Settings
from app.document.models import DecisionOutcome, Document, Stage
from app.document.service import effective_decisions
from app.errors import Conflict
from app.exemption.catalogue import Catalogue
from app.foi_request.models import FoiRequest
from app.letter.builder import build_context
from app.letter.models import IssuedLetter
from app.letter.redaction import public_copy
from app.letter.service import render
from app.personal_data import service as personal_data
from app.personal_data.folding import squash
from app.personal_data.forms import RequesterForms
from app.personal_data.service import PersonalDataFinding, Resolutions
from app.review.service import released_stage

RELEASED = {DecisionOutcome.disclosed, DecisionOutcome.withheld_in_part}


@dataclass
class BundleFile:
    name: str  # the path inside bundle.zip
    label: str  # the bookmark in bundle.pdf
    media_type: str
    data: bytes
    pdf: bytes
    document_id: int | None = None
    letter: bool = False
    boxes: list[Box] = field(default_factory=list)


@dataclass
class Bundle:
    reference: str
    public: bool
    files: list[BundleFile]
    findings: list[Finding]
    notes: list[str]
    secrets: list[Secret]  # what no file of this bundle may contain
    personal_data: list[PersonalDataFinding] = field(default_factory=list)  # public bundles: for a person
    requester: Requester | None = None  # public bundles: no file may hold the requester's certain forms


def _letter(session: Session, req: FoiRequest, public: bool) -> IssuedLetter:
    column = IssuedLetter.published_pdf if public else IssuedLetter.pdf
    letter = session.scalars(
        select(IssuedLetter)
        .where(IssuedLetter.request_id == req.id, IssuedLetter.kind.in_(("decision", "internal_review")))
        .options(undefer(column))
        .order_by(IssuedLetter.issued_on.desc(), IssuedLetter.id.desc())
    ).first()
    if letter is None:
        raise Conflict(
            f"Request {req.reference} has no issued decision letter; issue it before building the bundle.",
            rule="no_decision_letter",
        )
    if public and letter.published_pdf is None:
        raise Conflict(f"The {letter.kind} letter of {req.reference} is not published yet.", rule="letter_unpublished")
    return letter


def publication_rows(
    session: Session, doc: Document, file: DocumentFile, settings: Settings, done: Resolutions, forms: RequesterForms
) -> list[Redaction]:
    """The officer's "redact in the published copy" for this document, as passages of the public release only:
    every spelling of each marked text as it occurs (in the extracted text and, for a PDF, on its pages)."""
    marked = done.redacted(doc.id)
    if not marked:
        return []
    texts = [session.scalar(select(DocumentFile.text).where(DocumentFile.id == file.id)) or ""]
    if file.kind == "pdf":
        texts += [page.text for page in locate.read_pages(content.read(file, settings))]
    keys = {squash(t) for t in marked}
    found = {m.text for text in texts for m in forms.with_marked(marked).find(text) if m.key in keys}
    return [
        Redaction(
            document_id=doc.id,
            request_id=doc.request_id,
            stage=release.PUBLICATION,
            text=text,
            exemptions=[personal_data.LABEL],
        )
        for text in sorted(found, key=len, reverse=True)
        if normalise(text).split()
    ]


@dataclass
class Documents:
    """The released documents of a bundle, made once and used for the findings and for the bundle itself."""

    files: list[BundleFile]
    findings: list[Finding]
    notes: list[str]
    withheld: list[Secret]
    personal_data: list[PersonalDataFinding]


def documents(
    session: Session, req: FoiRequest, settings: Settings, *, public: bool, only: int | None = None
) -> Documents:
    """Each released document with its redactions applied (and, in public, the officer's publication ones)."""
    forms = personal_data.forms_of(req, settings)
    done = personal_data.resolutions(session, req)
    out = Documents([], [], [], [], [])
    for doc, decision in effective_decisions(session, req, released_stage(session, req)):
        if decision is None or DecisionOutcome(decision.outcome) not in RELEASED or only not in (None, doc.id):
            continue
        file = content.get_file(session, doc)
        if file is None:
            out.notes.append(f"Item {doc.item} ({doc.title}) is not in the bundle: no content has been uploaded.")
            continue
        rows = redaction.list_for(session, doc, Stage(decision.stage))
        name = release.slug(doc)
        if decision.outcome == DecisionOutcome.disclosed and rows:
            out.findings.append(
                Finding(
                    name,
                    "redactions_on_disclosed",
                    f"Item {doc.item} is decided 'Disclosed' but carries {len(rows)} redaction(s).",
                )
            )
        if decision.outcome == DecisionOutcome.withheld_in_part and not rows:
            out.findings.append(
                Finding(name, "no_redactions", f"Item {doc.item} is withheld in part but has no redactions recorded.")
            )
        extra = publication_rows(session, doc, file, settings, done, forms) if public else []
        title = f"{req.reference} item {doc.item}: {doc.title}"
        banner = f"{req.reference} – item {doc.item} – " + (
            "released in part"
            if rows
            else "released; personal data removed before publication"
            if extra
            else "released"
        )
        result = release.release(doc, file, content.read(file, settings), rows + extra, title, banner, settings)
        out.findings += result.findings
        out.withheld += result.secrets
        requester = None
        if public:
            dismissed = done.dismissed(doc.id)
            requester = Requester(forms.with_marked(done.redacted(doc.id)), frozenset(dismissed))
            out.personal_data += released_findings(doc, result.pdf, forms, dismissed)
        out.findings += release_checks.check(
            result.filename, result.media_type, result.data, result.secrets, result.boxes, requester
        )
        out.files.append(
            BundleFile(
                f"documents/{result.filename}", f"Item {doc.item}: {doc.title}", result.media_type, result.data,
                result.pdf, doc.id, boxes=result.boxes,
            )
        )  # fmt: skip
    out.personal_data = personal_data.unique(out.personal_data)
    return out


def build(
    session: Session,
    req: FoiRequest,
    catalogue: Catalogue,
    settings: Settings,
    *,
    public: bool,
    made: Documents | None = None,
) -> Bundle:
    """Every file of the bundle, with the release checks' findings (empty when it may be released).

    A public bundle also carries the personal-data findings a person must resolve (app.personal_data), and
    every file of it is checked for the requester's certain forms after it is made."""
    letter = _letter(session, req, public)
    issued = letter.published_pdf if public else letter.pdf
    assert issued is not None
    forms = personal_data.forms_of(req, settings)
    done = personal_data.resolutions(session, req)
    # The letters go out like everything else in the bundle: tags kept, producer and dates stripped.
    letter_pdf = clean_bytes(issued, letter.title, keep_structure=True)
    files = [
        BundleFile(
            f"01-{letter.kind.replace('_', '-')}-letter.pdf",
            letter.title,
            "application/pdf",
            letter_pdf,
            letter_pdf,
            letter=True,
        )
    ]
    context = build_context(session, req, "annex", catalogue, settings, timeutil.today())
    annex = public_copy(context, personal_data.case_forms(forms, done)) if public else context
    annex_pdf = clean_bytes(render(annex, settings)[1], annex.title, keep_structure=True)
    files.append(BundleFile("02-annex.pdf", annex.title, "application/pdf", annex_pdf, annex_pdf, letter=True))
    made = made or documents(session, req, settings, public=public)
    files += made.files
    findings = list(made.findings)
    # The requester's own copy of a letter is addressed to them (even where their details are redacted from a
    # document); the published copy must not name them.
    secrets = made.withheld if public else [s for s in made.withheld if not forms.find(s.value, certain=True)]
    letters = Requester(personal_data.case_forms(forms, done), frozenset(done.dismissed(None))) if public else None
    for part in files:
        if part.letter:
            findings += release_checks.check(part.name, part.media_type, part.data, secrets, (), letters)
    whole = Requester(letters.forms, frozenset(done.dismissed_anywhere())) if letters is not None else None
    return Bundle(req.reference, public, files, findings, list(made.notes), secrets, made.personal_data, whole)


def released_findings(
    doc: Document, pdf: bytes, forms: RequesterForms, dismissed: set[str]
) -> list[PersonalDataFinding]:
    """Where the requester may be named in a document as it would be released, page by page, as each of the
    release checks' readers sees it (one joins "Ngozi<tab>Lee" into a word, another does not)."""
    return [
        finding
        for number, texts in enumerate(release_checks.pdf_page_texts(pdf), start=1)
        for text in texts
        for finding in personal_data.scan(
            forms, text, document_id=doc.id, item=doc.item, where=f"page {number}", page=number, dismissed=dismissed
        )
    ]


def preview_released(session: Session, req: FoiRequest, doc: Document, settings: Settings) -> release.Released:
    """One document as it would be released now, its redactions applied (the release checks run at issue)."""
    stage = released_stage(session, req)
    decision = redaction.decision_for(doc, stage) or redaction.decision_for(doc, Stage.initial)
    rows = redaction.list_for(session, doc, Stage(decision.stage)) if decision is not None else []
    file = content.require_file(session, req, doc)
    title = f"{req.reference} item {doc.item}: {doc.title}"
    banner = f"{req.reference} – item {doc.item} – preview"
    return release.release(doc, file, content.read(file, settings), rows, title, banner, settings)


def require_clean(bundle: Bundle) -> None:
    personal_data.require_none(bundle.personal_data, bundle.reference)
    if bundle.findings:
        raise Conflict(
            f"The release checks found {len(bundle.findings)} problem(s) in the bundle for {bundle.reference}; "
            "nothing was released. Fix each one and try again.",
            rule="release_checks_failed",
            extra={"findings": release_checks.as_dicts(bundle.findings)},
        )


def zip_bytes(bundle: Bundle) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in bundle.files:
            archive.writestr(zipfile.ZipInfo(f"{bundle.reference}/{f.name}", (2000, 1, 1, 0, 0, 0)), f.data)
    return out.getvalue()


def pdf_bytes(bundle: Bundle) -> bytes:
    """One PDF: the letter, the annex and every released document, with a bookmark at the start of each."""
    import pikepdf

    merged = pikepdf.new()
    sources = []
    try:
        with merged.open_outline() as outline:
            for f in bundle.files:
                source = pikepdf.open(io.BytesIO(f.pdf))
                sources.append(source)
                outline.root.append(pikepdf.OutlineItem(f.label, len(merged.pages)))
                merged.pages.extend(source.pages)
        return clean(merged, f"{bundle.reference}: disclosure bundle", keep_outlines=True)
    finally:
        for source in sources:
            source.close()


def checked_pdf(bundle: Bundle) -> bytes:
    """bundle.pdf, itself checked: its bookmarks and merged pages must not bring back anything withheld."""
    require_clean(bundle)
    data = pdf_bytes(bundle)
    bundle.findings += release_checks.check_pdf("bundle.pdf", data, bundle.secrets, (), bundle.requester)
    require_clean(bundle)
    return data


def publish(
    session: Session,
    req: FoiRequest,
    actor: User,
    catalogue: Catalogue,
    settings: Settings,
    made: Documents | None = None,
) -> list[PublishedFile]:
    """Freeze the public bundle on the disclosure log, after the release checks pass (409 with the report if not)."""
    bundle = build(session, req, catalogue, settings, public=True, made=made)
    whole = checked_pdf(bundle)
    store = storage.get_storage(settings)
    session.execute(delete(PublishedFile).where(PublishedFile.request_id == req.id))
    now = timeutil.now()
    items = [
        (f.label, f.name.removeprefix("documents/"), f.media_type, f.data, f.document_id)
        for f in bundle.files
        if not f.letter
    ]
    items.append(
        (f"{req.reference}: the whole bundle (PDF)", f"{req.reference}-bundle.pdf", "application/pdf", whole, None)
    )
    rows = []
    for label, filename, media_type, data, document_id in items:
        row = PublishedFile(
            request_id=req.id, document_id=document_id, label=label, filename=filename, media_type=media_type,
            sha256=storage.sha256(data), size=len(data), storage_key=store.put(data), published_at=now,
            published_by_id=actor.id,
        )  # fmt: skip
        session.add(row)
        rows.append(row)
    session.flush()
    record(
        session,
        actor=actor,
        entity="bundle",
        entity_id=req.id,
        action="published",
        after={"files": [{"filename": r.filename, "sha256": r.sha256} for r in rows], "notes": bundle.notes},
        request_id=req.id,
    )
    return rows


def published_files(session: Session, request_id: int) -> list[PublishedFile]:
    return list(
        session.scalars(select(PublishedFile).where(PublishedFile.request_id == request_id).order_by(PublishedFile.id))
    )
