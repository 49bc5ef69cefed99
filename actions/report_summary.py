"""The last question of the report: every answer shown back before it is sent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.report_fields import (
    CONTACT_METHOD_LABELS,
    CRIME_TYPE_LABELS,
    FIELDS_BY_SLOT,
    INJURY_LABELS,
    NOT_GIVEN,
    content_slots,
)

_VALUE_LABELS = {
    "crime_type": CRIME_TYPE_LABELS,
    "injury": INJURY_LABELS,
    "contact_method": CONTACT_METHOD_LABELS,
}


def display_value(slot: str, value: Any) -> str:
    """An answer as the citizen reads it: "Yes", "£1,200", "Text message"."""
    if value == NOT_GIVEN:
        return NOT_GIVEN
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if slot == "property_value":
        return f"£{value:,}"
    return _VALUE_LABELS.get(slot, {}).get(value, str(value))


def report_summary(slots: Mapping[str, Any]) -> str:
    """One "Label: answer" line per answered question, in the order asked."""
    return "\n".join(
        f"{FIELDS_BY_SLOT[slot].label}: {display_value(slot, slots[slot])}"
        for slot in content_slots(slots)
    )


class ActionAskReportConfirmed(Action):
    """Asks for `report_confirmed` by showing the report with send/change/cancel."""

    def name(self) -> str:
        """The form asks for `report_confirmed` with this action."""
        return "action_ask_report_confirmed"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """The buttons live with the response text in the domain."""
        dispatcher.utter_message(
            response="utter_report_summary",
            summary=report_summary(tracker.current_slot_values()),
        )
        return []
