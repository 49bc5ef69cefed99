"""Out of hours: a call back at a time that is safe for the citizen.

The offer comes from `hand_off` when no handler is on duty; a yes starts
`callback_form` (data/rules/handoff.yml), and the request joins the queue for
the next handler, with the number and the safe time.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answer_parsing import parse_phone, tidy
from actions.handoff import ASKED_FOR_PERSON, CALLBACK, queue_for_handler
from bot.handoff import Priority

# Long enough for "weekday mornings before 9 or after 6pm when he's at work".
MAX_TIME_ANSWER = 200


class ValidateCallbackForm(FormValidationAction):
    """Checks the call-back number and the safe time."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "validate_callback_form"

    async def validate_callback_phone(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """A UK number, kept in E.164 so a handler can dial it as written."""
        phone = parse_phone(tidy(value))
        if phone is None:
            dispatcher.utter_message(response="utter_invalid_callback_phone")
        return {"callback_phone": phone}

    async def validate_callback_time(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Any few words will do; "any time" is an answer too."""
        text = tidy(value)
        if not text or len(text) > MAX_TIME_ANSWER:
            dispatcher.utter_message(response="utter_invalid_callback_time")
            return {"callback_time": None}
        return {"callback_time": text}


class ActionOfferCallback(Action):
    """No handler on duty: say when they are back and offer a call back."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_offer_callback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """The offer's yes starts `callback_form` (see data/rules/handoff.yml)."""
        dispatcher.utter_message(
            response="utter_offer_callback",
            opening=tracker.get_slot("handler_opening"),
        )
        return []


class ActionQueueCallback(Action):
    """Queues a call back, with the number and safe time, for the next handler."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_queue_callback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """The request keeps the original reason, so handlers can prioritise."""
        reason = tracker.get_slot("handoff_reason") or ASKED_FOR_PERSON
        queued = queue_for_handler(
            tracker,
            Priority.P3,
            CALLBACK,
            callback_for=reason,
            callback_phone=tracker.get_slot("callback_phone"),
            callback_time=tracker.get_slot("callback_time"),
        )
        if queued is None:
            dispatcher.utter_message(response="utter_handoff_unavailable")
        else:
            dispatcher.utter_message(
                response="utter_callback_queued",
                opening=tracker.get_slot("handler_opening"),
            )
        return []
