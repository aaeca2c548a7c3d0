"""Things an officer records on a case: clock events, documents in scope, the qualified person's opinion."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app import timeutil
from app.auth.dependencies import SessionDep
from app.auth.models import Role, User
from app.config import get_settings
from app.deadline.events import EventType
from app.deadline.regimes import exemption_regime, get_regime
from app.dependencies import RowId
from app.document import opinions
from app.document import service as documents
from app.document.schemas import DocumentIn, OpinionIn
from app.exemption.catalogue import Catalogue
from app.exemption.dependencies import CatalogueDep
from app.foi_request import events, service
from app.foi_request.models import FoiRequest
from app.foi_request.schemas import EventIn
from app.web.cases import OUTCOME_NAMES
from app.web.dependencies import CsrfChecked, FormFields, FormLists, WebOfficer, WebOpinionGiver
from app.web.forms import (
    STALE_CASE,
    FormErrors,
    add_app_error,
    add_validation_errors,
    attempt,
    date_parts,
    optional_int,
    read_date,
    typed_date,
)
from app.web.response_form import response_details, response_field
from app.web.templating import render

router = APIRouter(include_in_schema=False)
CaseId = RowId


@dataclass(frozen=True)
class EventForm:
    """What the form for one kind of event asks, beyond the date."""

    heading: str
    date_label: str
    extended_to: bool = False
    reason: bool = False
    amount: bool = False
    exemptions: bool = False
    outcome: bool = False
    hint: str = ""


EVENT_FORMS: dict[str, EventForm] = {
    "clarification_requested": EventForm(
        "Ask for clarification",
        "When was clarification asked for?",
        hint="FOIA s1(3): the clock stops until the clarification arrives, then starts again from day one.",
    ),
    "clarification_received": EventForm("Record the clarification received", "When did it arrive?"),
    "fee_notice_issued": EventForm(
        "Record a fees notice",
        "When was the fees notice sent?",
        amount=True,
        hint="FOIA s9: the clock pauses until the fee is paid; unpaid after three months, the request lapses.",
    ),
    "fee_paid": EventForm("Record the fee paid", "When was the fee paid?"),
    "pit_extension": EventForm(
        "Extend to consider the public interest",
        "When was the requester told?",
        extended_to=True,
        reason=True,
        exemptions=True,
        hint="FOIA s10(3), s17(2): name the qualified exemptions and give an estimate of the new date.",
    ),
    "eir_extension": EventForm(
        "Extend for complexity and volume (EIR reg 7)",
        "When was the requester told?",
        hint="EIR reg 7(1): up to 40 working days where the request is complex and voluminous.",
    ),
    "commissioner_extension": EventForm(
        "Extend with the Commissioner's agreement", "When was it agreed?", extended_to=True, reason=True
    ),
    "responded": EventForm("Record the response", "When was the response sent?", outcome=True),
    "withdrawn": EventForm("Record a withdrawal", "When did the requester withdraw?"),
    "lapsed": EventForm("Record that the request lapsed", "From when?"),
}


def _event_page(
    request: Request,
    req: FoiRequest,
    kind: str,
    form: dict[str, Any],
    catalogue: Catalogue,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    qualified = [
        limb.code
        for section in catalogue.sections_in(exemption_regime(req.regime)).values()
        for limb in section.limbs
        if limb.basis == "qualified"
    ]
    regime = get_regime(req.regime)
    band = get_settings().authority_cost_limit_band
    limit = regime.cost_limit
    cost_hint = (
        f"Over the limit: more than {limit.hours(band):g} hours (£{limit.pounds(band)} at £{limit.hourly_rate} an "
        "hour)."
        if limit
        else ""
    )
    return render(
        request,
        "event.html",
        status_code=status_code,
        cost_hint=cost_hint,
        title=EVENT_FORMS[kind].heading,
        req=req,
        kind=kind,
        spec=EVENT_FORMS[kind],
        form=form,
        errors=errors,
        qualified=qualified,
        outcomes=OUTCOME_NAMES,
    )


@router.get("/cases/{case_id}/events/new", response_class=HTMLResponse)
def event_form(
    case_id: CaseId,
    request: Request,
    session: SessionDep,
    _user: WebOfficer,
    catalogue: CatalogueDep,
    kind: Annotated[EventType, Query(alias="type")],
) -> HTMLResponse:
    req = service.get_request(session, case_id)
    form = {
        "on": date_parts(timeutil.today()),
        "extended_to": date_parts(None),
        "version": str(req.version),
        "fields": {},
    }
    return _event_page(request, req, kind, form, catalogue)


@router.post("/cases/{case_id}/events/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def record_event(
    case_id: CaseId,
    request: Request,
    session: SessionDep,
    user: WebOfficer,
    catalogue: CatalogueDep,
    kind: Annotated[EventType, Query(alias="type")],
    lists: FormLists,
) -> Response:
    req = service.get_request(session, case_id, for_update=True)
    fields = {k: v[0] for k, v in lists.items()}
    spec = EVENT_FORMS[kind]
    errors = FormErrors()
    on = read_date(fields, "on", "the date", errors)
    details: dict[str, Any] = {}
    if note := fields.get("note", "").strip():
        details["note"] = note
    if spec.extended_to:
        extended_to = read_date(fields, "extended_to", "the new date", errors)
        if extended_to is not None:
            details["extended_to"] = extended_to.isoformat()
    if spec.reason and (reason := fields.get("reason", "").strip()):
        details["reason"] = reason
    if spec.amount:
        details["amount"] = fields.get("amount", "").strip().removeprefix("£") or None
        if not details["amount"]:
            errors.add("amount", "Enter the fee, for example 25.00")
    if spec.exemptions:
        details["exemptions"] = [c for c in lists.get("exemptions", []) if c]
        if not details["exemptions"]:
            errors.add("exemptions", "Choose the qualified exemptions whose public interest is being considered")
    if spec.outcome and (outcome := fields.get("outcome")):
        details["outcome"] = outcome
        details |= response_details(outcome, lists)
    form: dict[str, Any] = dict(fields) | {
        "on": typed_date(fields, "on"),
        "fields": fields,
        "extended_to": typed_date(fields, "extended_to"),
        "exemptions": lists.get("exemptions", []),
    }
    version = fields.get("version", "")
    if errors:
        return _event_page(request, req, kind, form, catalogue, errors, 422)
    assert on is not None  # a missing or impossible date is a form error above
    try:
        data = EventIn(type=kind, on=on, details=details, version=optional_int(version))
    except ValidationError as exc:
        add_validation_errors(errors, exc, {"on": "on"}, {"on": "the date"})
        return _event_page(request, req, kind, form, catalogue, errors, 422)
    _, problem = attempt(session, lambda: events.add_event(session, req, data, user, catalogue))
    if problem is not None:
        if problem.rule == "stale_version":
            errors.add(None, STALE_CASE)
            form["version"] = str(req.version)
        elif kind == "responded":
            field = response_field(str(details.get("outcome", "")), problem.rule, problem.field)
            add_app_error(errors, problem, {problem.rule or "": field})
        else:
            # An event's own problem is about its date unless its field or rule says otherwise.
            field = EVENT_FIELDS.get(problem.field or "") or EVENT_RULE_FIELDS.get(problem.rule or "", "on")
            errors.add(field, problem.detail)
        return _event_page(request, req, kind, form, catalogue, errors, problem.status_code)
    return RedirectResponse(f"/cases/{req.id}?done=event", status_code=303)


# Where an event's error belongs on its form: by the error's field, else by its rule, else at the date.
EVENT_FIELDS = {"details.amount": "amount", "details.extended_to": "extended_to", "details.exemptions": "exemptions"}
EVENT_RULE_FIELDS = {
    "extension_not_after_due": "extended_to",
    "commissioner_extension_too_long": "extended_to",
    "exceptional_extension_reason_required": "reason",
    "unknown_exemption": "exemptions",
    "pit_extension_absolute": "exemptions",
}


DOCUMENT_LABELS = {"item": "the item number", "title": "the document's title", "reference": "the reference"}


def _document_page(
    request: Request, req: FoiRequest, form: dict[str, str], errors: FormErrors | None = None, status_code: int = 200
) -> HTMLResponse:
    return render(
        request, "document_new.html", status_code=status_code, title="Add a document", req=req, form=form, errors=errors
    )


@router.get("/cases/{case_id}/documents/new", response_class=HTMLResponse)
def document_form(case_id: CaseId, request: Request, session: SessionDep, _user: WebOfficer) -> HTMLResponse:
    req = service.get_request(session, case_id)
    next_item = str(len(documents.list_documents(session, req.id)) + 1)
    return _document_page(request, req, {"item": next_item})


@router.post("/cases/{case_id}/documents/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def add_document(
    case_id: CaseId, request: Request, session: SessionDep, user: WebOfficer, fields: FormFields
) -> Response:
    req = service.get_request(session, case_id, for_update=True)
    errors = FormErrors()
    try:
        data = DocumentIn(
            item=fields.get("item", ""), title=fields.get("title", ""), reference=fields.get("reference") or None
        )
    except ValidationError as exc:
        add_validation_errors(errors, exc, {}, DOCUMENT_LABELS)
        return _document_page(request, req, fields, errors, 422)
    _, problem = attempt(session, lambda: documents.add_document(session, req, data, user))
    if problem is not None:
        add_app_error(errors, problem, {"duplicate_item": "item"})
        return _document_page(request, req, fields, errors, problem.status_code)
    if fields.get("action") == "another":
        return RedirectResponse(f"/cases/{req.id}/documents/new", status_code=303)
    return RedirectResponse(f"/cases/{req.id}?done=document#documents", status_code=303)


def _opinion_page(
    request: Request,
    session: Session,
    req: FoiRequest,
    form: dict[str, Any],
    catalogue: Catalogue,
    on_paper: bool,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    sections = catalogue.sections_in(exemption_regime(req.regime)).values()
    # FOIA s36(2) limbs; FOISA has no qualified-person mechanism (its s30 needs no opinion), so none there.
    limbs = [limb for section in sections for limb in section.limbs if limb.requires_qualified_person]
    return render(
        request,
        "opinion_new.html",
        status_code=status_code,
        title="Record the qualified person's opinion",
        req=req,
        form=form,
        limbs=limbs,
        on_paper=on_paper,
        recorded=opinions.list_opinions(session, req.id),
        errors=errors,
    )


@router.get("/cases/{case_id}/opinions/new", response_class=HTMLResponse)
def opinion_form(
    case_id: CaseId, request: Request, session: SessionDep, user: WebOpinionGiver, catalogue: CatalogueDep
) -> HTMLResponse:
    req = service.get_request(session, case_id)
    form = {
        "opinion_on": date_parts(timeutil.today()),
        "limbs": [],
        "role": "" if on_paper(user) else user.job_title or "",
    }
    return _opinion_page(request, session, req, form, catalogue, on_paper(user))


def on_paper(user: User) -> bool:
    """Anyone but the qualified person records an opinion the qualified person gave on paper."""
    return user.role != Role.qualified_person


@router.post("/cases/{case_id}/opinions/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def record_opinion(
    case_id: CaseId,
    request: Request,
    session: SessionDep,
    user: WebOpinionGiver,
    catalogue: CatalogueDep,
    lists: FormLists,
) -> Response:
    req = service.get_request(session, case_id, for_update=True)
    fields = {k: v[0] for k, v in lists.items()}
    paper = on_paper(user)
    errors = FormErrors()
    opinion_on = read_date(fields, "opinion_on", "the date the opinion was given", errors)
    limbs = [c for c in lists.get("limbs", []) if c]
    if not limbs:
        errors.add("limbs", "Choose the limbs of section 36 the opinion covers")
    if paper and not fields.get("name", "").strip():
        errors.add("name", "Enter the name of the qualified person who gave the opinion")
    form: dict[str, Any] = dict(fields) | {
        "opinion_on": typed_date(fields, "opinion_on"),
        "limbs": limbs,
    }
    if errors:
        return _opinion_page(request, session, req, form, catalogue, paper, errors, 422)
    assert opinion_on is not None  # a missing or impossible date is a form error above
    data = OpinionIn(
        limbs=limbs,
        opinion_on=opinion_on,
        summary=fields.get("summary", "")[:20_000],
        name=fields.get("name", "").strip()[:200] or None,
        role=fields.get("role", "").strip()[:200] or None,
    )
    _, problem = attempt(session, lambda: opinions.record_opinion(session, req, data, user, catalogue))
    if problem is not None:
        add_app_error(
            errors,
            problem,
            {
                "opinion_in_future": "opinion_on",
                "paper_opinion_details_required": "name",
                "opinion_role_required": "role",
            },
        )
        return _opinion_page(request, session, req, form, catalogue, paper, errors, problem.status_code)
    return RedirectResponse(f"/cases/{req.id}?done=opinion", status_code=303)
