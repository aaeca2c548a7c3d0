"""The internal review: open it, re-decide each document beside the original decision, record the outcome."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app import timeutil
from app.auth.dependencies import SessionDep
from app.dependencies import RowId
from app.foi_request import service
from app.foi_request.models import FoiRequest
from app.review import independence
from app.review import service as reviews
from app.review.models import ReviewOutcome
from app.review.schemas import ReviewOpen, ReviewOutcomeIn
from app.web.dependencies import CsrfChecked, FormFields, SignedIn, WebAdmin, WebOfficer
from app.web.forms import (
    STALE_CASE,
    FormErrors,
    add_app_error,
    add_case_error,
    attempt,
    date_parts,
    optional_int,
    read_date,
    typed_date,
)
from app.web.templating import render

router = APIRouter(include_in_schema=False)
CaseId = RowId
OUTCOMES = {
    "upheld": "Upheld: the original decision stands",
    "upheld_in_part": "Upheld in part: more is released",
    "overturned": "Overturned: the information is released",
}
DECISION_RULE_FIELDS = {"review_decided_before_request": "decided", "review_in_future": "decided"}
OVERRIDE_RULE_FIELDS = {"override_reason_required": "reason", "override_reason_too_long": "reason"}


def _page(
    request: Request,
    session: Session,
    req: FoiRequest,
    form: dict[str, Any],
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    review = reviews.get_review(session, req.id)
    changes = reviews.document_changes(session, req) if review else []
    return render(
        request,
        "review.html",
        status_code=status_code,
        title="Internal review",
        req=req,
        review=review,
        changes=changes,
        suggested=reviews.suggest_review_outcome(changes) if review else None,
        independence=independence.describe(session, review) if review else None,
        initial_deciders=independence.initial_decision_makers(session, req.id),
        outcomes=OUTCOMES,
        form=form,
        errors=errors,
    )


def _blank_form(req: FoiRequest) -> dict[str, Any]:
    today = date_parts(timeutil.today())
    return {"requested": today, "decided": today, "version": str(req.version), "outcome": "", "reason": ""}


@router.get("/cases/{case_id}/review", response_class=HTMLResponse)
def review_page(case_id: CaseId, request: Request, session: SessionDep, _user: SignedIn) -> HTMLResponse:
    req = service.get_request(session, case_id)
    return _page(request, session, req, _blank_form(req))


@router.post("/cases/{case_id}/review/open", response_class=HTMLResponse, dependencies=[CsrfChecked])
def open_review(
    case_id: CaseId, request: Request, session: SessionDep, user: WebOfficer, fields: FormFields
) -> Response:
    req = service.get_request(session, case_id, for_update=True)
    errors = FormErrors()
    form = _blank_form(req) | {"requested": typed_date(fields, "requested")}
    requested_on = read_date(fields, "requested", "the date the review was asked for", errors)
    if errors or requested_on is None:
        return _page(request, session, req, form, errors, 422)
    version = fields.get("version", "")
    data = ReviewOpen(requested_on=requested_on, version=optional_int(version))
    _, problem = attempt(session, lambda: reviews.open_review(session, req, data, user))
    if problem is not None:
        if problem.rule == "stale_version":
            errors.add(None, STALE_CASE)
        else:
            add_app_error(errors, problem, {"review_in_future": "requested", "review_before_response": "requested"})
        return _page(request, session, req, form, errors, problem.status_code)
    return RedirectResponse(f"/cases/{req.id}/review", status_code=303)


@router.post("/cases/{case_id}/review/outcome", response_class=HTMLResponse, dependencies=[CsrfChecked])
def decide_review(
    case_id: CaseId, request: Request, session: SessionDep, user: WebOfficer, fields: FormFields
) -> Response:
    req = service.get_request(session, case_id, for_update=True)
    errors = FormErrors()
    form = _blank_form(req) | {
        "decided": typed_date(fields, "decided"),
        "outcome": fields.get("outcome", ""),
    }
    decided_on = read_date(fields, "decided", "the date of the review decision", errors)
    outcome = fields.get("outcome", "")
    if outcome not in OUTCOMES:
        errors.add("outcome", "Choose the outcome of the internal review")
    if errors or decided_on is None:
        return _page(request, session, req, form, errors, 422)
    version = fields.get("version", "")
    data = ReviewOutcomeIn(outcome=ReviewOutcome(outcome), decided_on=decided_on, version=optional_int(version))
    _, problem = attempt(session, lambda: reviews.decide_review(session, req, data, user))
    if problem is not None:
        add_case_error(errors, problem, form, req.version, DECISION_RULE_FIELDS)
        return _page(request, session, req, form, errors, problem.status_code)
    return RedirectResponse(f"/cases/{req.id}?done=review_decided", status_code=303)


@router.post("/cases/{case_id}/review/independence-override", response_class=HTMLResponse, dependencies=[CsrfChecked])
def override_independence(
    case_id: CaseId, request: Request, session: SessionDep, user: WebAdmin, fields: FormFields
) -> Response:
    req = service.get_request(session, case_id, for_update=True)
    errors = FormErrors()
    reason = fields.get("reason", "")
    form = _blank_form(req) | {"reason": reason}
    review = reviews.get_review(session, req.id)
    if review is None:
        errors.add(None, f"Request {req.reference} has no internal review to override.")
        return _page(request, session, req, form, errors, 409)
    version = optional_int(fields.get("version", ""))
    _, problem = attempt(session, lambda: independence.override(session, req, review, reason, version, user))
    if problem is not None:
        add_case_error(errors, problem, form, req.version, OVERRIDE_RULE_FIELDS)
        return _page(request, session, req, form, errors, problem.status_code)
    return RedirectResponse(f"/cases/{req.id}/review", status_code=303)
