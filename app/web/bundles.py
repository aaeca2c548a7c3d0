"""The requester's bundle from the letters page: ask for it, watch it being made, download it.

The page that shows a build refreshes itself (a meta refresh, so it works without JavaScript) until the worker
has made or refused it (app/bundle/builds.py)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.auth.dependencies import SessionDep
from app.bundle import builds
from app.bundle.models import BuildForm, BuildState
from app.config import get_settings
from app.dependencies import RowId
from app.downloads import attachment
from app.foi_request import service
from app.web.dependencies import CsrfChecked, FormFields, SignedIn
from app.web.templating import render

router = APIRouter(include_in_schema=False)
CaseId = RowId
BuildId = RowId
REFRESH_SECONDS = 3


@router.post("/cases/{case_id}/bundle", dependencies=[CsrfChecked])
def ask_for_bundle(case_id: CaseId, session: SessionDep, user: SignedIn, fields: FormFields) -> RedirectResponse:
    req = service.get_request(session, case_id, for_update=True)
    form = BuildForm.pdf if fields.get("form") == BuildForm.pdf.value else BuildForm.zip
    build = builds.ask(session, req, form, user)
    return RedirectResponse(f"/cases/{req.id}/bundle/{build.id}", status_code=303)


@router.get("/cases/{case_id}/bundle/{build_id}", response_class=HTMLResponse)
def build_page(case_id: CaseId, build_id: BuildId, request: Request, session: SessionDep, _user: SignedIn) -> Response:
    req = service.get_request(session, case_id)
    build = builds.get_build(session, req, build_id)
    pending = build.state in builds.PENDING
    response = render(
        request,
        "bundle_build.html",
        title="The requester’s bundle",
        req=req,
        build=build,
        pending=pending,
        refused=build.state == BuildState.refused.value,
        refresh_seconds=REFRESH_SECONDS if pending else None,
        filename=builds.filename(build, req),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/cases/{case_id}/bundle/{build_id}/file")
def build_file(case_id: CaseId, build_id: BuildId, session: SessionDep, _user: SignedIn) -> Response:
    req = service.get_request(session, case_id)
    made = builds.made_file(session, req, build_id, get_settings())
    return attachment(made.data, made.media_type, made.filename)
