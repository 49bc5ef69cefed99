"""What the console sees of the handoff queue: plain values, states, refusals.

The queue hands out frozen copies rather than ORM objects, so nothing a web
page holds can be changed behind the queue's back or load lazily after its
session has closed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.handoff_tables import HandoffNote
from bot.storage import HandoffRequest


class Status(str, enum.Enum):
    """Where a request is: waiting and claimed requests are open."""

    WAITING = "waiting"
    CLAIMED = "claimed"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"


OPEN_STATUSES = (Status.WAITING.value, Status.CLAIMED.value)


class Resolution(str, enum.Enum):
    """How a request ended; handlers choose `bot` or `closed`."""

    BOT = "bot"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class UnknownRequest(LookupError):
    """No handoff request has this id."""


class UnknownHandler(LookupError):
    """No enabled console account has this username."""


class NotPermitted(PermissionError):
    """Only the handler who has a request, or a supervisor, may do this."""


@dataclass(frozen=True)
class HandoffEntry:
    """A handoff request as the console shows it; no ORM object leaks out.

    Attributes:
        id: the request's id; the console's handle on it.
        conversation_id: the Rasa sender id.
        channel: the input channel the conversation is on.
        priority: 1 (most urgent) to 3.
        reason: why the assistant asked for a person.
        status: one of `Status`'s values.
        requested_at: when it was first queued (UTC).
        claimed_at: when a handler claimed it (UTC), if one has.
        handler: the username that has it, if any.
        summary: what the assistant gathered for the handler.
        resolved_at: when it was resolved or cancelled (UTC), if it was.
        resolution: one of `Resolution`'s values, once it has ended.
    """

    id: int
    conversation_id: str
    channel: str
    priority: int
    reason: str
    status: str
    requested_at: datetime
    claimed_at: datetime | None
    handler: str | None
    summary: dict[str, Any]
    resolved_at: datetime | None = None
    resolution: str | None = None


@dataclass(frozen=True)
class Note:
    """An internal note on a request; never shown to the citizen."""

    id: int
    request_id: int
    author: str
    text: str
    created_at: datetime


def entry_of(request: HandoffRequest) -> HandoffEntry:
    """The request as a plain value, safe to use after its session has closed."""
    return HandoffEntry(
        id=request.id,
        conversation_id=request.conversation_id,
        channel=request.channel,
        priority=request.priority,
        reason=request.reason,
        status=request.status,
        requested_at=request.requested_at,
        claimed_at=request.claimed_at,
        handler=request.handler,
        summary=dict(request.summary or {}),
        resolved_at=request.resolved_at,
        resolution=request.resolution,
    )


def note_of(note: HandoffNote) -> Note:
    """The note as a plain value."""
    return Note(
        id=note.id,
        request_id=note.request_id,
        author=note.author,
        text=note.text,
        created_at=note.created_at,
    )
