"""The action server's one handle on the handoff queue, built on first use."""

from __future__ import annotations

from functools import lru_cache

from bot.handoff import HandoffQueue
from bot.settings import Settings
from bot.storage import Database


@lru_cache(maxsize=1)
def handoff_queue() -> HandoffQueue:
    """Connects to the configured database once per action-server process."""
    database = Database(Settings.from_env().database_url)
    database.create_schema()
    return HandoffQueue(database)
