"""What a call handler needs to see when a conversation reaches them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

# Intents that make a conversation urgent (P1) for a call handler.
URGENT_INTENTS = ("emergency", "safeguarding_concern")


def intent_history(tracker: Tracker) -> list[str]:
    """Intents of the citizen's messages in this conversation, oldest first."""
    return [
        event["parse_data"]["intent"]["name"]
        for event in tracker.events
        if event.get("event") == "user"
        and (event.get("parse_data") or {}).get("intent")
    ]


def handoff_summary(tracker: Tracker) -> dict[str, Any]:
    """Intent history, captured slots and risk flags; no message text."""
    intents = intent_history(tracker)
    slots = {
        name: value
        for name, value in tracker.current_slot_values().items()
        if value is not None and name != "requested_slot"
    }
    return {
        "intents": intents,
        "slots": slots,
        "risk_flags": sorted({i for i in intents if i in URGENT_INTENTS}),
    }


def channel_of(tracker: Tracker) -> str:
    """The input channel of the latest message ('rest', 'socketio', ...)."""
    return tracker.get_latest_input_channel() or "unknown"
