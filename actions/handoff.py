"""The citizen asks for a person: queue the conversation and say where they stand."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.stores import handoff_queue
from actions.summary import URGENT_INTENTS, channel_of, handoff_summary
from bot.handoff import Priority

logger = logging.getLogger(__name__)


class ActionRequestHuman(Action):
    """Queues a handoff: P1 after danger or a safeguarding disclosure, else P3."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_request_human"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """Records the request once per conversation and reports the queue position."""
        summary = handoff_summary(tracker)
        urgent = any(intent in URGENT_INTENTS for intent in summary["intents"])
        priority = Priority.P1 if urgent else Priority.P3
        reason = "safeguarding" if urgent else "citizen asked for a person"
        try:
            queue = handoff_queue()
            request = queue.request(
                tracker.sender_id, channel_of(tracker), priority, reason, summary
            )
            position = queue.position(request)
        except (SQLAlchemyError, OSError) as error:
            # The error text can quote stored values: its detail goes to DEBUG only.
            logger.error("could not queue handoff: %s", type(error).__name__)
            logger.debug("queueing failed", exc_info=True)
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return []
        dispatcher.utter_message(response="utter_handoff_queued", position=position)
        return []
