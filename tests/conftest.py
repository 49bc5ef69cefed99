"""Shared fixtures: a fresh database per test, and trackers built from events."""

import os
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.queue import handoff_queue
from bot.storage import Base, Database


@pytest.fixture
def database_url(tmp_path, monkeypatch) -> str:
    """Points the action server's queue at an empty SQLite file for this test."""
    url = f"sqlite:///{tmp_path / 'assistant.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    handoff_queue.cache_clear()
    yield url
    handoff_queue.cache_clear()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, database_url, monkeypatch) -> Database:
    """The application database on SQLite, and on PostgreSQL when one answers."""
    if request.param == "postgresql":
        url = os.environ.get("TEST_POSTGRES_URL")
        if not url:
            pytest.skip(
                "no PostgreSQL: set TEST_POSTGRES_URL (.ci/run does when one answers)"
            )
        monkeypatch.setenv("DATABASE_URL", url)
        handoff_queue.cache_clear()
        db = Database(url)
        Base.metadata.drop_all(db.engine)
    else:
        db = Database(database_url)
    db.create_schema()
    yield db
    db.engine.dispose()


def user_event(
    intent: str,
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    ranking: list[dict[str, Any]] | None = None,
    response_selector: dict[str, Any] | None = None,
    channel: str = "rest",
) -> dict[str, Any]:
    parse_data = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
    }
    if response_selector is not None:
        parse_data["response_selector"] = response_selector
    return {
        "event": "user",
        "text": text,
        "parse_data": parse_data,
        "input_channel": channel,
    }


def action_event(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def make_tracker(
    events: list[dict[str, Any]],
    slots: dict[str, Any] | None = None,
    sender_id: str = "citizen-1",
    active_loop: str | None = None,
) -> Tracker:
    latest = next(
        (e["parse_data"] for e in reversed(events) if e["event"] == "user"), {}
    )
    return Tracker(
        sender_id,
        slots or {},
        latest,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )
