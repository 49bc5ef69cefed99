"""The audit log: who did what to which report or handoff, and when.

Rows name the actor, the action and the reference only; console actions name
the handoff request by its id and accounts by their username in the detail.
Details never hold personal data or free text (names, notes, messages, what
happened), because the log is kept longer and read more widely than the
reports and conversations themselves.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, Column, Integer, String
from sqlalchemy.orm import Session

from bot.storage import Base, UtcDateTime, utcnow

ASSISTANT = "assistant"
# The citizen in a conversation: they are never named in the log.
CITIZEN = "citizen"


class AuditAction(str, enum.Enum):
    """Everything that reads or changes a report, a handoff or a console account."""

    REPORT_SUBMITTED = "report_submitted"
    REPORTS_LISTED = "reports_listed"
    REPORT_VIEWED = "report_viewed"
    STATUS_CHANGED = "status_changed"

    HANDOFF_REQUESTED = "handoff_requested"
    HANDOFF_CLAIMED = "handoff_claimed"
    HANDOFF_TRANSFERRED = "handoff_transferred"
    HANDOFF_NOTE_ADDED = "handoff_note_added"
    HANDOFF_RESOLVED = "handoff_resolved"
    HANDOFF_CANCELLED = "handoff_cancelled"
    # For the console's web layer: a handler's reply sent, a transcript read.
    HANDOFF_REPLIED = "handoff_replied"
    CONVERSATION_VIEWED = "conversation_viewed"

    LOGIN_SUCCEEDED = "login_succeeded"
    LOGIN_FAILED = "login_failed"
    ACCOUNT_LOCKED = "account_locked"
    LOGGED_OUT = "logged_out"
    USER_ADDED = "user_added"
    PASSWORD_SET = "password_set"
    USER_DISABLED = "user_disabled"


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
