"""Store the working days each response took, for the statistics' median (law.md 3.3).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases (SQLite >= 3.35 drops columns natively): batch mode would copy and
# drop foi_requests, which foreign keys from other tables forbid once there is data.
def upgrade() -> None:
    op.add_column("foi_requests", sa.Column("working_days_taken", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("foi_requests", "working_days_taken")
