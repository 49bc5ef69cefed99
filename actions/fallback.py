"""Two-stage fallback: suggest the closest options, then hand over to a person."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import MISUNDERSTOOD, hand_off
from bot.handoff import Priority

TITLES_FILE = Path(__file__).with_name("suggestion_titles.yml")
MAX_SUGGESTIONS = 3
# Candidates the classifier gives almost no weight are noise, not suggestions.
MIN_SUGGESTION_CONFIDENCE = 0.05


@lru_cache(maxsize=1)
def suggestion_titles() -> dict[str, dict[str, Any]]:
    """Button titles per intent and per advice topic, from data."""
    return yaml.safe_load(TITLES_FILE.read_text(encoding="utf-8"))


def previous_bot_action(tracker: Tracker) -> str:
    """The last action before the citizen's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "action":
            if event.get("name") != "action_listen":
                return str(event.get("name"))
    return ""


def suggestions(tracker: Tracker) -> list[dict[str, str]]:
    """Buttons for the likeliest meanings of the latest message."""
    titles = suggestion_titles()
    latest = tracker.latest_message
    buttons: list[dict[str, str]] = []
    for ranked in latest.get("intent_ranking") or []:
        name, confidence = ranked.get("name"), ranked.get("confidence") or 0.0
        if confidence < MIN_SUGGESTION_CONFIDENCE:
            continue
        if name == "advice":
            buttons.extend(_advice_suggestions(latest, titles["advice_topics"]))
        elif name in titles["intents"]:
            buttons.append(dict(titles["intents"][name]))
    return buttons[:MAX_SUGGESTIONS]


def _advice_suggestions(
    latest: dict[str, Any], topics: dict[str, str]
) -> list[dict[str, str]]:
    selector = (latest.get("response_selector") or {}).get("advice") or {}
    buttons = []
    for ranked in (selector.get("ranking") or [])[:2]:
        topic = str(ranked.get("intent_response_key", "")).partition("/")[2]
        if topic in topics:
            buttons.append(
                {
                    "title": topics[topic],
                    "payload": f'/advice{{"advice_topic": "{topic}"}}',
                }
            )
    return buttons


class ActionClarify(Action):
    """First misunderstanding: closest options. Second in a row: queue a person."""

    def name(self) -> str:
        """Action name used in the domain, rules and as the core fallback."""
        return "action_clarify"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """Chooses the stage from what the bot did just before."""
        if previous_bot_action(tracker) == self.name():
            dispatcher.utter_message(response="utter_handing_off_misunderstood")
            return hand_off(dispatcher, tracker, Priority.P3, MISUNDERSTOOD)
        buttons = suggestions(tracker)
        if not buttons:
            dispatcher.utter_message(response="utter_clarify_menu")
            return []
        buttons.append({"title": "Something else", "payload": "/greet"})
        dispatcher.utter_message(response="utter_clarify", buttons=buttons)
        return []
