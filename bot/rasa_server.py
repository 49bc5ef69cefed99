"""Runs Rasa's command line with two changes to Rasa 3.6's message processing.

Danger now is answered even while a call handler has the conversation: Rasa
stays silent in a paused conversation, but the 999 instruction must reach the
citizen whatever the conversation is doing (the contract), and the urgent
handoff raises the handler's request to P1.

And one measured hot spot is removed:
Rasa checks every action-server reply with `jsonschema.validate`, which first
re-checks the constant reply schema itself against the JSON Schema metaschema:
about 22 ms per reply on a 2-core machine, more than the rest of a form turn.
Here the schema is compiled once; replies are validated exactly as strictly,
with Rasa's own error message. Start the server with `python -m bot.rasa_server
run ...` wherever `python -m rasa run ...` would be used.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

EMERGENCY = "emergency"
_rasa_should_handle_message = MessageProcessor._should_handle_message


@lru_cache(maxsize=1)
def _reply_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_reply(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's `RemoteAction._validate_action_result`, with the schema compiled once."""
    try:
        _reply_validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure "
            "your response from the Action endpoint is valid."
        )
        raise
    return True


def should_handle_message(tracker: DialogueStateTracker) -> bool:
    """Rasa's check, except that an emergency is answered in a paused conversation."""
    latest = tracker.latest_message
    return _rasa_should_handle_message(tracker) or (
        latest is not None and latest.intent.get("name") == EMERGENCY
    )


def main() -> None:
    """Rasa's own entry point, after swapping in the two changes above."""
    from rasa.__main__ import main as rasa_main

    RemoteAction._validate_action_result = validate_action_reply
    MessageProcessor._should_handle_message = staticmethod(should_handle_message)
    rasa_main()


if __name__ == "__main__":
    main()
