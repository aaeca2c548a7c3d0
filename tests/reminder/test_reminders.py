"""Reminders: the right days across holidays, exactly once, nothing lost to crashes or SMTP outages."""

from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.reminder.delivery import deliver
from app.reminder.mail import MailDirMailer, SmtpMailer
from app.reminder.models import Reminder
from app.reminder.planner import plan
from tests.factories import bearer, make_request, make_user
from tests.reminder.conftest import SmtpServer


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def reminders_of(session: Session, request_id: int) -> list[Reminder]:
    return list(session.scalars(select(Reminder).where(Reminder.request_id == request_id).order_by(Reminder.id)))


@pytest.fixture
def factory(connection: Connection) -> sessionmaker[Session]:
    """Workers' sessions inside the test's transaction (one connection, so no real concurrency here)."""
    return sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


def test_reminders_fall_on_the_right_working_days_across_easter(
    client: TestClient, session: Session, settings: Settings
) -> None:
    token = make_user(session, "officer")[1]
    # Received Fri 14 Mar 2025 -> due Mon 14 Apr 2025 (17 Mar, NI, skipped). Good Friday 18 Apr and Easter
    # Monday 21 Apr fall inside the overdue period.
    req = make_request(client, token, received_on="2025-03-14")
    assert req["due_on"] == "2025-04-14"
    planned: dict[date, list[str]] = {}
    day = date(2025, 4, 1)
    while day <= date(2025, 4, 24):
        for _ in range(2):  # a second pass on the same day (a restart, a second worker) adds nothing
            plan(session, day, settings)
        planned[day] = sorted(r.rule for r in reminders_of(session, req["id"]) if r.planned_on == day)
        day += timedelta(days=1)
    fired = {d: rules for d, rules in planned.items() if rules}
    assert fired == {
        date(2025, 4, 7): ["response_due_in_5"],  # 8, 9, 10, 11, 14 April left
        date(2025, 4, 10): ["response_due_in_2"],
        date(2025, 4, 14): ["response_due_today"],
        date(2025, 4, 15): ["response_overdue"],
        date(2025, 4, 16): ["response_overdue"],
        date(2025, 4, 17): ["response_overdue", "response_overdue_escalation"],  # 3 working days late
        date(2025, 4, 22): ["response_overdue", "response_overdue_escalation"],  # not Good Friday, Easter Monday
        date(2025, 4, 23): ["response_overdue", "response_overdue_escalation"],
        date(2025, 4, 24): ["response_overdue", "response_overdue_escalation"],
    }
    escalations = [r for r in reminders_of(session, req["id"]) if r.rule == "response_overdue_escalation"]
    assert {r.recipient_email for r in escalations} == {"manager@example.org"}


def test_delivered_by_smtp_once_with_content_and_audit(
    client: TestClient, session: Session, settings: Settings, smtp: SmtpServer, factory: sessionmaker[Session]
) -> None:
    user, token = make_user(session, "officer")
    req = make_request(client, token, received_on="2025-03-14")
    plan(session, date(2025, 4, 7), settings)
    session.commit()
    result = deliver(factory, SmtpMailer(settings), settings, noon(date(2025, 4, 7)))
    assert result.sent >= 1
    mine = [m for m in smtp.inbox.messages if req["reference"] in str(m["Subject"])]
    assert len(mine) == 1
    message = mine[0]
    assert message["To"] == user.email
    assert "due in 5 working days" in str(message["Subject"])
    assert message["Message-ID"] == f"<reminder.{req['id']}.response_due_in_5.2025-04-14@foi-casework>"
    body = message.get_payload()[0].get_payload(decode=True).decode()  # type: ignore[index,union-attr]
    assert "Monday 14 April 2025" in body
    assert deliver(factory, SmtpMailer(settings), settings, noon(date(2025, 4, 7))).sent == 0
    assert len([m for m in smtp.inbox.messages if req["reference"] in str(m["Subject"])]) == 1
    [row] = reminders_of(session, req["id"])
    session.refresh(row)
    assert row.status == "sent"
    audit = client.get(f"/api/v1/requests/{req['id']}/audit", headers=bearer(token)).json()
    assert audit["events"][-1]["action"] == "reminder_sent"
    listed = client.get("/api/v1/reminders", params={"status": "sent"}, headers=bearer(token)).json()
    assert row.id in [r["id"] for r in listed]
    assert client.get(f"/api/v1/requests/{req['id']}/reminders", headers=bearer(token)).json()[0]["status"] == "sent"


