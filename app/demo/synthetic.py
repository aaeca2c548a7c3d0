"""Synthetic cases in bulk, for measuring lists and searches at scale (`foi demo generate`).

Rows go in with batched INSERTs straight through SQLAlchemy Core, skipping the audit log: they are test data,
not casework. Due dates still come from the real calendar, so overdue filters behave as in life.
"""

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from sqlalchemy import Integer, String, insert, literal, select, true, union_all, update
from sqlalchemy.orm import Session

from app import timeutil
from app.deadline import get_regime, uk_calendar
from app.document.models import Document
from app.foi_request.models import FoiRequest, ReferenceCounter, Requester, Status
from app.foi_request.reference import next_reference

TOPICS = (
    "parking permits",
    "school admissions",
    "board papers",
    "waste collection contracts",
    "staff sickness",
    "consultancy spend",
    "road maintenance",
    "housing repairs",
    "IT contracts",
    "library closures",
)
BATCH = 5_000


def _batches(total: int) -> Iterator[int]:
    done = 0
    while done < total:
        size = min(BATCH, total - done)
        yield size
        done += size


def generate(
    session: Session,
    count: int,
    owner_id: int,
    *,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
    open_recent: bool = False,
    documents_per_request: int = 0,
) -> int:
    """Insert `count` requests spread over the last ten years; returns how many were inserted.

    With open_recent, every request is open and was received in the last 40 days: the live workload a
    reminder pass faces (some due soon, some due today, some overdue). documents_per_request adds that many
    documents in scope of each request, built by the database itself (INSERT ... SELECT) so ten million stay quick."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    regime = get_regime("foia")
    calendar = uk_calendar(regime.subdivisions)
    today = timeutil.today()
    start_year = today.year - 9
    # Reserve reference numbers year by year through the real counter, so later creates never collide.
    per_year = dict.fromkeys(range(start_year, today.year + 1), 0)
    plan = [today.year if open_recent else rng.randrange(start_year, today.year + 1) for _ in range(count)]
    for year in plan:
        per_year[year] += 1
    next_number = {}
    for year, n in per_year.items():
        if n == 0:
            continue
        first = int(next_reference(session, "FOI", year).rsplit("-", 1)[1])
        session.execute(
            update(ReferenceCounter)
            .where(ReferenceCounter.prefix == "FOI", ReferenceCounter.year == year)
            .values(last_value=first + n - 1)
        )
        next_number[year] = first
    inserted = 0
    for size in _batches(count):
        requesters, requests = [], []
        for i in range(size):
            k = inserted + i
            year = plan[k]
            if open_recent:
                received = today - timedelta(days=rng.randrange(40))
            else:
                received = min(date(year, 1, 1) + timedelta(days=rng.randrange(365)), today)
            due = calendar.nth_working_day_after(received, regime.working_days)
            topic = rng.choice(TOPICS)
            settled = not open_recent and (due < today - timedelta(days=60) or rng.random() < 0.7)
            status = (
                Status.responded
                if settled
                else Status.open
                if open_recent
                else rng.choice([Status.open, Status.open, Status.on_hold_fee])
            )
            responded = min(calendar.nth_working_day_after(received, rng.randrange(1, 26)), today) if settled else None
            requesters.append(
                {
                    "name": f"Synthetic requester {k}",
                    "email": f"requester{k}@example.invalid",
                    "created_at": timeutil.now(),
                }
            )
            number = next_number[year]
            next_number[year] += 1
            requests.append(
                {
                    "reference": f"FOI-{year}-{number:06d}",
                    "regime": "foia",
                    "received_on": received,
                    "title": f"Information about {topic} ({k})",
                    "request_text": f"Please provide information held about {topic} for {year}.",
                    "status": status,
                    "outcome": "granted_in_full" if settled else None,
                    "assigned_to_id": owner_id,
                    "created_by_id": owner_id,
                    "date_of_receipt": received,
                    "due_on": None if status == Status.on_hold_fee else due,
                    "responded_on": responded,
                    "timeliness": ("in_time" if responded and responded <= due else "late") if settled else None,
                    "working_days_taken": calendar.working_days_between(received, responded) if responded else None,
                    "calendar_version": calendar.version,
                    "version": 1,
                    "created_at": timeutil.now(),
                    "updated_at": timeutil.now(),
                }
            )
        ids = session.scalars(insert(Requester).returning(Requester.id, sort_by_parameter_order=True), requesters)
        for row, requester_id in zip(requests, ids, strict=True):
            row["requester_id"] = requester_id
        request_ids = session.scalars(insert(FoiRequest).returning(FoiRequest.id), requests).all()
        if documents_per_request:
            _add_documents(session, list(request_ids), documents_per_request)
        inserted += size
        if progress:
            progress(size)
    return inserted


def _add_documents(session: Session, request_ids: list[int], per_request: int) -> None:
    """Documents 1..per_request for each request, as one INSERT ... SELECT over a VALUES list of item numbers."""
    # A UNION ALL of constants rather than VALUES: SQLite cannot name the columns of a VALUES list.
    items = union_all(*(select(literal(n, Integer).label("n")) for n in range(1, per_request + 1))).subquery("items")
    item = items.c.n.cast(String)
    rows = (
        select(
            FoiRequest.id,
            item,
            literal("Paper ") + item + literal(" in scope of ") + FoiRequest.reference,
            literal("SYN/") + FoiRequest.reference + literal("/") + item,
            literal(timeutil.now(), Document.created_at.type),
        )
        .select_from(FoiRequest)
        .join(items, true())
        .where(FoiRequest.id.in_(request_ids))
    )
    session.execute(insert(Document).from_select(["request_id", "item", "title", "reference", "created_at"], rows))
