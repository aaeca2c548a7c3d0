"""Where, on the API, to do what a service's error asks. Services speak of the thing ("record the qualified
person's opinion first"); the API's answer adds the route, filled from the request's own path, so the same
message reads right on a GOV.UK page, which never shows a route."""

from contextlib import suppress
from typing import Any

from starlette.requests import Request

from app.errors import AppError

API_HINTS = {
    "opinion_not_recorded": "POST /api/v1/requests/{request_id}/opinions",
    "qualified_person_opinion_required": "POST /api/v1/requests/{request_id}/opinions",
    "no_content": "PUT /api/v1/requests/{request_id}/documents/{document_id}/content",
    "passage_not_found": "GET /api/v1/requests/{request_id}/documents/{document_id}/text",
    "reviewer_not_independent": "PUT /api/v1/requests/{request_id}/internal-review/independence-override (admins)",
}


def api_body(request: Request, exc: AppError) -> dict[str, Any]:
    """The JSON error, with `how` naming the route to use when the rule has one and the path gives its ids."""
    body = exc.to_body()
    hint = API_HINTS.get(exc.rule or "")
    # A route whose ids this path does not carry is left out: the message alone says what to do.
    if hint is not None:
        with suppress(KeyError, IndexError):
            body["how"] = hint.format(**request.path_params)
    return body
