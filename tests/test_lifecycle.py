"""The status a case takes when its clock changes (app/lifecycle.py): the clock's, except that a response under
internal review is under review, or its review complete once the review has an outcome."""

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from app.foi_request.models import Status
from app.lifecycle import status_after
from app.review.models import InternalReview

CLOCK_STATUSES = ["open", "on_hold_clarification", "on_hold_fee", "responded", "withdrawn", "lapsed"]


@dataclass
class Clock:
    status: str


@given(st.sampled_from(CLOCK_STATUSES), st.sampled_from([None, "no review", "upheld", "overturned"]))
def test_a_review_changes_only_a_responded_case(clock_status: str, review_state: str | None) -> None:
    review = (
        None if review_state is None else InternalReview(outcome=None if review_state == "no review" else review_state)
    )
    status = status_after(Clock(clock_status), review)  # type: ignore[arg-type]
    if clock_status != "responded" or review is None:
        assert status == Status(clock_status)
    elif review.outcome is None:
        assert status is Status.internal_review
    else:
        assert status is Status.review_complete
