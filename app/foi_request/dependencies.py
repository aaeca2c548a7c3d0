from typing import Annotated

from fastapi import Depends, Path

from app.auth.dependencies import CurrentUser, SessionDep
from app.dependencies import MAX_ID
from app.foi_request.models import FoiRequest
from app.foi_request.service import get_request

RequestId = Annotated[int, Path(ge=1, le=MAX_ID, description="The request's id.")]


def request_for_read(request_id: RequestId, session: SessionDep, _user: CurrentUser) -> FoiRequest:
    return get_request(session, request_id)


def request_for_write(request_id: RequestId, session: SessionDep, _user: CurrentUser) -> FoiRequest:
    # The row lock makes concurrent writes to one case queue; the version check then rejects stale ones.
    return get_request(session, request_id, for_update=True)


ReadableRequest = Annotated[FoiRequest, Depends(request_for_read)]
WritableRequest = Annotated[FoiRequest, Depends(request_for_write)]
