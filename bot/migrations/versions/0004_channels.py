"""SMS and Telegram: reply addresses behind hashed sender ids, and delivery dedup.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Adds the channel contacts and the deliveries already processed."""
    op.create_table(
        "channel_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sender_id", sa.String(80), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("last_buttons", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("sender_id", name="uq_channel_contacts_sender_id"),
    )
    op.create_table(
        "channel_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "channel", "external_id", name="uq_channel_deliveries_channel"
        ),
    )


def downgrade() -> None:
    """Drops both tables."""
    op.drop_table("channel_deliveries")
    op.drop_table("channel_contacts")
