"""The application's tables and how to reach them.

Engines are built from configuration when a process starts, never at import
time, so tests and each deployment choose their own database. The tables
themselves are created and changed only by the migrations in `bot/migrations`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, declarative_base, sessionmaker
from sqlalchemy.types import TypeDecorator

from bot.schema import upgrade_to_latest

# Named constraints, so later migrations can drop them on SQLite too (Alembic's
# batch mode recreates a SQLite table and needs every constraint's name).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def utcnow() -> datetime:
    """Timezone-aware now, so times compare the same on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database.

    SQLite keeps no offset and hands back naive datetimes; stored times are
    always UTC, so reading them back as UTC is exact.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> Any:
        """Stores UTC; a naive datetime is refused rather than guessed at."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("stored times must be timezone-aware")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Any) -> Any:
        """Gives back an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class HandoffRequest(Base):
    """A conversation that needs a person; the console works from these.

    `status` goes from `waiting` to `claimed` (a handler has it) to `resolved`,
    or from `waiting` to `cancelled` when the citizen stops waiting. The
    `resolution` says how it ended: `bot` (handed back to the assistant),
    `closed`, or `cancelled`.
    """

    __tablename__ = "handoff_requests"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    priority = Column(Integer, nullable=False)
    reason = Column(String(64), nullable=False)
    status = Column(String(16), nullable=False, default="waiting", index=True)
    requested_at = Column(UtcDateTime, nullable=False, default=utcnow)
    summary = Column(JSON, nullable=False, default=dict)
    claimed_at = Column(UtcDateTime)
    resolved_at = Column(UtcDateTime)
    # The console username that has it; a plain name, like the audit log's
    # actor, so the request's history outlives the account.
    handler = Column(String(64))
    resolution = Column(String(16))


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
        """Brings the tables up to the latest migration; rows are kept."""
        upgrade_to_latest(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed together, or rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session
