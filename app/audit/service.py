"""Append-only, tamper-evident audit log: each event carries the hash of the one before it in its chain.

A request's events form one chain ("request:<id>"); changes outside any request (users, holidays) form the
"system" chain. Appending locks the chain head, so concurrent writers cannot fork a chain.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditChainHead, AuditEvent
from app.audit.snapshot import jsonable
from app.db import utcnow

if TYPE_CHECKING:
    from app.auth.models import User

GENESIS = "0" * 64


def _digest(prev_hash: str, event: AuditEvent) -> str:
    payload = {
        "chain": event.chain,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "request_id": event.request_id,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "action": event.action,
        "before": event.before,
        "after": event.after,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def chain_for(request_id: int | None) -> str:
    return f"request:{request_id}" if request_id is not None else "system"


def record(
    session: Session,
    *,
    actor: "User | None",
    entity: str,
    entity_id: object,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request_id: int | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (never a separate commit)."""
    chain = chain_for(request_id)
    head = session.scalars(select(AuditChainHead).where(AuditChainHead.chain == chain).with_for_update()).first()
    if head is None:
        head = AuditChainHead(chain=chain, seq=0, last_hash=GENESIS)
        session.add(head)
    event = AuditEvent(
        chain=chain,
        seq=head.seq + 1,
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        request_id=request_id,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        prev_hash=head.last_hash,
    )
    event.hash = _digest(head.last_hash, event)
    head.seq = event.seq
    head.last_hash = event.hash
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainCheck:
    valid: bool
    events: int
    first_bad_seq: int | None
    reason: str | None


def verify_chain(events: Iterable[AuditEvent], head: AuditChainHead | None) -> ChainCheck:
    """Recompute every hash in order, then hold the chain to its head row: any edit, reordering or deletion breaks
    it, the newest events included (the hashes alone cannot show that the end of a chain was cut off). `events`
    may be a stream, oldest first; only the last one is kept."""
    prev = GENESIS
    count = 0
    first_bad: tuple[int, str] | None = None
    for expected_seq, event in enumerate(events, start=1):
        count = expected_seq
        if first_bad is not None:
            continue
        if event.seq != expected_seq:
            first_bad = (event.seq, f"event {expected_seq} is missing")
        elif event.prev_hash != prev:
            first_bad = (event.seq, "previous-hash link does not match")
        elif _digest(prev, event) != event.hash:
            first_bad = (event.seq, "event content does not match its hash")
        prev = event.hash
    if first_bad is None:
        first_bad = _against_head(count, prev, head)
    if first_bad is None:
        return ChainCheck(True, count, None, None)
    return ChainCheck(False, count, *first_bad)


def _against_head(count: int, last_hash: str, head: AuditChainHead | None) -> tuple[int, str] | None:
    if head is None:
        return None if count == 0 else (count, f"the chain has {count} events but no head row recording its end")
    if count < head.seq:
        missing = head.seq - count
        return (
            count + 1,
            f"the head records {head.seq} events but the chain ends at {count}: the newest {missing} are missing",
        )
    if count > head.seq:
        return (
            head.seq + 1,
            f"the chain has {count} events but its head records {head.seq}: events were added without moving the head",
        )
    if last_hash != head.last_hash:
        return (count, "the last event's hash differs from the one its head records")
    return None


def request_audit(session: Session, request_id: int) -> tuple[list[AuditEvent], ChainCheck]:
    chain = chain_for(request_id)
    # FOR SHARE (PostgreSQL): an append cannot land between reading the head and reading the events.
    head = session.scalars(
        select(AuditChainHead).where(AuditChainHead.chain == chain).with_for_update(read=True)
    ).first()
    events = list(session.scalars(select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq)))
    return events, verify_chain(events, head)
