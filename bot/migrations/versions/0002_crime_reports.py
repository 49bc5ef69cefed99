"""Crime reports, their property, vehicles and status history; audit; tracking.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _child_of_reports(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=f"fk_{name}_report_id_reports",
            ondelete="CASCADE",
        ),
    )
    op.create_index(f"ix_{name}_report_id", name, ["report_id"])


def upgrade() -> None:
    """Creates the report, audit and tracking tables."""
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(14), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("crime_type", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("occurred_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_to", sa.DateTime(timezone=True)),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(8)),
        sa.Column("suspect_description", sa.Text()),
        sa.Column("witnesses", sa.Text()),
        sa.Column("evidence", sa.Text()),
        sa.Column("victim_name", sa.Text(), nullable=False),
        sa.Column("victim_surname", sa.Text(), nullable=False),
        sa.Column("contact_phone", sa.String(16), nullable=False),
        sa.Column("contact_email", sa.String(320)),
        sa.Column("contact_method", sa.String(8), nullable=False),
        sa.Column("safe_contact_times", sa.Text(), nullable=False),
        sa.Column("injury", sa.String(8)),
        sa.Column("vulnerability", sa.Boolean(), nullable=False),
        sa.Column("repeat_victim", sa.Boolean()),
        sa.Column("hate_element", sa.Boolean(), nullable=False),
        sa.Column("old_incident", sa.Boolean(), nullable=False),
        sa.Column("urgent_review", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("reference", name="uq_reports_reference"),
        sa.UniqueConstraint("conversation_id", name="uq_reports_conversation_id"),
    )
    op.create_index("ix_reports_status", "reports", ["status"])
    _child_of_reports(
        "report_property",
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("value_pounds", sa.Integer()),
    )
    _child_of_reports(
        "report_vehicles",
        sa.Column("registration", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
    )
    _child_of_reports(
        "report_status_history",
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(14)),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_audit_log_reference", "audit_log", ["reference"])
    op.create_table(
        "tracking_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
    )
    op.create_index(
        "ix_tracking_attempts_conversation_id",
        "tracking_attempts",
        ["conversation_id"],
    )


def downgrade() -> None:
    """Drops them again; the handoff queue is untouched."""
    for table in (
        "tracking_attempts",
        "audit_log",
        "report_status_history",
        "report_vehicles",
        "report_property",
        "reports",
    ):
        op.drop_table(table)
