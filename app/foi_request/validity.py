"""What makes a request valid (FOIA s8; EIR reg 5 has no such rule but a reply still needs somewhere to go)."""

from app.errors import Unprocessable
from app.foi_request.schemas import RequesterIn


def address_problem(requester: RequesterIn) -> Unprocessable | None:
    """FOIA s8(1)(b): a request states an address for correspondence; an email address counts (s8(2))."""
    if requester.email or (requester.postal_address or "").strip():
        return None
    return Unprocessable(
        "A request must give an address for correspondence (FOIA s8(1)(b)): enter the requester's email address "
        "or postal address, so the reply has somewhere to go.",
        rule="address_for_correspondence_required",
    )


def check_address(requester: RequesterIn) -> None:
    problem = address_problem(requester)
    if problem is not None:
        raise problem
