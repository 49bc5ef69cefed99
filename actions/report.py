"""Forgetting a report's answers, or picking a report up again after an interruption."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.report_fields import DERIVED_SLOTS, REPORT_FIELDS

REPORT_SLOTS = (
    *(field.slot for field in REPORT_FIELDS),
    *(slot for derived in DERIVED_SLOTS.values() for slot in derived),
    "failed_attempts",
)


def reset_report_events() -> list[EventType]:
    """Leaves the form and clears every answer, so the next report starts afresh."""
    return [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        *(SlotSet(slot, None) for slot in REPORT_SLOTS),
    ]


class ActionResetReport(Action):
    """Discards a report the citizen chose to stop: nothing of it is kept."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_reset_report"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """Clears the report slots and leaves the form."""
        return reset_report_events()


class ActionResumeReport(Action):
    """After an emergency message the citizen says they are safe: carry on.

    The emergency path leaves the form but keeps its answers, so a report
    interrupted by a false alarm goes on from the question it was at.
    """

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_resume_report"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """Restarts the form only when a report was under way."""
        started = any(tracker.get_slot(slot) is not None for slot in REPORT_SLOTS)
        return [FollowupAction("report_form")] if started else []
