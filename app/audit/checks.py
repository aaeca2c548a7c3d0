"""Checks over the whole database, for `foi audit verify` (cron): every chain against its head, and every case row
against the state its audit log last recorded.

A row changed with raw SQL leaves its chain valid; only comparing the row with the audited snapshot shows it. The
snapshot is the one the services record as `after` (`app.audit.snapshot`), so the two cannot drift apart in form.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session, selectinload

from app.audit.models import AuditChainHead, AuditEvent
from app.audit.service import ChainCheck, verify_chain
from app.audit.snapshot import snapshot
from app.document.models import Decision
from app.foi_request.models import FoiRequest

BATCH = 1000
# The audit entities whose `after` carries the case's whole snapshot (a clock event records the case it leaves).
REQUEST_STATE_ENTITIES = ("request", "clock_event")


@dataclass(frozen=True)
class Drift:
    """A row whose current state is not the state its audit log last recorded."""

    entity: str
    entity_id: int
    label: str
    fields: tuple[str, ...]  # empty when no audit event records the row at all


def check_chains(session: Session) -> Iterator[tuple[str, ChainCheck]]:
    """Every chain, checked against its head: (chain, check) for each, streamed in chain order."""
    heads = {head.chain: head for head in session.scalars(select(AuditChainHead))}
    events = session.scalars(
        select(AuditEvent).order_by(AuditEvent.chain, AuditEvent.seq).execution_options(yield_per=BATCH)
    )
    seen = set()
    for chain, chain_events in groupby(events, key=lambda e: e.chain):
        seen.add(chain)
        yield chain, verify_chain(chain_events, heads.get(chain))
    for chain in sorted(heads.keys() - seen):  # a head whose every event was deleted
        yield chain, verify_chain([], heads[chain])


def _differences(current: dict[str, object], audited: dict[str, Any]) -> tuple[str, ...]:
    return tuple(field for field, value in current.items() if audited.get(field, value) != value)


def _drift(rows: Iterable[Any], entity: str, label: Callable[[Any], str]) -> Iterator[Drift]:
    for row, after in rows:
        if after is None:
            yield Drift(entity, row.id, label(row), ())
            continue
        fields = _differences(snapshot(row), after)
        if fields:
            yield Drift(entity, row.id, label(row), fields)


def request_drift(session: Session) -> Iterator[Drift]:
    last = (
        select(AuditEvent.request_id, func.max(AuditEvent.seq).label("seq"))
        .where(AuditEvent.entity.in_(REQUEST_STATE_ENTITIES), AuditEvent.request_id.is_not(None))
        .group_by(AuditEvent.request_id)
        .subquery()
    )
    rows = (
        select(FoiRequest, AuditEvent.after)
        .outerjoin(last, last.c.request_id == FoiRequest.id)
        # A request's events are all in its own chain, so (request_id, seq) names one event.
        .outerjoin(AuditEvent, (AuditEvent.request_id == FoiRequest.id) & (AuditEvent.seq == last.c.seq))
        .order_by(FoiRequest.id)
        .execution_options(yield_per=BATCH)
    )
    return _drift(session.execute(rows), "foi_request", lambda r: r.reference)


def decision_drift(session: Session) -> Iterator[Drift]:
    entity_id = cast(Decision.id, String)
    last = (
        select(AuditEvent.entity_id, func.max(AuditEvent.id).label("id"))
        .where(AuditEvent.entity == "decision")
        .group_by(AuditEvent.entity_id)
        .subquery()
    )
    rows = (
        select(Decision, AuditEvent.after)
        .outerjoin(last, last.c.entity_id == entity_id)
        .outerjoin(AuditEvent, AuditEvent.id == last.c.id)
        .options(selectinload(Decision.citations))
        .order_by(Decision.id)
        .execution_options(yield_per=BATCH)
    )
    return _drift(session.execute(rows), "decision", _decision_label)


def _decision_label(decision: Decision) -> str:
    return f"document {decision.document_id}, {decision.stage} stage"


def drift(session: Session) -> Iterator[Drift]:
    yield from request_drift(session)
    yield from decision_drift(session)
