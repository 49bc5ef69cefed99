"""Safety advice chosen from the menu buttons, or asked in the middle of a form.

Questions typed in free text are answered by Rasa's own `utter_advice` from
the response selector; this action serves the buttons, which name a topic.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


def chosen_topic(tracker: Tracker) -> str | None:
    """The topic a menu button chose ("menu" or an unknown name means none)."""
    topic = next(tracker.get_latest_entity_values("advice_topic"), None)
    return str(topic) if topic else None


# How a question starts, so "is this a 999 thing" is asked but "laptop and
# rings" (which the classifier may also read as advice) is an answer.
_QUESTION = re.compile(
    r"\?\s*$|^\s*(?:how|what|whats|where|when|who|why|should|shall|can|could|"
    r"is|are|am|do|does|did|will|would|any|tips|advice)\b",
    re.IGNORECASE,
)


def asked_topic(tracker: Tracker) -> str | None:
    """The advice topic of the latest message, when it is a question about one."""
    latest = tracker.latest_message or {}
    if (latest.get("intent") or {}).get("name") != "advice":
        return None
    if not _QUESTION.search(latest.get("text") or ""):
        return None
    selector = (latest.get("response_selector") or {}).get("advice") or {}
    key = (selector.get("response") or {}).get("intent_response_key") or ""
    return key.partition("/")[2] or None


class ActionGiveAdvice(Action):
    """Answers with the chosen topic's advice response (text lives in data)."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_give_advice"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """One advice answer, or the topic menu when no known topic was chosen."""
        topic = chosen_topic(tracker)
        response = f"utter_advice/{topic}"
        if topic and response in domain.get("responses", {}):
            dispatcher.utter_message(response=response)
        else:
            dispatcher.utter_message(response="utter_advice_menu")
        return []
