"""The audit log: who did what to which report, and when.

Rows name the actor, the action and the reference only. Details never hold
personal data or free text (names, notes, what happened), because the log is
kept longer and read more widely than the reports themselves.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, Column, Integer, String
from sqlalchemy.orm import Session

from bot.storage import Base, UtcDateTime, utcnow

ASSISTANT = "assistant"


class AuditAction(str, enum.Enum):
    """Everything that reads or changes a report."""

    REPORT_SUBMITTED = "report_submitted"
    REPORTS_LISTED = "reports_listed"
    REPORT_VIEWED = "report_viewed"
    STATUS_CHANGED = "status_changed"


class AuditEntry(Base):
    """One audited action; never updated or deleted by the application."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(UtcDateTime, nullable=False, default=utcnow)
    actor = Column(String(64), nullable=False)
    action = Column(String(32), nullable=False)
    reference = Column(String(14), index=True)
    detail = Column(JSON, nullable=False, default=dict)


def record(
    session: Session,
    actor: str,
    action: AuditAction,
    reference: str | None = None,
    **detail: Any,
) -> None:
    """Adds an entry to `session`, so it commits or rolls back with the action."""
    session.add(
        AuditEntry(actor=actor, action=action.value, reference=reference, detail=detail)
    )
