"""The fast tracker store keeps Rasa's storage format and choice of events.

Several Rasa servers may share one database, and a deployment may switch
between this store and Rasa's own `type: SQL`: both must read what the other
wrote, session by session.
"""

import os

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from bot.tracker_store import FastSQLTrackerStore

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, report_crime]
slots:
  crime_type:
    type: text
    mappings: [{type: custom}]
"""
)


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.skip(
            "no PostgreSQL: set TEST_POSTGRES_URL (.ci/run does when one answers)"
        )
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS events"))
    engine.dispose()
    return url


def session(start: float, text_said: str, crime: str) -> list:
    # Rasa stamps a session's first two events alike; a session is read from
    # its latest `session_started` stamp on, in Rasa's store as in ours.
    return [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start),
        ActionExecuted("action_listen", timestamp=start + 0.2),
        UserUttered(text_said, {"name": "report_crime"}, timestamp=start + 1),
        SlotSet("crime_type", crime, timestamp=start + 2),
        BotUttered("noted", timestamp=start + 3),
    ]


def tracker_with(events: list) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("citizen-7", events, DOMAIN.slots)


async def test_reads_the_latest_session_and_the_full_history(tracker_db_url):
    store = FastSQLTrackerStore(DOMAIN, host=tracker_db_url)
    first = session(1000.0, "my bike was nicked", "theft")
    second = session(5000.0, "someone smashed my window", "criminal_damage")
    await store.save(tracker_with(first))
    await store.save(tracker_with(first + second))

    latest = await store.retrieve("citizen-7")
    full = await store.retrieve_full_tracker("citizen-7")

    assert latest.get_slot("crime_type") == "criminal_damage"
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == [
        "someone smashed my window"
    ]
    assert len(full.events) == len(first + second)
    assert await store.retrieve("someone-else") is None


async def test_saving_twice_stores_each_event_once(tracker_db_url):
    store = FastSQLTrackerStore(DOMAIN, host=tracker_db_url)
    events = session(1000.0, "my bike was nicked", "theft")
    await store.save(tracker_with(events))
    await store.save(tracker_with(events))
    await store.save(tracker_with(events + [BotUttered("anything else?")]))

    full = await store.retrieve_full_tracker("citizen-7")

    assert len(full.events) == len(events) + 1


async def test_rasa_and_this_store_read_each_other(tracker_db_url):
    ours = FastSQLTrackerStore(DOMAIN, host=tracker_db_url)
    rasas = SQLTrackerStore(DOMAIN, host=tracker_db_url)
    first = session(1000.0, "my bike was nicked", "theft")
    second = session(5000.0, "someone smashed my window", "criminal_damage")
    await ours.save(tracker_with(first))
    await rasas.save(tracker_with(first + second))
    await ours.save(tracker_with(first + second + [BotUttered("anything else?")]))

    by_rasa = await rasas.retrieve("citizen-7")
    by_us = await ours.retrieve("citizen-7")

    assert [e.as_dict() for e in by_us.events] == [e.as_dict() for e in by_rasa.events]
    assert by_us.latest_bot_utterance.text == "anything else?"


async def test_a_conversation_just_saved_is_served_from_memory(tracker_db_url):
    store = FastSQLTrackerStore(DOMAIN, host=tracker_db_url)
    saved = tracker_with(session(1000.0, "my bike was nicked", "theft"))
    await store.save(saved)

    assert await store.retrieve("citizen-7") is saved


async def test_what_another_server_added_is_never_missed(tracker_db_url):
    here = FastSQLTrackerStore(DOMAIN, host=tracker_db_url)
    elsewhere = FastSQLTrackerStore(DOMAIN, host=tracker_db_url)
    events = session(1000.0, "my bike was nicked", "theft")
    await here.save(tracker_with(events))
    await elsewhere.save(tracker_with(events + [SlotSet("crime_type", "burglary")]))

    latest = await here.retrieve("citizen-7")

    assert latest.get_slot("crime_type") == "burglary"


async def test_a_turn_that_failed_before_saving_leaves_no_trace(tracker_db_url):
    store = FastSQLTrackerStore(DOMAIN, host=tracker_db_url)
    await store.save(tracker_with(session(1000.0, "my bike was nicked", "theft")))
    failed_turn = await store.retrieve("citizen-7")
    failed_turn.update(SlotSet("crime_type", "fraud"))

    again = await store.retrieve("citizen-7")

    assert again is not failed_turn
    assert again.get_slot("crime_type") == "theft"


async def test_a_new_session_is_read_back_on_its_own(tracker_db_url):
    store = FastSQLTrackerStore(DOMAIN, host=tracker_db_url)
    first = session(1000.0, "my bike was nicked", "theft")
    await store.save(tracker_with(first))
    turn = await store.retrieve("citizen-7")
    for event in session(5000.0, "someone smashed my window", "criminal_damage"):
        turn.update(event)
    await store.save(turn)

    latest = await store.retrieve("citizen-7")

    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == [
        "someone smashed my window"
    ]
