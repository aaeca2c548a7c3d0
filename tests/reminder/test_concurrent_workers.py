"""Two workers delivering the same outbox at once, with real transactions: every reminder goes out exactly once."""

import threading
from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from app.auth import service as auth_service
from app.auth.models import User
from app.config import Settings
from app.foi_request import service
from app.foi_request.schemas import RequestCreate, RequesterIn
from app.reminder.delivery import deliver
from app.reminder.mail import SmtpMailer
from app.reminder.models import Reminder
from app.reminder.planner import plan
from tests.reminder.conftest import SmtpServer


def test_two_workers_send_each_reminder_exactly_once(engine: Engine, settings: Settings, smtp: SmtpServer) -> None:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory.begin() as session:
        officer = auth_service.create_user(
            session, name="Worker probe", email=f"workers{id(smtp)}@example.org", role="officer", actor=None
        )
        ids = [
            service.create_request(
                session,
                RequestCreate(
                    received_on=date(2021, 2, 1),
                    title="Worker probe",
                    request_text=f"Probe {n}",
                    requester=RequesterIn(name=f"Probe {n}", email=f"probe{n}@example.net"),
                ),
                session.get_one(User, officer.id),
            ).id
            for n in range(25)
        ]
    day = date(2021, 3, 8)  # a few working days after these cases fell due: overdue and escalation reminders
    with factory.begin() as session:
        plan(session, day, settings)
    with factory.begin() as session:
        # Another pass for the same day, as a second planner would run it, adds nothing.
        before = len(session.scalars(select(Reminder.id)).all())
        plan(session, day, settings)
        assert len(session.scalars(select(Reminder.id)).all()) == before
    now = datetime(2021, 3, 8, 12, tzinfo=UTC)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            deliver(factory, SmtpMailer(settings), settings, now)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    with factory() as session:
        ours = session.scalars(select(Reminder).where(Reminder.request_id.in_(ids))).all()
        assert len(ours) >= 25
        assert {r.status for r in ours} == {"sent"}
        sent_ids = {r.message_id for r in session.scalars(select(Reminder).where(Reminder.status == "sent"))}
    received = Counter(str(m["Message-ID"]) for m in smtp.inbox.messages)
    assert all(count == 1 for count in received.values()), received.most_common(3)
    assert {r.message_id for r in ours} <= set(received)
    assert set(received) <= sent_ids
