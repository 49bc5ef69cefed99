"""The emergency path: after the 999 instruction, queue an urgent handoff."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.stores import handoff_queue
from actions.summary import channel_of, handoff_summary
from bot.handoff import Priority

logger = logging.getLogger(__name__)


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
        try:
            handoff_queue().request(
                tracker.sender_id,
                channel_of(tracker),
                Priority.P1,
                "emergency",
                handoff_summary(tracker),
            )
        except (SQLAlchemyError, OSError) as error:
            # The error text can quote stored values: its detail goes to DEBUG only.
            logger.error("could not queue urgent handoff: %s", type(error).__name__)
            logger.debug("queueing failed", exc_info=True)
        # Leave any form: someone in danger must not be asked the next question.
        # Slots already captured are kept.
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
