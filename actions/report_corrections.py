"""Changing an answer part-way through a report ("actually it was Tuesday").

The new value goes through the form's own validator, so a corrected answer is
read and checked exactly as a first answer is. When the message does not say
which answer, the citizen picks it from buttons; a picked answer is cleared so
the form asks it again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.report_fields import (
    DERIVED_SLOTS,
    FIELDS_BY_SLOT,
    PROCESS_SLOTS,
    applicable_slots,
    content_slots,
)
from actions.report_form import ValidateReportForm, uk_now
from actions.report_summary import display_value

# Entities that both say which answer is corrected and carry its new value.
ENTITY_SLOTS = {
    "date": "incident_date",
    "postcode": "incident_location",
    "phone": "contact_phone",
    "email": "contact_email",
    "vehicle_registration": "vehicle_registration",
}


def changeable_slots(slots: Mapping[str, Any]) -> list[str]:
    """Questions of this report whose answer the citizen may change."""
    return [slot for slot in applicable_slots(slots) if slot not in PROCESS_SLOTS]


def cleared(slot: str) -> dict[str, None]:
    """The answer, what was worked out from it, and the confirmation it voids."""
    return {
        slot: None,
        **{derived: None for derived in DERIVED_SLOTS.get(slot, ())},
        "report_confirmed": None,
    }


class ActionCorrectReportAnswer(Action):
    """Changes the answer the citizen names, or asks which one to change."""

    def __init__(self, clock: Callable[[], datetime] = uk_now) -> None:
        self._validator = ValidateReportForm(clock)

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_correct_report_answer"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """A picked answer is cleared; a new value is validated and kept."""
        changeable = changeable_slots(tracker.current_slot_values())
        picked = next(tracker.get_latest_entity_values("report_field"), None)
        # "Try again" after three failures names the question being asked, which
        # may be one not otherwise offered for change (the declaration).
        if picked and picked in {*changeable, tracker.get_slot("requested_slot")}:
            return [SlotSet(slot, value) for slot, value in cleared(picked).items()]
        for entity in tracker.latest_message.get("entities") or []:
            slot = ENTITY_SLOTS.get(entity.get("entity"))
            if slot in changeable:
                new_value = entity.get("text") or entity.get("value")
                return await self._change(slot, new_value, dispatcher, tracker, domain)
        self._ask_which(dispatcher, tracker)
        return []

    async def _change(
        self,
        slot: str,
        new_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        validate = getattr(self._validator, f"validate_{slot}")
        answer = await validate(new_value, dispatcher, tracker, domain)
        if answer[slot] is not None:
            dispatcher.utter_message(
                response="utter_answer_changed",
                field=FIELDS_BY_SLOT[slot].label,
                value=display_value(slot, answer[slot]),
            )
        # A rejected value leaves the question empty, so the form asks it again.
        return [
            SlotSet(name, value) for name, value in {**cleared(slot), **answer}.items()
        ]

    @staticmethod
    def _ask_which(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        buttons = [
            {
                "title": FIELDS_BY_SLOT[slot].label,
                "payload": f'/correct_answer{{"report_field": "{slot}"}}',
            }
            for slot in content_slots(tracker.current_slot_values())
        ]
        dispatcher.utter_message(response="utter_ask_which_answer", buttons=buttons)
