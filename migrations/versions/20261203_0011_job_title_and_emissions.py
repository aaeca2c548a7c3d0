"""A job title on each user, to sign the letters they issue; a decision can record information on emissions.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("job_title", sa.String(length=200), nullable=True))
    op.add_column(
        "decisions",
        sa.Column("information_on_emissions", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy would drop "users", which others reference.
    op.drop_column("decisions", "information_on_emissions")
    op.drop_column("users", "job_title")
