"""For any mix of cases: the status buckets hold every request once, resolvable = granted + partly + withheld in
full, and the percentage lies in 0..100 (None when nothing is resolvable), on each grouping and both databases."""

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.auth.models import User
from app.foi_request.models import FoiRequest, Outcome, Requester, Status
from app.statistics.service import RESOLVABLE_OUTCOMES, RESOLVED, compute
from tests.factories import make_user

WAITING = [Status.open, Status.on_hold_clarification, Status.on_hold_fee, Status.withdrawn, Status.lapsed]
# (status, outcome) as the service records them: an outcome only with a response (None: an answer recorded before
# outcomes were, which is not resolvable either).
KINDS = [(s, None) for s in WAITING] + [(s, o) for s in RESOLVED for o in [*Outcome, None]]
cases = st.lists(
    st.tuples(st.dates(min_value=date(2024, 12, 1), max_value=date(2025, 7, 31)), st.sampled_from(KINDS)),
    max_size=25,
)
_refs = itertools.count()


@pytest.fixture
def owner(session: Session) -> tuple[User, Requester]:
    user = make_user(session, "officer")[0]
    requester = Requester(name="Sam Requester")
    session.add(requester)
    session.commit()
    return user, requester


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases)
def test_every_request_counted_once(session: Session, owner: tuple[User, Requester], rows: list) -> None:  # type: ignore[type-arg]
    user, requester = owner
    start, end = date(2025, 1, 1), date(2025, 6, 30)
    savepoint = session.begin_nested()
    try:
        for received, (status, outcome) in rows:
            session.add(
                FoiRequest(
                    reference=f"PROP-{next(_refs)}",
                    regime="foia",
                    received_on=received,
                    date_of_receipt=received,
                    title="t",
                    request_text="r",
                    requester_id=requester.id,
                    created_by_id=user.id,
                    assigned_to_id=user.id if received.day % 2 else None,
                    status=status.value,
                    outcome=outcome.value if outcome else None,
                    calendar_version="test",
                )
            )
        session.flush()
        in_range = [(s, o) for d, (s, o) in rows if start <= d <= end]
        for group_by in ("quarter", "month", "team"):
            periods = compute(session, start, end, group_by)  # type: ignore[arg-type]
            assert sum(p.received for p in periods) == len(in_range)
            expected_resolvable = sum(1 for s, o in in_range if s in RESOLVED and o in RESOLVABLE_OUTCOMES)
            assert sum(p.resolvable.total for p in periods) == expected_resolvable
            for p in periods:
                buckets = p.resolved + p.withdrawn + p.lapsed + p.on_hold + p.not_yet_assessed
                assert buckets == p.received
                assert p.on_hold == p.on_hold_clarification + p.on_hold_fee
                assert p.open == p.on_hold + p.not_yet_assessed
                r = p.resolvable
                assert r.total == r.granted_in_full + r.partially_withheld + r.withheld_in_full
                assert r.withheld_in_full == sum(r.withheld_in_full_reasons.values())
                assert r.total <= p.resolved
                assert r.total + p.not_held + p.advice_only <= p.resolved
                if r.total == 0:
                    assert r.granted_in_full_percent is None
                else:
                    assert r.granted_in_full_percent is not None
                    assert 0 <= r.granted_in_full_percent <= 100
    finally:
        savepoint.rollback()
