"""Running the reminder pass: once (cron, tests, replaying a day), as a worker loop, or inside `foi serve`."""

import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from app import timeutil
from app.config import Settings
from app.db import get_engine
from app.reminder.delivery import DeliveryResult, deliver
from app.reminder.mail import Mailer, mailer_for
from app.reminder.planner import PlanResult, plan

log = logging.getLogger("app.reminder")


@dataclass(frozen=True)
class PassResult:
    today: date
    plan: PlanResult | None
    delivery: DeliveryResult | None


def session_factory() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


def run_once(
    settings: Settings,
    *,
    today: date | None = None,
    now: datetime | None = None,
    factory: sessionmaker[Session] | None = None,
    mailer: Mailer | None = None,
    planner: bool = True,
    sender: bool = True,
) -> PassResult:
    """Plan what is due today (one transaction), then deliver the outbox (one transaction per message)."""
    factory = factory or session_factory()
    now = now or timeutil.now()
    today = today or timeutil.today()
    planned = None
    if planner:
        with factory.begin() as session:
            planned = plan(session, today, settings)
    delivered = deliver(factory, mailer or mailer_for(settings), settings, now) if sender else None
    return PassResult(today, planned, delivered)


class Sweeper:
    """The embedded default: `foi serve` runs the pass on a schedule in a background thread."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="reminder-sweeper", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)

    def _loop(self) -> None:
        while not self.stop.is_set():
            try:
                result = run_once(self.settings)
                log.info("reminder pass: %s", result)
            except Exception:  # a failed pass must not kill the web process; the next one retries
                log.exception("reminder pass failed")
            self.stop.wait(self.settings.reminder_interval_seconds)
