"""The reminder outbox: one row per (case, rule, target date).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:31:26.568953
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('target_on', sa.Date(), nullable=False),
    sa.Column('deadline_on', sa.Date(), nullable=True),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('recipient_email', sa.String(length=320), nullable=False),
    sa.Column('recipient_user_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recipient_user_id'], ['users.id'], name=op.f('fk_reminders_recipient_user_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['foi_requests.id'], name=op.f('fk_reminders_request_id_foi_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('request_id', 'rule', 'target_on', name=op.f('uq_reminders_request_id_rule_target_on'))
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_request_id'), ['request_id'], unique=False)
        batch_op.create_index('ix_reminders_status_next_attempt', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_reminders_planned_on', ['planned_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_reminders_planned_on')
        batch_op.drop_index('ix_reminders_status_next_attempt')
        batch_op.drop_index(batch_op.f('ix_reminders_request_id'))

    op.drop_table('reminders')
