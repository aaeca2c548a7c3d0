"""Personal data before publication: officers' resolutions of findings, and the requester's phone number.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "personal_data_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("form", sa.String(length=60), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["foi_requests.id"], name=op.f("fk_personal_data_resolutions_request_id_foi_requests")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_personal_data_resolutions_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_personal_data_resolutions_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_resolutions")),
    )
    op.create_index(
        "ix_personal_data_resolutions_request_document",
        "personal_data_resolutions",
        ["request_id", "document_id"],
    )
    op.add_column("requesters", sa.Column("phone", sa.String(length=40), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column in place (3.35+); a batch copy would drop the table other tables point at.
        op.execute("ALTER TABLE requesters DROP COLUMN phone")
    else:
        op.drop_column("requesters", "phone")
    op.drop_index("ix_personal_data_resolutions_request_document", table_name="personal_data_resolutions")
    op.drop_table("personal_data_resolutions")
