"""The action server's handles on the application database, built on first use.

One engine per action-server process, from configuration read when the first
action needs it, shared by the handoff queue, reports and case tracking.
"""

from __future__ import annotations

from functools import lru_cache

from bot.case_tracking import CaseTracker
from bot.handoff import HandoffQueue
from bot.report_store import ReportStore
from bot.settings import Settings
from bot.storage import Database


@lru_cache(maxsize=1)
def database() -> Database:
    """Connects once and brings the schema up to date."""
    opened = Database(Settings.from_env().database_url)
    opened.create_schema()
    return opened


def handoff_queue() -> HandoffQueue:
    """Conversations waiting for a person."""
    return HandoffQueue(database())


def report_store() -> ReportStore:
    """Submitted crime reports."""
    return ReportStore(database())


def case_tracker() -> CaseTracker:
    """Verified status checks, with their lockout."""
    return CaseTracker(database())
