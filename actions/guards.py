"""Overrides of Rasa's built-in /restart and /back, which a citizen could type.

Typed as text they would wipe or rewind the conversation and lose what the
citizen has already told us, so here they only explain how to cancel.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


class ActionRestart(Action):
    """Replaces the built-in restart: nothing captured is thrown away."""

    def name(self) -> str:
        """The built-in action's name, so this one is used instead."""
        return "action_restart"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """Explains how to cancel instead of restarting."""
        dispatcher.utter_message(response="utter_cannot_restart")
        return []


class ActionBack(ActionRestart):
    """Replaces the built-in back action, which would rewind the conversation."""

    def name(self) -> str:
        """The built-in action's name, so this one is used instead."""
        return "action_back"
