"""The handoff queue, as it was before migrations.

Databases made by the earlier `create_all` hold exactly this and are stamped
at this revision rather than migrated through it.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Creates `handoff_requests`."""
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
    )
    op.create_index(
        "ix_handoff_requests_conversation_id", "handoff_requests", ["conversation_id"]
    )
    op.create_index("ix_handoff_requests_status", "handoff_requests", ["status"])


def downgrade() -> None:
    """Drops `handoff_requests`."""
    op.drop_table("handoff_requests")
