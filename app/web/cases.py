"""Logging a request and the case page: the clock, the timeline, the documents and what can be done next."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import timeutil
from app.auth.dependencies import SessionDep
from app.auth.models import User
from app.auth.roles import CASE_OFFICERS, DECIDERS, OPINION_RECORDERS
from app.config import get_settings
from app.deadline import load_regimes, load_school_calendars
from app.dependencies import RowId
from app.document import opinions
from app.document import service as documents
from app.document.router import document_out
from app.document.subject_access import own_data_provisions
from app.exemption.catalogue import Catalogue
from app.exemption.dependencies import CatalogueDep
from app.foi_request import clock, service
from app.foi_request.models import FoiRequest, Outcome
from app.foi_request.schemas import RequestCreate, RequestUpdate
from app.foi_request.validity import address_problem
from app.letter import service as letters
from app.personal_data.service import LABEL
from app.publishing import service as publishing
from app.review import service as reviews
from app.review.models import InternalReview
from app.web import personal_data
from app.web.dashboard import STATUS_NAMES
from app.web.dependencies import CsrfChecked, FormFields, SignedIn, WebOfficer
from app.web.forms import (
    FormErrors,
    add_app_error,
    add_case_error,
    add_validation_errors,
    attempt,
    claim_form_key,
    complete_form_key,
    date_parts,
    new_form_key,
    optional_int,
    read_date,
    release_form_key,
    typed_date,
)
from app.web.templating import render

router = APIRouter(include_in_schema=False)
CaseId = RowId

REQUEST_FIELDS = {
    "requester.name": "requester_name",
    "requester.email": "requester_email",
    "requester.phone": "requester_phone",
    "requester.postal_address": "requester_address",
    "requester.organisation": "requester_organisation",
    "received_on": "received",
    "title": "title",
    "request_text": "request_text",
    "regime": "regime",
    "school": "school",
    "assigned_to_id": "assigned_to",
}
REQUEST_LABELS = {
    "requester_name": "the requester's name",
    "requester_email": "the requester's email address",
    "requester_phone": "the requester's phone number",
    "requester_address": "the requester's postal address",
    "requester_organisation": "the requester's organisation",
    "received": "the date the request was received",
    "regime": "the law the request falls under",
    "school": "the school",
    "title": "a short title",
    "request_text": "the request as the requester wrote it",
    "assigned_to": "the officer",
}
RULE_FIELDS = {
    "received_in_future": "received",
    "unknown_regime": "regime",
    "school_calendar_required": "school",
    "school_not_applicable": "school",
    "unknown_assignee": "assigned_to",
    "address_for_correspondence_required": "requester_email",
}
OUTCOME_NAMES = {o.value: o.label for o in Outcome}
EVENT_NAMES = {
    "clarification_requested": "Clarification requested",
    "clarification_received": "Clarification received",
    "fee_notice_issued": "Fees notice issued",
    "fee_paid": "Fee paid",
    "pit_extension": "Extended to consider the public interest",
    "eir_extension": "Extended: complex and voluminous (EIR reg 7)",
    "commissioner_extension": "Extended with the Commissioner's agreement",
    "responded": "Response sent",
    "withdrawn": "Withdrawn by the requester",
    "lapsed": "Lapsed",
}

# Success banners after a form: by key, so a crafted link cannot put words in the service's mouth.
DONE_MESSAGES = {
    "event": "Recorded. The due date has been worked out again.",
    "document": "Document added.",
    "decision": "Decision saved.",
    "opinion": "The qualified person's opinion is recorded.",
    "review_opened": "Internal review opened.",
    "review_decided": "Internal review outcome recorded.",
    "issued": "Letter issued.",
    "published": "Published on the disclosure log.",
    "updated": "Case details saved.",
    "pd_redacted_all": "Every open finding of the case, in its request, letters and documents, is redacted in the "
    "published copy.",
} | personal_data.DONE


def officers(session: Session) -> list[User]:
    return list(
        session.scalars(select(User).where(User.active.is_(True), User.role.in_(CASE_OFFICERS)).order_by(User.name))
    )


def _new_request_page(
    request: Request,
    session: Session,
    user: User,
    form: dict[str, Any],
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "case_new.html",
        status_code=status_code,
        title="Log a request",
        form=form,
        errors=errors,
        regimes=sorted(load_regimes().values(), key=lambda r: (r.code != "foia", r.name)),
        schools=sorted(load_school_calendars()),
        officers=officers(session),
        me=user,
    )


def _requester(fields: dict[str, str]) -> dict[str, str | None]:
    """The requester's part of the new-request and edit forms, as the API's RequesterIn takes it."""
    return {
        "name": fields.get("requester_name", ""),
        "email": fields.get("requester_email") or None,
        "phone": fields.get("requester_phone", "").strip() or None,
        "postal_address": fields.get("requester_address") or None,
        "organisation": fields.get("requester_organisation") or None,
    }


@router.get("/cases/new", response_class=HTMLResponse)
def new_request_form(request: Request, session: SessionDep, user: WebOfficer) -> HTMLResponse:
    form = {"received": date_parts(timeutil.today()), "regime": "foia", "assigned_to": str(user.id)}
    return _new_request_page(request, session, user, form | {"form_key": new_form_key()})


@router.post("/cases/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def log_request(request: Request, session: SessionDep, user: WebOfficer, fields: FormFields) -> Response:
    errors = FormErrors()
    received = read_date(fields, "received", "the date the request was received", errors)
    form: dict[str, Any] = dict(fields) | {"received": typed_date(fields, "received")}
    data: RequestCreate | None = None
    try:
        data = RequestCreate.model_validate(
            {
                "regime": fields.get("regime") or "foia",
                "received_on": received or timeutil.today(),
                "title": fields.get("title", ""),
                "request_text": fields.get("request_text", ""),
                "school": fields.get("school") or None,
                "assigned_to_id": optional_int(fields.get("assigned_to")),
                "requester": _requester(fields),
            }
        )
    except ValidationError as exc:
        add_validation_errors(errors, exc, REQUEST_FIELDS, REQUEST_LABELS)
    if data is not None and (invalid := address_problem(data.requester)) is not None:
        add_app_error(errors, invalid, RULE_FIELDS)
    if errors or data is None:
        errors.in_page_order(list(REQUEST_LABELS))
        return _new_request_page(request, session, user, form, errors, status_code=422)

    key = fields.get("form_key", "")
    earlier = claim_form_key(session, key, user)
    if earlier is not None:
        return RedirectResponse(earlier, status_code=303)
    created, problem = attempt(session, lambda: service.create_request(session, data, user))
    if problem is not None or created is None:
        release_form_key(session, key)  # so the corrected form can be sent with the same key
        if problem is not None:
            add_app_error(errors, problem, RULE_FIELDS)
        return _new_request_page(request, session, user, form, errors, status_code=422)
    location = f"/cases/{created.id}?logged=1"
    complete_form_key(session, key, location)
    return RedirectResponse(location, status_code=303)


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    text: str
    detail: str = ""
    link: str | None = None


def timeline(session: Session, req: FoiRequest, review: InternalReview | None) -> list[TimelineEntry]:
    entries = [TimelineEntry(req.received_on, "Request received")]
    for event in req.events:
        details = event.details or {}
        detail = "; ".join(
            str(part)
            for part in (
                f"extended to {details['extended_to']}" if details.get("extended_to") else None,
                f"fee £{details['amount']}" if details.get("amount") else None,
                OUTCOME_NAMES.get(str(details.get("outcome")), "") if details.get("outcome") else None,
                details.get("reason") or details.get("note"),
            )
            if part
        )
        entries.append(TimelineEntry(event.occurred_on, EVENT_NAMES.get(event.type, event.type), detail))
    entries.extend(
        TimelineEntry(
            letter.issued_on,
            f"Letter issued: {letter.title}",
            "published on the disclosure log" if letter.published_at else "",
            f"/cases/{req.id}/letters/issued/{letter.id}.pdf",
        )
        for letter in letters.issued_letters(session, req.id)
    )
    if review is not None:
        entries.append(TimelineEntry(review.requested_on, "Internal review requested"))
        if review.decided_on is not None and review.outcome:
            entries.append(
                TimelineEntry(review.decided_on, f"Internal review decided: {review.outcome.replace('_', ' ')}")
            )
    return sorted(entries, key=lambda e: e.on)


def page(
    request: Request,
    session: Session,
    req: FoiRequest,
    user: User,
    catalogue: Catalogue,
    *,
    logged: bool = False,
    done: str | None = None,
    errors: FormErrors | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The case page; with `errors` (and what was typed) after a form on it failed."""
    regime = clock.regime_or_422(req.regime)
    calendar = clock.calendar_for(session, regime)
    result = clock.evaluate(session, req, clock.to_clock_events(list(req.events)), explain=True, calendar=calendar)
    binding = result.extended_due_on or result.due_on
    today = timeutil.today()
    review = reviews.get_review(session, req.id)
    flash = DONE_MESSAGES.get(done or "")
    if logged:
        due = f" It is due on {binding:%-d %B %Y}." if binding else ""
        flash = f"Request logged. Its reference is {req.reference}.{due}"
    findings = publishing.case_findings(session, req, get_settings())
    return render(
        request,
        "case.html",
        status_code=status_code,
        title=f"{req.reference}: {req.title}",
        req=req,
        assignee=session.get(User, req.assigned_to_id) if req.assigned_to_id else None,
        regime=regime,
        result=result,
        binding=binding,
        days_left=clock.working_days_left(calendar, today, binding) if result.status == "open" else None,
        timeline=timeline(session, req, review),
        documents=[document_out(session, d, catalogue, req.regime) for d in documents.list_documents(session, req.id)],
        opinions=opinions.list_opinions(session, req.id),
        review=review,
        personal_data=personal_data.section(session, req, None, findings, errors, typed),
        own_data=own_data_provisions(session, req, catalogue),
        label=LABEL,
        status_names=STATUS_NAMES,
        outcome_names=OUTCOME_NAMES,
        event_names=EVENT_NAMES,
        can_edit=user.role in CASE_OFFICERS,
        can_decide=user.role in DECIDERS,
        can_give_opinion=user.role in OPINION_RECORDERS,
        flash=flash,
        errors=errors,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    case_id: CaseId,
    request: Request,
    session: SessionDep,
    user: SignedIn,
    catalogue: CatalogueDep,
    logged: Annotated[int | None, Query(le=1)] = None,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    req = service.get_request(session, case_id)
    return page(request, session, req, user, catalogue, logged=bool(logged), done=done)


def _edit_page(
    request: Request,
    session: Session,
    req: FoiRequest,
    form: dict[str, Any],
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "case_edit.html",
        status_code=status_code,
        title="Change the case details",
        req=req,
        form=form,
        errors=errors,
        officers=officers(session),
    )


@router.get("/cases/{case_id}/edit", response_class=HTMLResponse)
def edit_form(case_id: CaseId, request: Request, session: SessionDep, _user: WebOfficer) -> HTMLResponse:
    req = service.get_request(session, case_id)
    requester = req.requester
    form = {
        "requester_name": requester.name,
        "requester_email": requester.email or "",
        "requester_phone": requester.phone or "",
        "requester_address": requester.postal_address or "",
        "requester_organisation": requester.organisation or "",
        "received": date_parts(req.received_on),
        "title": req.title,
        "request_text": req.request_text,
        "assigned_to": str(req.assigned_to_id or ""),
        "version": str(req.version),
    }
    return _edit_page(request, session, req, form)


@router.post("/cases/{case_id}/edit", response_class=HTMLResponse, dependencies=[CsrfChecked])
def edit_case(case_id: CaseId, request: Request, session: SessionDep, user: WebOfficer, fields: FormFields) -> Response:
    req = service.get_request(session, case_id, for_update=True)
    errors = FormErrors()
    received = read_date(fields, "received", "the date the request was received", errors)
    form: dict[str, Any] = dict(fields) | {"received": typed_date(fields, "received")}
    version = fields.get("version", "")
    data: RequestUpdate | None = None
    try:
        data = RequestUpdate.model_validate(
            {
                "title": fields.get("title", ""),
                "request_text": fields.get("request_text", ""),
                "received_on": received or req.received_on,
                "assigned_to_id": optional_int(fields.get("assigned_to")),
                "requester": _requester(fields),
                "version": optional_int(version),
            }
        )
    except ValidationError as exc:
        add_validation_errors(errors, exc, REQUEST_FIELDS, REQUEST_LABELS)
    if data is not None and data.requester is not None and (invalid := address_problem(data.requester)):
        add_app_error(errors, invalid, RULE_FIELDS)
    if errors or data is None:
        errors.in_page_order(list(REQUEST_LABELS))
        return _edit_page(request, session, req, form, errors, 422)
    _, problem = attempt(session, lambda: service.update_request(session, req, data, user))
    if problem is not None:
        add_case_error(errors, problem, form, req.version, RULE_FIELDS)
        return _edit_page(request, session, req, form, errors, problem.status_code)
    return RedirectResponse(f"/cases/{req.id}?done=updated", status_code=303)
