"""The handoff queue: conversations that need a person, by priority.

Priorities follow call-handling practice: 1 for danger now and safeguarding,
2 for urgent review, 3 when the citizen simply wants a person.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import func, select

from bot.storage import Database, HandoffRequest


class Priority(enum.IntEnum):
    """Lower is more urgent, so ordering by priority puts P1 first."""

    P1 = 1
    P2 = 2
    P3 = 3


class HandoffQueue:
    """Records requests for a person and tells a citizen where they stand."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def request(
        self,
        conversation_id: str,
        channel: str,
        priority: Priority,
        reason: str,
        summary: dict[str, Any] | None = None,
    ) -> HandoffRequest:
        """Queues the conversation, or raises the priority of its waiting request.

        One waiting entry per conversation: a citizen who asks twice, or whose
        request turns into an emergency, is not queued twice.
        """
        with self._db.session() as session:
            waiting = session.execute(
                select(HandoffRequest).where(
                    HandoffRequest.conversation_id == conversation_id,
                    HandoffRequest.status == "waiting",
                )
            ).scalar_one_or_none()
            if waiting is None:
                waiting = HandoffRequest(
                    conversation_id=conversation_id,
                    channel=channel,
                    priority=int(priority),
                    reason=reason,
                    summary=summary or {},
                )
                session.add(waiting)
            elif priority < waiting.priority:
                waiting.priority = int(priority)
                waiting.reason = reason
                waiting.summary = {**(waiting.summary or {}), **(summary or {})}
            session.flush()
            return waiting

    def position(self, request: HandoffRequest) -> int:
        """1-based place in the queue: ahead are more urgent or earlier requests."""
        with self._db.session() as session:
            ahead = session.execute(
                select(func.count(HandoffRequest.id)).where(
                    HandoffRequest.status == "waiting",
                    HandoffRequest.id != request.id,
                    (HandoffRequest.priority < request.priority)
                    | (
                        (HandoffRequest.priority == request.priority)
                        & (HandoffRequest.requested_at <= request.requested_at)
                    ),
                )
            ).scalar_one()
        return int(ahead) + 1