def test_smtp_outage_delays_but_loses_nothing(
    client: TestClient, session: Session, settings: Settings, smtp: SmtpServer, factory: sessionmaker[Session]
) -> None:
    token = make_user(session, "officer")[1]
    req = make_request(client, token, received_on="2025-03-14")
    plan(session, date(2025, 4, 14), settings)
    session.commit()
    smtp.stop()
    first = deliver(factory, SmtpMailer(settings), settings, noon(date(2025, 4, 14)))
    assert first.retried >= 1
    row = next(r for r in reminders_of(session, req["id"]) if r.rule == "response_due_today")
    session.refresh(row)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error
    smtp.start()
    # Not before the back-off has passed...
    assert deliver(factory, SmtpMailer(settings), settings, noon(date(2025, 4, 14))).sent == 0
    later = noon(date(2025, 4, 14)) + timedelta(minutes=2)
    assert deliver(factory, SmtpMailer(settings), settings, later).sent >= 1
    session.refresh(row)
    assert row.status == "sent"
    assert len([m for m in smtp.inbox.messages if req["reference"] in str(m["Subject"])]) == 1


def test_permanent_failure_is_visible_on_the_case(
    client: TestClient, session: Session, settings: Settings, smtp: SmtpServer, factory: sessionmaker[Session]
) -> None:
    token = make_user(session, "officer")[1]
    req = make_request(client, token, received_on="2025-03-14")
    plan(session, date(2025, 4, 14), settings)
    session.commit()
    smtp.stop()
    when = noon(date(2025, 4, 14))
    for _ in range(settings.reminder_max_attempts):
        deliver(factory, SmtpMailer(settings), settings, when)
        when += timedelta(days=1)
    row = next(r for r in reminders_of(session, req["id"]) if r.rule == "response_due_today")
    session.refresh(row)
    assert row.status == "failed"
    audit = client.get(f"/api/v1/requests/{req['id']}/audit", headers=bearer(token)).json()
    assert audit["events"][-1]["action"] == "reminder_failed"


class CrashingMailer:
    """A worker that dies after claiming a reminder and before sending it."""

    def send(self, message: EmailMessage) -> None:
        raise RuntimeError("worker killed")


def test_worker_killed_between_claim_and_send_loses_nothing(
    client: TestClient, session: Session, settings: Settings, smtp: SmtpServer, factory: sessionmaker[Session]
) -> None:
    token = make_user(session, "officer")[1]
    req = make_request(client, token, received_on="2025-03-14")
    plan(session, date(2025, 4, 14), settings)
    session.commit()
    with pytest.raises(RuntimeError):
        deliver(factory, CrashingMailer(), settings, noon(date(2025, 4, 14)))
    row = next(r for r in reminders_of(session, req["id"]) if r.rule == "response_due_today")
    session.refresh(row)
    assert (row.status, row.attempts) == ("pending", 0)
    deliver(factory, SmtpMailer(settings), settings, noon(date(2025, 4, 14)))
    session.refresh(row)
    assert row.status == "sent"


def test_an_event_that_moves_the_due_date_cancels_the_stale_reminder(
    client: TestClient, session: Session, settings: Settings
) -> None:
    token = make_user(session, "officer")[1]
    req = make_request(client, token, received_on="2025-03-14")
    plan(session, date(2025, 4, 7), settings)
    session.commit()
    [stale] = reminders_of(session, req["id"])
    assert (stale.rule, stale.target_on, stale.status) == ("response_due_in_5", date(2025, 4, 14), "pending")
    moved = client.post(
        f"/api/v1/requests/{req['id']}/events",
        headers=bearer(token),
        json={
            "type": "pit_extension",
            "on": "2025-04-07",
            "details": {"extended_to": "2025-05-12", "exemptions": ["s43(2)"]},
        },
    )
    assert moved.status_code == 201, moved.text
    session.refresh(stale)
    assert stale.status == "cancelled"
    plan(session, date(2025, 5, 6), settings)
    fresh = [r for r in reminders_of(session, req["id"]) if r.status == "pending"]
    assert [(r.rule, r.target_on) for r in fresh] == [("response_due_in_5", date(2025, 5, 12))]


def test_mail_folder_when_no_smtp_host(client: TestClient, session: Session, tmp_path, factory) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(mail_dir=tmp_path / "mail")
    token = make_user(session, "officer")[1]
    req = make_request(client, token, received_on="2025-03-14")
    plan(session, date(2025, 4, 14), settings)
    session.commit()
    deliver(factory, MailDirMailer(settings.mail_dir), settings, noon(date(2025, 4, 14)))
    files = [p for p in (tmp_path / "mail").iterdir() if f".{req['id']}." in p.name]
    assert len(files) == 1
    assert b"response due today" in files[0].read_bytes()
