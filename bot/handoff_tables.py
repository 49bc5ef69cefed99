"""The console's tables beside the handoff queue: notes, and the change counter.

Notes are what handlers write to each other about a request. They are never
shown to the citizen and never copied into the audit log.

The change counter is one row that every change to the queue increments in
its own transaction. Web-app processes poll it several times a second to know
when to refresh, so reading it must be one primary-key lookup; and unlike the
latest timestamp, it cannot miss a change written by a process whose clock
runs slightly behind.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String, Text, update
from sqlalchemy.orm import Session

from bot.storage import Base, UtcDateTime, utcnow

# The counter's only row.
QUEUE_VERSION_ID = 1


class HandoffNote(Base):
    """An internal note on a handoff request, by a console user."""

    __tablename__ = "handoff_notes"

    id = Column(Integer, primary_key=True)
    request_id = Column(
        Integer,
        ForeignKey("handoff_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    author = Column(String(64), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)


class HandoffQueueVersion(Base):
    """The queue's change counter; the migration inserts its one row."""

    __tablename__ = "handoff_queue_version"

    id = Column(Integer, primary_key=True)
    version = Column(BigInteger, nullable=False)


def bump_queue_version(session: Session) -> None:
    """Counts a change to the queue, as part of `session`'s transaction.

    Call it last in a transaction: every writer then takes the counter's row
    lock after the request rows it changes, so two writers never wait on each
    other in a circle.
    """
    bumped = session.execute(
        update(HandoffQueueVersion)
        .where(HandoffQueueVersion.id == QUEUE_VERSION_ID)
        .values(version=HandoffQueueVersion.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not bumped:
        session.add(HandoffQueueVersion(id=QUEUE_VERSION_ID, version=1))
