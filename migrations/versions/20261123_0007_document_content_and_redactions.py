"""Document content (uploaded files), redactions as data, and the published files of a disclosure bundle.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_document_files_document_id_documents")),
        sa.ForeignKeyConstraint(
            ["request_id"], ["foi_requests.id"], name=op.f("fk_document_files_request_id_foi_requests")
        ),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name=op.f("fk_document_files_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_files")),
        sa.UniqueConstraint("document_id", name=op.f("uq_document_files_document_id")),
    )
    op.create_index(op.f("ix_document_files_request_id"), "document_files", ["request_id"], unique=False)
    op.create_table(
        "redactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("exemptions", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("rect", sa.JSON(), nullable=True),
        sa.Column("region_text", sa.Text(), nullable=True),
        sa.Column("pages", sa.JSON(), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_redactions_created_by_id_users")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_redactions_document_id_documents")),
        sa.ForeignKeyConstraint(["request_id"], ["foi_requests.id"], name=op.f("fk_redactions_request_id_foi_requests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redactions")),
    )
    op.create_index(op.f("ix_redactions_document_id"), "redactions", ["document_id"], unique=False)
    op.create_index(op.f("ix_redactions_request_id"), "redactions", ["request_id"], unique=False)
    op.create_table(
        "published_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=400), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_published_files_document_id_documents")),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["users.id"], name=op.f("fk_published_files_published_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["foi_requests.id"], name=op.f("fk_published_files_request_id_foi_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_files")),
    )
    op.create_index(op.f("ix_published_files_request_id"), "published_files", ["request_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_published_files_request_id"), table_name="published_files")
    op.drop_table("published_files")
    op.drop_index(op.f("ix_redactions_request_id"), table_name="redactions")
    op.drop_index(op.f("ix_redactions_document_id"), table_name="redactions")
    op.drop_table("redactions")
    op.drop_index(op.f("ix_document_files_request_id"), table_name="document_files")
    op.drop_table("document_files")
