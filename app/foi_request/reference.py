"""Reference numbers (FOI-2025-000123): unique per prefix and year, safe under concurrent creates."""

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.foi_request.models import ReferenceCounter


def next_reference(session: Session, prefix: str, year: int) -> str:
    # One atomic upsert: the row lock it takes makes concurrent creates queue, never collide.
    dialect = session.get_bind().dialect.name
    stmt = postgresql.insert(ReferenceCounter) if dialect == "postgresql" else sqlite.insert(ReferenceCounter)
    stmt = stmt.values(prefix=prefix, year=year, last_value=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[ReferenceCounter.prefix, ReferenceCounter.year],
        set_={"last_value": ReferenceCounter.last_value + 1},
    )
    value = session.execute(stmt.returning(ReferenceCounter.last_value)).scalar_one()
    return f"{prefix}-{year}-{value:06d}"
