"""The application's own tables (handoff requests for now) and how to reach them.

Engines are built from configuration when a process starts, never at import
time, so tests and each deployment choose their own database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import JSON, Column, DateTime, Integer, String, create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, declarative_base, sessionmaker

Base = declarative_base()


def utcnow() -> datetime:
    """Timezone-aware now, so times compare the same on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc)


class HandoffRequest(Base):
    """A conversation waiting for a person; the console works from these."""

    __tablename__ = "handoff_requests"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    priority = Column(Integer, nullable=False)
    reason = Column(String(64), nullable=False)
    status = Column(String(16), nullable=False, default="waiting", index=True)
    requested_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    summary = Column(JSON, nullable=False, default=dict)


class Database:
    """An engine and a session factory for one database URL."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: a database error must not write report fields or
        # message text into the logs.
        self.engine: Engine = create_engine(
            url, future=True, pool_pre_ping=True, hide_parameters=True
        )
        self._sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)

    def create_schema(self) -> None:
        """Creates missing tables; existing ones and their rows are left alone."""
        Base.metadata.create_all(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed together, or rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session
