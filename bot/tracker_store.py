"""Rasa's SQL tracker store, made cheaper per message.

Rasa rebuilds the whole conversation from the database on every message, and
its event deserialiser looks up each event's class by walking every Event
subclass (about a fifth of the server's CPU in `bench/latency.py`). This
store looks the classes up once. Rasa also builds its ORM queries afresh and
adds new events one ORM object at a time (a further third of the server's
CPU under load); here the same queries are plain SQL, the stored events are
read with ujson, and new events go in as one multi-row insert. On SQLite it
keeps its connections open and uses write-ahead logging, so readers never
wait for the writer. Table, columns and the choice of events are Rasa's own,
so several servers can share one database as with `type: SQL`.

Rebuilding the conversation was still a third of the server's time under
load, and grows with the conversation. So each server keeps the conversations
it saved last in memory, each with the id of the newest stored event. A cached
conversation is used only while that id is still the newest in the database
(one indexed lookup): when another server has added to the conversation, or
it was rewritten, it is rebuilt from the database as before. A cached
conversation is handed out, not shared: if its turn fails before it is
saved, the next turn rebuilds it.
"""

from __future__ import annotations

import itertools
import json
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text, Type

import sqlalchemy as sa
import ujson
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.shared.utils.common import all_subclasses
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot.recent_conversations import RecentConversations

# Rasa's `_event_query`: the conversation's events from its latest session start
# on (or all of them before the first), in the order they were stored.
_LATEST_SESSION = f"""
    FROM events
    WHERE sender_id = :sender_id
      AND ("timestamp" >= (SELECT max("timestamp") FROM events
                         WHERE sender_id = :sender_id
                           AND type_name = '{SessionStarted.type_name}')
           OR NOT EXISTS (SELECT 1 FROM events
                          WHERE sender_id = :sender_id
                            AND type_name = '{SessionStarted.type_name}'))
"""
_SELECT_LATEST_SESSION = sa.text(f"SELECT data {_LATEST_SESSION} ORDER BY id")
_SELECT_ALL_SESSIONS = sa.text(
    "SELECT data FROM events WHERE sender_id = :sender_id ORDER BY id"
)
_COUNT_LATEST_SESSION = sa.text(f"SELECT count(*) {_LATEST_SESSION}")
_NEWEST_EVENT_ID = sa.text("SELECT max(id) FROM events WHERE sender_id = :sender_id")


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
        # Each with the id of the newest stored event when it was kept.
        self._recent: RecentConversations[
            tuple[int, DialogueStateTracker]
        ] = RecentConversations()

    async def _retrieve(
        self, sender_id: Text, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        if not fetch_events_from_all_sessions:
            with self.engine.connect() as connection:
                newest = connection.execute(
                    _NEWEST_EVENT_ID, {"sender_id": sender_id}
                ).scalar()
            kept = self._recent.take(sender_id)
            if kept is not None and kept[0] == newest:
                return kept[1]
        query = (
            _SELECT_ALL_SESSIONS
            if fetch_events_from_all_sessions
            else _SELECT_LATEST_SESSION
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query, {"sender_id": sender_id}).all()
        # ujson (a Rasa dependency) reads the same JSON in two thirds of the time.
        serialised = [ujson.loads(data) for (data,) in rows]
        if not self.domain or not serialised:
            return None
        return DialogueStateTracker.from_events(
            sender_id, deserialise_events(serialised), self.domain.slots
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Stores the events not yet stored, as `SQLTrackerStore.save` does."""
        await self.stream_events(tracker)
        with self.engine.begin() as connection:
            stored = connection.execute(
                _COUNT_LATEST_SESSION, {"sender_id": tracker.sender_id}
            ).scalar_one()
            rows = [
                _event_row(tracker.sender_id, event)
                for event in itertools.islice(tracker.events, stored, None)
            ]
            if rows:
                connection.execute(self.SQLEvent.__table__.insert(), rows)
            in_latest_session = stored + len(rows)
            if any(row["type_name"] == SessionStarted.type_name for row in rows):
                in_latest_session = connection.execute(
                    _COUNT_LATEST_SESSION, {"sender_id": tracker.sender_id}
                ).scalar_one()
            newest = connection.execute(
                _NEWEST_EVENT_ID, {"sender_id": tracker.sender_id}
            ).scalar()
        # Kept only if it holds exactly what a rebuild would: not when this
        # turn began a new session, whose rebuild starts at its first event.
        if newest is not None and _is_one_session(tracker, in_latest_session):
            self._recent.put(tracker.sender_id, (newest, tracker))
        else:
            self._recent.take(tracker.sender_id)


def _is_one_session(tracker: DialogueStateTracker, stored_in_session: int) -> bool:
    """Whether the tracker holds just its latest session, all of it stored."""
    later_starts = itertools.islice(tracker.events, 2, None)
    return len(tracker.events) == stored_in_session and not any(
        isinstance(event, SessionStarted) for event in later_starts
    )


def _event_row(sender_id: str, event: Event) -> dict[str, Any]:
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {})
        .get("intent", {})
        .get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
