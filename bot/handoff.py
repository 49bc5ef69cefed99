"""The handoff queue: conversations that need a person, by priority.

Priorities follow call-handling practice: 1 for danger now and safeguarding,
2 for urgent review, 3 when the citizen simply wants a person.

A request waits until a handler claims it, and is then theirs until they
resolve it (back to the assistant, or closed) or pass it on. Each of those
steps is one conditional UPDATE, so when two handlers (or a handler and the
citizen leaving) act at once, exactly one of them wins, whichever process
they run in. Every step is audited in the same transaction, by request id and
username only.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from bot import audit
from bot.audit import ASSISTANT, CITIZEN, AuditAction
from bot.console.models import Role, enabled_role
from bot.handoff_entries import (
    OPEN_STATUSES,
    HandoffEntry,
    Note,
    NotPermitted,
    Resolution,
    Status,
    UnknownHandler,
    UnknownRequest,
    entry_of,
    note_of,
)
from bot.handoff_tables import (
    QUEUE_VERSION_ID,
    HandoffNote,
    HandoffQueueVersion,
    bump_queue_version,
)
from bot.storage import Database, HandoffRequest, utcnow

# Long enough for a handover; a note is not the place for a transcript.
MAX_NOTE_LENGTH = 4000


class Priority(enum.IntEnum):
    """Lower is more urgent, so ordering by priority puts P1 first."""

    P1 = 1
    P2 = 2
    P3 = 3


class HandoffQueue:
    """Records requests for a person and moves them through the console."""

    def __init__(
        self, database: Database, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._db = database
        self._clock = clock

    def request(
        self,
        conversation_id: str,
        channel: str,
        priority: Priority,
        reason: str,
        summary: dict[str, Any] | None = None,
    ) -> HandoffRequest:
        """Queues the conversation, or raises the priority of its open request.

        One open entry per conversation: a citizen who asks twice, or whose
        request turns into an emergency, is not queued twice, and one already
        with a handler stays with them (at the higher priority).
        """
        with self._db.session() as session:
            current = _open_request(session, conversation_id)
            if current is None:
                current = HandoffRequest(
                    conversation_id=conversation_id,
                    channel=channel,
                    priority=int(priority),
                    reason=reason,
                    status=Status.WAITING.value,
                    requested_at=self._clock(),
                    summary=summary or {},
                )
                session.add(current)
            elif priority < current.priority:
                current.priority = int(priority)
                current.reason = reason
                current.summary = {**(current.summary or {}), **(summary or {})}
            else:
                return current
            session.flush()
            audit.record(
                session,
                ASSISTANT,
                AuditAction.HANDOFF_REQUESTED,
                request=current.id,
                priority=current.priority,
            )
            bump_queue_version(session)
            return current

    def position(self, request: HandoffRequest) -> int:
        """1-based place in the queue: ahead are more urgent or earlier requests.

        Meaningful for a waiting request only; check `status` first.
        """
        with self._db.session() as session:
            ahead = session.execute(
                select(func.count(HandoffRequest.id)).where(
                    HandoffRequest.status == Status.WAITING.value,
                    HandoffRequest.id != request.id,
                    (HandoffRequest.priority < request.priority)
                    | (
                        (HandoffRequest.priority == request.priority)
                        & (HandoffRequest.requested_at <= request.requested_at)
                    ),
                )
            ).scalar_one()
        return int(ahead) + 1

    def waiting(self) -> list[HandoffEntry]:
        """Requests no one has claimed, most urgent first, then longest waiting."""
        return self._entries(Status.WAITING.value)

    def open_requests(self) -> list[HandoffEntry]:
        """Waiting requests in queue order, then claimed ones in the same order."""
        return self._entries(*OPEN_STATUSES)

    def get(self, request_id: int) -> HandoffEntry | None:
        """The request with this id, whatever its status, or None."""
        with self._db.session() as session:
            found = session.get(HandoffRequest, request_id)
            return None if found is None else entry_of(found)

    def active_for(self, conversation_id: str) -> HandoffEntry | None:
        """The conversation's waiting or claimed request, or None."""
        with self._db.session() as session:
            found = _open_request(session, conversation_id)
            return None if found is None else entry_of(found)

    def claim(self, request_id: int, handler: str) -> bool:
        """Gives a waiting request to `handler`; False if it is not waiting.

        One UPDATE that only matches a waiting row: of several handlers
        claiming at once, exactly one gets True.
        """
        with self._db.session() as session:
            claimed = _changed(
                session,
                (HandoffRequest.id == request_id)
                & (HandoffRequest.status == Status.WAITING.value),
                status=Status.CLAIMED.value,
                handler=handler,
                claimed_at=self._clock(),
            )
            audit.record(
                session,
                handler,
                AuditAction.HANDOFF_CLAIMED,
                request=request_id,
                done=claimed,
            )
            if claimed:
                bump_queue_version(session)
        return claimed

    def transfer(self, request_id: int, from_handler: str, to_handler: str) -> bool:
        """Passes a claimed request to another enabled account.

        Args:
            request_id: the claimed request.
            from_handler: who is doing it: the request's handler, or a
                supervisor.
            to_handler: the account that gets it.

        Returns:
            False when the request is not claimed (any more).

        Raises:
            UnknownHandler: `to_handler` is not an enabled account.
            NotPermitted: `from_handler` neither has the request nor is a
                supervisor.
            UnknownRequest: no request has this id.
        """
        refusal: Exception | None = None
        moved = False
        with self._db.session() as session:
            if enabled_role(session, to_handler) is None:
                refusal = UnknownHandler(to_handler)
            else:
                moved, refusal = self._as_owner_or_supervisor(
                    session, request_id, from_handler, handler=to_handler
                )
            audit.record(
                session,
                from_handler,
                AuditAction.HANDOFF_TRANSFERRED,
                request=request_id,
                to=to_handler,
                done=moved,
            )
            if moved:
                bump_queue_version(session)
        if refusal is not None:
            raise refusal
        return moved

    def resolve(
        self, request_id: int, handler: str, resolution: Resolution | str
    ) -> bool:
        """Ends a claimed request: handed back to the assistant (`bot`), or `closed`.

        Returns:
            False when the request is not claimed (any more).

        Raises:
            ValueError: the resolution is not `bot` or `closed`.
            NotPermitted: `handler` neither has the request nor is a supervisor.
            UnknownRequest: no request has this id.
        """
        ending = Resolution(resolution)
        if ending is Resolution.CANCELLED:
            raise ValueError("only the citizen cancels; resolve with bot or closed")
        with self._db.session() as session:
            resolved, refusal = self._as_owner_or_supervisor(
                session,
                request_id,
                handler,
                status=Status.RESOLVED.value,
                resolution=ending.value,
                resolved_at=self._clock(),
            )
            audit.record(
                session,
                handler,
                AuditAction.HANDOFF_RESOLVED,
                request=request_id,
                resolution=ending.value,
                done=resolved,
            )
            if resolved:
                bump_queue_version(session)
        if refusal is not None:
            raise refusal
        return resolved

    def cancel_waiting(self, conversation_id: str) -> bool:
        """The citizen stops waiting; False when nothing was waiting.

        A request a handler has already claimed is left with them.
        """
        with self._db.session() as session:
            request_id = session.execute(
                select(HandoffRequest.id)
                .where(
                    HandoffRequest.conversation_id == conversation_id,
                    HandoffRequest.status == Status.WAITING.value,
                )
                .order_by(HandoffRequest.id)
                .limit(1)
            ).scalar_one_or_none()
            if request_id is None:
                return False
            cancelled = _changed(
                session,
                (HandoffRequest.id == request_id)
                & (HandoffRequest.status == Status.WAITING.value),
                status=Status.CANCELLED.value,
                resolution=Resolution.CANCELLED.value,
                resolved_at=self._clock(),
            )
            if cancelled:
                audit.record(
                    session, CITIZEN, AuditAction.HANDOFF_CANCELLED, request=request_id
                )
                bump_queue_version(session)
        return cancelled

    def add_note(self, request_id: int, author: str, text: str) -> Note:
        """Adds an internal note; the audit log records that it exists, not its text.

        Raises:
            ValueError: the note is empty or longer than 4000 characters.
            UnknownRequest: no request has this id.
        """
        text = text.strip()
        if not text:
            raise ValueError("a note needs some text")
        if len(text) > MAX_NOTE_LENGTH:
            raise ValueError(f"a note is at most {MAX_NOTE_LENGTH} characters")
        with self._db.session() as session:
            if session.get(HandoffRequest, request_id) is None:
                raise UnknownRequest(request_id)
            note = HandoffNote(
                request_id=request_id,
                author=author,
                text=text,
                created_at=self._clock(),
            )
            session.add(note)
            session.flush()
            audit.record(
                session,
                author,
                AuditAction.HANDOFF_NOTE_ADDED,
                request=request_id,
                note=note.id,
            )
            # Not a queue change as such, but open consoles show notes too.
            bump_queue_version(session)
            return note_of(note)

    def notes(self, request_id: int) -> list[Note]:
        """The request's notes, oldest first."""
        with self._db.session() as session:
            found = session.execute(
                select(HandoffNote)
                .where(HandoffNote.request_id == request_id)
                .order_by(HandoffNote.id)
            ).scalars()
            return [note_of(note) for note in found]

    def queue_version(self) -> int:
        """A number that grows with every change to the queue; one cheap query.

        Changes with every request queued or raised, claim, transfer, note,
        resolution and cancellation, so a console that polls it knows when to
        fetch the queue again.
        """
        with self._db.session() as session:
            version = session.execute(
                select(HandoffQueueVersion.version).where(
                    HandoffQueueVersion.id == QUEUE_VERSION_ID
                )
            ).scalar_one_or_none()
        return int(version or 0)

    def _entries(self, *statuses: str) -> list[HandoffEntry]:
        waiting_first = case(
            (HandoffRequest.status == Status.WAITING.value, 0), else_=1
        )
        with self._db.session() as session:
            found = session.execute(
                select(HandoffRequest)
                .where(HandoffRequest.status.in_(statuses))
                .order_by(
                    waiting_first,
                    HandoffRequest.priority,
                    HandoffRequest.requested_at,
                    HandoffRequest.id,
                )
            ).scalars()
            return [entry_of(request) for request in found]

    @staticmethod
    def _as_owner_or_supervisor(
        session: Session, request_id: int, actor: str, **changes: Any
    ) -> tuple[bool, Exception | None]:
        """Applies `changes` to a claimed request if `actor` may.

        Returns whether it changed, and the refusal to raise once the attempt
        is audited: None when it changed or was simply no longer claimed.
        """
        role = enabled_role(session, actor)
        if role is None:
            return False, NotPermitted(actor)
        matches = (HandoffRequest.id == request_id) & (
            HandoffRequest.status == Status.CLAIMED.value
        )
        if role is not Role.SUPERVISOR:
            matches = matches & (HandoffRequest.handler == actor)
        if _changed(session, matches, **changes):
            return True, None
        current = session.get(HandoffRequest, request_id)
        if current is None:
            return False, UnknownRequest(request_id)
        if current.status == Status.CLAIMED.value:
            return False, NotPermitted(actor)
        return False, None


def _changed(session: Session, matches: Any, **values: Any) -> bool:
    """One conditional UPDATE; True when it changed a row."""
    result = session.execute(
        update(HandoffRequest)
        .where(matches)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _open_request(session: Session, conversation_id: str) -> HandoffRequest | None:
    return (
        session.execute(
            select(HandoffRequest)
            .where(
                HandoffRequest.conversation_id == conversation_id,
                HandoffRequest.status.in_(OPEN_STATUSES),
            )
            .order_by(HandoffRequest.id)
            .limit(1)
        )
        .scalars()
        .first()
    )
