from datetime import date

from pydantic import Field

from app.foi_request.schemas import ClockStepOut
from app.schemas import OutModel


class DeadlineOut(OutModel):
    regime: str
    regime_name: str
    legal_basis: str
    school: str | None = Field(description="The school's term-date calendar (school regimes only)")
    school_name: str | None
    received_on: date
    date_of_receipt: date
    day_one: date | None = Field(description="The first working (or school) day counted after the date of receipt")
    due_on: date = Field(description="The day the response is due: in time if sent on or before it")
    outer_limit_on: date | None = Field(description="School regimes: the 60th working day, which caps the due date")
    code_2018_due_on: date | None = Field(
        description="Received on a non-working day: the due date read as the s45 Code 2018 para 4.2 suggests "
        "(information only; law.md Q1)"
    )
    calendar_from: date = Field(description="The first date of receipt the calendar (or school calendar) covers")
    calendar_to: date = Field(description="The last day the calendar (or school calendar) covers")
    calendar_version: str
    warnings: list[str]
    steps: list[ClockStepOut]
    explanation: list[str]
