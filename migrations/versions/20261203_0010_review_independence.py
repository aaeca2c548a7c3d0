"""Statistical information under s36(4) on a decision's citation; who carried out an internal review.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # FOIA s36(4): statistical information needs no qualified person's opinion. Existing citations were not.
    with op.batch_alter_table("decision_citations") as batch:
        batch.add_column(sa.Column("statistical", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("decision_citations") as batch:
        batch.drop_column("statistical")
