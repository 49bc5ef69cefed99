"""The start of the report journey (the full report form comes with case storage)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

REPORT_SLOTS = ("crime_type",)


class ActionResetReport(Action):
    """Forgets the report's answers, so a stopped or finished report starts afresh."""

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
        events: list[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None)]
        return events + [SlotSet(slot, None) for slot in REPORT_SLOTS]
