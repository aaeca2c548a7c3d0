"""The case file: users, requests and their clock, documents, decisions, reviews, audit, holidays.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 11:24:05.305867
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER audit_events_no_{op} BEFORE {OP} ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
)
APPEND_ONLY_POSTGRES_FUNCTION = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END
$$
"""
APPEND_ONLY_POSTGRES_TRIGGER = (
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
)


def _make_audit_append_only() -> None:
    # The hash chain shows tampering; the trigger stops the application itself from editing history.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_POSTGRES_FUNCTION)
        op.execute(APPEND_ONLY_POSTGRES_TRIGGER)
    else:
        for name in ("update", "delete"):
            op.execute(APPEND_ONLY_SQLITE.format(op=name, OP=name.upper()))


def upgrade() -> None:
    op.create_table('audit_chain_heads',
    sa.Column('chain', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('chain', name=op.f('pk_audit_chain_heads'))
    )
    op.create_table('reference_counters',
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_reference_counters'))
    )
    op.create_table('requesters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('postal_address', sa.Text(), nullable=True),
    sa.Column('organisation', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requesters'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('foi_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('regime', sa.String(length=32), nullable=False),
    sa.Column('school', sa.String(length=100), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('request_text', sa.Text(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('date_of_receipt', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('extended_due_on', sa.Date(), nullable=True),
    sa.Column('responded_on', sa.Date(), nullable=True),
    sa.Column('timeliness', sa.String(length=32), nullable=True),
    sa.Column('calendar_version', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_foi_requests_assigned_to_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_foi_requests_created_by_id_users')),
    sa.ForeignKeyConstraint(['requester_id'], ['requesters.id'], name=op.f('fk_foi_requests_requester_id_requesters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foi_requests')),
    sa.UniqueConstraint('reference', name=op.f('uq_foi_requests_reference'))
    )
    with op.batch_alter_table('foi_requests', schema=None) as batch_op:
        batch_op.create_index('ix_foi_requests_assigned_to_status', ['assigned_to_id', 'status'], unique=False)
        batch_op.create_index('ix_foi_requests_due_on_id', ['due_on', 'id'], unique=False)
        batch_op.create_index('ix_foi_requests_received_on_id', ['received_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_foi_requests_requester_id'), ['requester_id'], unique=False)
        batch_op.create_index('ix_foi_requests_status_due_on', ['status', 'due_on', 'id'], unique=False)

    op.create_table('holiday_additions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('nation', sa.String(length=3), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_holiday_additions_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday_additions')),
    sa.UniqueConstraint('day', 'nation', name=op.f('uq_holiday_additions_day_nation'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chain', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['foi_requests.id'], name=op.f('fk_audit_events_request_id_foi_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_chain_seq', ['chain', 'seq'], unique=True)
        batch_op.create_index(batch_op.f('ix_audit_events_request_id'), ['request_id'], unique=False)

    op.create_table('clock_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_clock_events_created_by_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['foi_requests.id'], name=op.f('fk_clock_events_request_id_foi_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clock_events'))
    )
    with op.batch_alter_table('clock_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clock_events_request_id'), ['request_id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['foi_requests.id'], name=op.f('fk_documents_request_id_foi_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('request_id', 'item', name=op.f('uq_documents_request_id_item'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_request_id'), ['request_id'], unique=False)

    op.create_table('internal_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('extended_due_on', sa.Date(), nullable=False),
    sa.Column('request_window_ends_on', sa.Date(), nullable=True),
    sa.Column('late_request', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_internal_reviews_opened_by_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['foi_requests.id'], name=op.f('fk_internal_reviews_request_id_foi_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_internal_reviews')),
    sa.UniqueConstraint('request_id', name=op.f('uq_internal_reviews_request_id'))
    )
    op.create_table('qualified_person_opinions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('opinion_on', sa.Date(), nullable=False),
    sa.Column('limbs', sa.JSON(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('on_paper', sa.Boolean(), nullable=False),
    sa.Column('given_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['given_by_id'], ['users.id'], name=op.f('fk_qualified_person_opinions_given_by_id_users')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_qualified_person_opinions_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['foi_requests.id'], name=op.f('fk_qualified_person_opinions_request_id_foi_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qualified_person_opinions'))
    )
    with op.batch_alter_table('qualified_person_opinions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qualified_person_opinions_request_id'), ['request_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_decisions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_decisions_document_id_documents')),
    sa.ForeignKeyConstraint(['request_id'], ['foi_requests.id'], name=op.f('fk_decisions_request_id_foi_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('document_id', 'stage', name=op.f('uq_decisions_document_id_stage'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_request_id'), ['request_id'], unique=False)

    op.create_table('decision_citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('section', sa.String(length=32), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=False),
    sa.Column('pi_for_disclosure', sa.Text(), nullable=True),
    sa.Column('pi_for_withholding', sa.Text(), nullable=True),
    sa.Column('pi_conclusion', sa.Text(), nullable=True),
    sa.Column('qp_name', sa.String(length=200), nullable=True),
    sa.Column('qp_role', sa.String(length=200), nullable=True),
    sa.Column('qp_opinion_on', sa.Date(), nullable=True),
    sa.Column('opinion_id', sa.Integer(), nullable=True),
    sa.Column('s31_purposes', sa.JSON(), nullable=False),
    sa.Column('legitimate_interests', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_citations_decision_id_decisions')),
    sa.ForeignKeyConstraint(['opinion_id'], ['qualified_person_opinions.id'], name=op.f('fk_decision_citations_opinion_id_qualified_person_opinions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_citations'))
    )
    with op.batch_alter_table('decision_citations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_citations_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_citations_decision_id'), ['decision_id'], unique=False)
    _make_audit_append_only()


def downgrade() -> None:
    with op.batch_alter_table('decision_citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_citations_decision_id'))
        batch_op.drop_index(batch_op.f('ix_decision_citations_code'))

    op.drop_table('decision_citations')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_request_id'))

    op.drop_table('decisions')
    with op.batch_alter_table('qualified_person_opinions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qualified_person_opinions_request_id'))

    op.drop_table('qualified_person_opinions')
    op.drop_table('internal_reviews')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_request_id'))

    op.drop_table('documents')
    with op.batch_alter_table('clock_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clock_events_request_id'))

    op.drop_table('clock_events')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_request_id'))
        batch_op.drop_index('ix_audit_events_chain_seq')

    op.drop_table('audit_events')
    op.drop_table('holiday_additions')
    with op.batch_alter_table('foi_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_foi_requests_status_due_on')
        batch_op.drop_index(batch_op.f('ix_foi_requests_requester_id'))
        batch_op.drop_index('ix_foi_requests_received_on_id')
        batch_op.drop_index('ix_foi_requests_due_on_id')
        batch_op.drop_index('ix_foi_requests_assigned_to_status')

    op.drop_table('foi_requests')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    op.drop_table('users')
    op.drop_table('requesters')
    op.drop_table('reference_counters')
    op.drop_table('audit_chain_heads')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
