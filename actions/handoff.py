"""Handing a conversation to a person: queue it, and tell the citizen what happens next.

Every trigger (an emergency, a safeguarding disclosure, a report needing urgent
review, a request for a person, repeated misunderstandings or failed answers)
goes through `hand_off`, so the citizen always hears the same things: where
they are in the queue and roughly how long, or, when no handler is on duty,
an offer of a call back at a safe time.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.stores import handoff_queue
from actions.summary import URGENT_INTENTS, channel_of, handoff_summary
from bot.handoff import Priority
from bot.opening_hours import OpeningHours, describe_opening
from bot.settings import Settings
from bot.storage import utcnow

logger = logging.getLogger(__name__)

# Why a conversation was handed off: shown to handlers, stored in the queue.
ASKED_FOR_PERSON = "citizen asked for a person"
SAFEGUARDING = "safeguarding"
MISUNDERSTOOD = "misunderstood twice"
FAILED_ANSWERS = "three failed answers"
CALLBACK = "call back requested"
URGENT_REVIEW = "report flagged for urgent review"
EMERGENCY = "emergency"


def hand_off(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    priority: Priority,
    reason: str,
    offer_callback: bool = True,
    now: datetime | None = None,
) -> list[EventType]:
    """Queues the conversation and tells the citizen their place and wait.

    Outside opening hours only P1 is queued. Anything less urgent is offered a
    call back instead, through `action_offer_callback`, or, where a question
    is still open (a form), just told when handlers are back.
    """
    settings = Settings.from_env()
    hours = OpeningHours.parse(settings.handler_hours)
    now = now or utcnow()
    if priority is not Priority.P1 and not hours.is_open(now):
        opening = describe_opening(hours.next_opening(now))
        if not offer_callback:
            dispatcher.utter_message(
                response="utter_handlers_off_duty", opening=opening
            )
            return []
        return [
            SlotSet("handoff_reason", reason),
            SlotSet("handler_opening", opening),
            FollowupAction("action_offer_callback"),
        ]
    position = queue_for_handler(tracker, priority, reason)
    if position is None:
        dispatcher.utter_message(response="utter_handoff_unavailable")
    else:
        dispatcher.utter_message(
            response="utter_handoff_queued",
            position=position,
            minutes=position * settings.minutes_per_handoff,
        )
    return []


def queue_for_handler(
    tracker: Tracker,
    priority: Priority,
    reason: str,
    **extra_summary: Any,
) -> int | None:
    """Queues the conversation; its place in the queue, or None if storage failed."""
    summary = {**handoff_summary(tracker), **extra_summary}
    try:
        queue = handoff_queue()
        request = queue.request(
            tracker.sender_id, channel_of(tracker), priority, reason, summary
        )
        return queue.position(request)
    except (SQLAlchemyError, OSError) as error:
        # The error text can quote stored values: its detail goes to DEBUG only.
        logger.error("could not queue handoff: %s", type(error).__name__)
        logger.debug("queueing failed", exc_info=True)
        return None


class ActionRequestHuman(Action):
    """The citizen asked for a person: P1 after a safeguarding disclosure, else P3."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_request_human"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """Queues once per conversation; a disclosure makes it urgent."""
        disclosed = any(
            intent in URGENT_INTENTS for intent in handoff_summary(tracker)["intents"]
        )
        if disclosed:
            return hand_off(dispatcher, tracker, Priority.P1, SAFEGUARDING)
        return hand_off(dispatcher, tracker, Priority.P3, ASKED_FOR_PERSON)


class ActionStopWaiting(Action):
    """'Stop' outside a form: leave the queue if waiting, else nothing to stop."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_stop_waiting"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """A storage fault leaves the request queued: a person may still join."""
        try:
            cancelled = handoff_queue().cancel_waiting(tracker.sender_id)
        except (SQLAlchemyError, OSError) as error:
            logger.error("could not leave the queue: %s", type(error).__name__)
            cancelled = False
        if cancelled:
            dispatcher.utter_message(response="utter_stopped_waiting")
        else:
            dispatcher.utter_message(response="utter_nothing_to_stop")
        return []
