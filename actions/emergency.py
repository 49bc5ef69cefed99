"""The emergency path: after the 999 instruction, queue an urgent handoff."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import EMERGENCY, queue_for_handler
from bot.handoff import Priority


class ActionHandleEmergency(Action):
    """Queues an urgent handoff (P1) and leaves any form.

    The 999 instruction itself is a rule step before this action, so it is sent
    even when this action server or its database cannot be reached.
    """

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_handle_emergency"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """A storage fault is logged, never shown: the citizen already has 999."""
        queue_for_handler(tracker, Priority.P1, EMERGENCY)
        # Leave any form: someone in danger must not be asked the next question.
        # Slots already captured are kept.
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
