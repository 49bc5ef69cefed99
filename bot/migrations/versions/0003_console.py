"""Call-handler console: claimed and resolved requests, notes, accounts, sessions.

Waiting requests are kept as they are: the new columns start empty.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_NEW_REQUEST_COLUMNS = ("claimed_at", "resolved_at", "handler", "resolution")


def upgrade() -> None:
    """Adds the lifecycle columns and the console's tables."""
    # Batch mode: SQLite rebuilds the table where it cannot ALTER it.
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("handler", sa.String(64)))
        batch.add_column(sa.Column("resolution", sa.String(16)))
    op.create_table(
        "handoff_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["handoff_requests.id"],
            name="fk_handoff_notes_request_id_handoff_requests",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_handoff_notes_request_id", "handoff_notes", ["request_id"])
    version = op.create_table(
        "handoff_queue_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0}])
    op.create_table(
        "console_users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column(
            "failed_logins", sa.Integer(), nullable=False, server_default=sa.text("0")
        ),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("username", name="uq_console_users_username"),
    )
    op.create_table(
        "console_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_console_sessions_token_hash"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["console_users.id"],
            name="fk_console_sessions_user_id_console_users",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_console_sessions_user_id", "console_sessions", ["user_id"])


def downgrade() -> None:
    """Drops the console's tables and columns; requests and reports are kept."""
    for table in (
        "console_sessions",
        "console_users",
        "handoff_queue_version",
        "handoff_notes",
    ):
        op.drop_table(table)
    with op.batch_alter_table("handoff_requests") as batch:
        for column in _NEW_REQUEST_COLUMNS:
            batch.drop_column(column)
