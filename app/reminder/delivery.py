"""Delivering the outbox: claim one reminder at a time (FOR UPDATE SKIP LOCKED), send it, mark it sent.

The claim, the send and the mark are one transaction: a worker killed before it commits leaves the row pending,
and the next pass sends it; two workers never hold the same row. The Message-ID is the reminder's unique key,
so a message re-sent after a crash between send and commit is recognisable as the same reminder.
"""

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.service import record
from app.config import Settings
from app.deadline import WorkingDayCalendar
from app.foi_request import clock
from app.foi_request.models import FoiRequest
from app.letter.render import day_and_date
from app.reminder.mail import Mailer
from app.reminder.models import Reminder
from app.reminder.rules import load_rules

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
)
# Plain-text bodies are not escaped; HTML bodies are (select_autoescape by file extension).
TEMPLATES = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"], default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
TEMPLATES.filters["day_and_date"] = day_and_date


@dataclass(frozen=True)
class DeliveryResult:
    sent: int
    retried: int
    failed: int


def build_message(
    reminder: Reminder, req: FoiRequest, calendar: WorkingDayCalendar, settings: Settings, now: datetime
) -> EmailMessage:
    rule = next(r for r in load_rules(settings.reminder_rules).rules if r.code == reminder.rule)
    deadline = reminder.deadline_on or reminder.target_on
    today = now.date()
    context = {
        "reference": req.reference,
        "title": req.title,
        "deadline": deadline,
        "target_on": reminder.target_on,
        "left": calendar.working_days_between(today, deadline) if deadline > today else 0,
        "overdue": calendar.working_days_between(deadline, today) if today > deadline else 0,
        "url": f"{settings.public_base_url.rstrip('/')}/api/v1/requests/{req.id}",
        "authority": settings.authority_name,
        "rule": rule.code,
    }
    text = TEMPLATES.get_template(f"{rule.template}.txt").render(**context)
    subject, _, body = text.partition("\n")
    message = EmailMessage()
    message["Subject"] = subject.removeprefix("Subject:").strip()
    message["From"] = settings.mail_from
    message["To"] = reminder.recipient_email
    message["Date"] = format_datetime(now)
    message["Message-ID"] = reminder.message_id
    message["X-FOI-Reminder"] = f"{req.reference} {rule.code} {reminder.target_on.isoformat()}"
    message.set_content(body.lstrip("\n"))
    message.add_alternative(TEMPLATES.get_template(f"{rule.template}.html").render(**context), subtype="html")
    return message


def _claim(session: Session, now: datetime) -> Reminder | None:
    return session.scalars(
        select(Reminder)
        .where(Reminder.status == "pending", Reminder.next_attempt_at <= now)
        .order_by(Reminder.next_attempt_at, Reminder.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def deliver_one(factory: sessionmaker[Session], mailer: Mailer, settings: Settings, now: datetime) -> str | None:
    """Claim and send one reminder; returns 'sent', 'retry', 'failed', or None when nothing is due."""
    with factory.begin() as session:
        reminder = _claim(session, now)
        if reminder is None:
            return None
        req = session.get_one(FoiRequest, reminder.request_id)
        calendar = clock.calendar_for(session, clock.regime_or_422(req.regime))
        message = build_message(reminder, req, calendar, settings, now)
        reminder.subject = str(message["Subject"])
        reminder.attempts += 1
        try:
            mailer.send(message)
        except (smtplib.SMTPException, OSError) as exc:
            reminder.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if reminder.attempts >= settings.reminder_max_attempts:
                reminder.status = "failed"
                # A reminder that could not be delivered is itself something the case must show.
                record(
                    session,
                    actor=None,
                    entity="reminder",
                    entity_id=reminder.id,
                    action="reminder_failed",
                    after={
                        "rule": reminder.rule,
                        "to": reminder.recipient_email,
                        "error": reminder.last_error,
                        "attempts": reminder.attempts,
                    },
                    request_id=req.id,
                )
                return "failed"
            reminder.next_attempt_at = now + BACKOFF[min(reminder.attempts - 1, len(BACKOFF) - 1)]
            return "retry"
        reminder.status = "sent"
        reminder.sent_at = now
        record(
            session,
            actor=None,
            entity="reminder",
            entity_id=reminder.id,
            action="reminder_sent",
            after={
                "rule": reminder.rule,
                "to": reminder.recipient_email,
                "target_on": reminder.target_on,
                "message_id": reminder.message_id,
            },
            request_id=req.id,
        )
        return "sent"


def deliver(
    factory: sessionmaker[Session], mailer: Mailer, settings: Settings, now: datetime, limit: int = 10_000
) -> DeliveryResult:
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for _ in range(limit):
        outcome = deliver_one(factory, mailer, settings, now)
        if outcome is None:
            break
        counts[outcome] += 1
    return DeliveryResult(sent=counts["sent"], retried=counts["retry"], failed=counts["failed"])
