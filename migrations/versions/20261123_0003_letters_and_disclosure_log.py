"""Issued letters (frozen PDFs with their context) and the public disclosure log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:02:36.069155
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('disclosure_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('request_text', sa.Text(), nullable=False),
    sa.Column('regime', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('responded_on', sa.Date(), nullable=True),
    sa.Column('annex', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_disclosure_entries_published_by_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['foi_requests.id'], name=op.f('fk_disclosure_entries_request_id_foi_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_entries')),
    sa.UniqueConstraint('reference', name=op.f('uq_disclosure_entries_reference')),
    sa.UniqueConstraint('request_id', name=op.f('uq_disclosure_entries_request_id'))
    )
    with op.batch_alter_table('disclosure_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_entries_published_at'), ['published_at'], unique=False)

    op.create_table('issued_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('context', sa.JSON(), nullable=True),
    sa.Column('template_version', sa.String(length=32), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_sha256', sa.String(length=64), nullable=True),
    sa.Column('published_pdf', sa.LargeBinary(), nullable=True),
    sa.Column('published_html', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_issued_letters_issued_by_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['foi_requests.id'], name=op.f('fk_issued_letters_request_id_foi_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_letters'))
    )
    with op.batch_alter_table('issued_letters', schema=None) as batch_op:
        batch_op.create_index('ix_issued_letters_request_kind', ['request_id', 'kind'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('issued_letters', schema=None) as batch_op:
        batch_op.drop_index('ix_issued_letters_request_kind')

    op.drop_table('issued_letters')
    with op.batch_alter_table('disclosure_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosure_entries_published_at'))

    op.drop_table('disclosure_entries')
