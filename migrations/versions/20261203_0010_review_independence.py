"""Statistical information under s36(4) on a decision's citation; who carried out an internal review, and any
admin's override of the rule that they were not involved in the original decision (s45 Code, section 5).

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
    with op.batch_alter_table("internal_reviews") as batch:
        batch.add_column(sa.Column("reviewer_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("independence_override_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("independence_override_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("independence_override_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_internal_reviews_independence_override_by_id_users"),
            "users",
            ["independence_override_by_id"],
            ["id"],
        )
        batch.create_foreign_key(batch.f("fk_internal_reviews_reviewer_id_users"), "users", ["reviewer_id"], ["id"])
    # A review opened before this revision: its reviewer is whoever first re-decided a document in it. One that
    # re-decided nothing stays unknown, and its letter makes no claim about who carried it out.
    op.execute(
        "UPDATE internal_reviews SET reviewer_id = ("
        "SELECT d.decided_by_id FROM decisions d WHERE d.request_id = internal_reviews.request_id "
        "AND d.stage = 'internal_review' ORDER BY d.id LIMIT 1)"
    )


def downgrade() -> None:
    with op.batch_alter_table("internal_reviews") as batch:
        batch.drop_constraint(batch.f("fk_internal_reviews_reviewer_id_users"), type_="foreignkey")
        batch.drop_constraint(batch.f("fk_internal_reviews_independence_override_by_id_users"), type_="foreignkey")
        batch.drop_column("independence_override_at")
        batch.drop_column("independence_override_by_id")
        batch.drop_column("independence_override_reason")
        batch.drop_column("reviewer_id")
    with op.batch_alter_table("decision_citations") as batch:
        batch.drop_column("statistical")
