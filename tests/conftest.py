"""Shared fixtures: a fresh database per test, trackers built from events, reports."""

import os
import subprocess
import sys
from datetime import datetime, timezone
from typing import Any

import pytest
from argon2 import PasswordHasher
from rasa_sdk import Tracker
from sqlalchemy import MetaData

from actions import stores
from bot.console.users import UserStore
from bot.report_store import ReportSubmission
from bot.settings import PROJECT_ROOT
from bot.storage import Database


@pytest.fixture
def database_url(tmp_path, monkeypatch) -> str:
    """Points the action server's stores at an empty SQLite file for this test."""
    url = f"sqlite:///{tmp_path / 'assistant.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    forget_action_server_databases()
    yield url
    forget_action_server_databases()


def forget_action_server_databases() -> None:
    """The action server connects once per process; each test connects afresh."""
    if stores.database.cache_info().currsize:
        stores.database().engine.dispose()
    stores.database.cache_clear()


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
        forget_action_server_databases()
        db = Database(url)
        drop_every_table(db)
    else:
        db = Database(database_url)
    db.create_schema()
    yield db
    db.engine.dispose()


def cheap_hasher() -> PasswordHasher:
    """Real Argon2id with the least work it allows, so tests that sign in are quick."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def user_store(database) -> UserStore:
    """Console accounts in the test database, hashed cheaply."""
    return UserStore(database, hasher=cheap_hasher())


def drop_every_table(database: Database) -> None:
    """Empties the database, migration history (alembic_version) included."""
    tables = MetaData()
    tables.reflect(database.engine)
    tables.drop_all(database.engine)


def report_submission(**answers: Any) -> ReportSubmission:
    """A complete theft report; keyword arguments replace its answers."""
    defaults: dict[str, Any] = {
        "conversation_id": "citizen-1",
        "channel": "rest",
        "crime_type": "theft",
        "incident_description": "my bike was taken from outside the shop",
        "incident_start": datetime(2026, 11, 27, 22, 0, tzinfo=timezone.utc),
        "incident_end": None,
        "incident_over_a_year": False,
        "incident_location": "outside Tesco on the High Street, SW1A 1AA",
        "incident_postcode": "SW1A 1AA",
        "victim_name": "Siân O'Brien",
        "victim_surname": "O'Brien",
        "contact_phone": "+447700900123",
        "contact_method": "phone",
        "safe_contact_times": "any time",
        "injury": "none",
        "stolen_property": "red mountain bike",
        "property_value": 300,
    }
    return ReportSubmission(**{**defaults, **answers})


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


def run_bot_command(
    *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess:
    """`python -m bot ARGS` in a child process, as staff run it; env adds settings."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
