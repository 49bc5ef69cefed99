"""Safety advice chosen from the menu buttons.

Questions typed in free text are answered by Rasa's own `utter_advice` from
the response selector; this action serves the buttons, which name a topic.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


def chosen_topic(tracker: Tracker) -> str | None:
    """The topic a menu button chose ("menu" or an unknown name means none)."""
    topic = next(tracker.get_latest_entity_values("advice_topic"), None)
    return str(topic) if topic else None


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
