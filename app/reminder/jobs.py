"""Running the reminder pass: once (cron, tests, replaying a day), as a worker loop, or inside `foi serve`."""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from app import timeutil
from app.background import BackgroundLoop
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


class Sweeper(BackgroundLoop):
    """The embedded default: `foi serve` runs the pass on a schedule in a background thread."""

    name = "reminder-sweeper"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        super().__init__()

    def run_pass(self) -> None:
        log.info("reminder pass: %s", run_once(self.settings))

    def interval(self) -> float:
        return self.settings.reminder_interval_seconds
