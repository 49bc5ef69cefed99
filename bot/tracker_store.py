"""Rasa's SQL tracker store, made cheaper per message.

Rasa rebuilds the whole conversation from the database on every message, and
its event deserialiser looks up each event's class by walking every Event
subclass (about a fifth of the server's CPU in `bench/latency.py`). This
store looks the classes up once. On SQLite it also keeps its connections open
and uses write-ahead logging, so readers never wait for the writer. Storage
format and queries are Rasa's own, so several servers can share one database
as with `type: SQL`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text, Type

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool


@lru_cache(maxsize=1)
def _event_classes() -> Dict[str, Type[Event]]:
    # The first class found for a name wins, as in Rasa's own lookup.
    classes: Dict[str, Type[Event]] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def deserialise_events(serialised: List[Dict[Text, Any]]) -> List[Event]:
    """As `rasa.shared.core.events.deserialise_events`, with a class table."""
    classes = _event_classes()
    events = []
    for parameters in serialised:
        cls = classes.get(parameters.get("event", ""))
        created = cls._from_parameters(parameters) if cls else None
        if created is not None:
            events.append(created)
    return events


def _use_write_ahead_log(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class FastSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with cached event-class lookup and SQLite WAL."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        # Events hold message text: database errors must not log their values.
        options: dict[str, Any] = {"hide_parameters": True}
        if url.get_backend_name() == "sqlite":
            # SQLAlchemy 1.4 opens a new SQLite connection per session (NullPool);
            # a pool of open connections saves the reconnect on every message.
            options.update(
                poolclass=QueuePool, connect_args={"check_same_thread": False}
            )
        else:
            options.update(create_engine_kwargs(url))
        self.engine.dispose()
        self.engine = sa.create_engine(url, **options)
        if url.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _use_write_ahead_log)
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def _retrieve(
        self, sender_id: Text, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            rows = self._event_query(
                session,
                sender_id,
                fetch_events_from_all_sessions=fetch_events_from_all_sessions,
            ).all()
            serialised = [json.loads(row.data) for row in rows]
        if not self.domain or not serialised:
            return None
        return DialogueStateTracker.from_events(
            sender_id, deserialise_events(serialised), self.domain.slots
        )
