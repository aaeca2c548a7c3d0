from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class HolidayAdditionRow(Base):
    """A bank holiday proclaimed under BFDA 1971 s1(3) that the holiday library does not know yet (law.md 1.4, Q3)."""

    __tablename__ = "holiday_additions"
    __table_args__ = (UniqueConstraint("day", "nation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))
    nation: Mapped[str] = mapped_column(String(3))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
