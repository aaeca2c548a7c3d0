"""What every letter's section is built from: the request, its clock, and the settings and date it is written under."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.config import Settings
from app.deadline import ClockResult, Regime
from app.exemption.catalogue import Catalogue
from app.foi_request.models import FoiRequest
from app.letter import context as ctx


@dataclass(frozen=True)
class LetterInputs:
    session: Session
    req: FoiRequest
    regime: Regime
    result: ClockResult
    catalogue: Catalogue
    facts: ctx.RequestFacts
    settings: Settings
    letter_date: date
