"""Bundle builds: the requester's bundle asked for by a request that answers 202, made by a worker.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bundle_builds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("problem", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["foi_requests.id"], name=op.f("fk_bundle_builds_request_id_foi_requests")
        ),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"], name=op.f("fk_bundle_builds_requested_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bundle_builds")),
    )
    op.create_index(op.f("ix_bundle_builds_request_id"), "bundle_builds", ["request_id"])
    op.create_index(op.f("ix_bundle_builds_state"), "bundle_builds", ["state"])


def downgrade() -> None:
    op.drop_index(op.f("ix_bundle_builds_state"), table_name="bundle_builds")
    op.drop_index(op.f("ix_bundle_builds_request_id"), table_name="bundle_builds")
    op.drop_table("bundle_builds")
