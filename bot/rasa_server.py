"""Runs Rasa's command line with six changes to Rasa 3.6's message processing.

Danger now is answered even while a call handler has the conversation: Rasa
stays silent in a paused conversation, but the 999 instruction must reach the
citizen whatever the conversation is doing (the contract), and the urgent
handoff raises the handler's request to P1.

And five measured hot spots are removed. The rule policy's dialogue states
are built once per event rather than replayed from the conversation's start
for every prediction (`bot.dialogue_states`), and so are the applied events
(what is left once reverted turns are undone) that a dozen steps of every turn
ask for (`bot.applied_events`). Understanding a message (the NLU graph)
leaves the event loop that serves every conversation, where under load each
parse made all other conversations wait: it goes to the NLU process when
`NLU_SERVER_URL` names one (`bot.remote_nlu`), and otherwise, or whenever that
process does not answer, runs here on a thread of its own, where the language
model's work, which releases the interpreter lock, overlaps the rest of Rasa's
turn. And every action-server reply is checked as strictly as Rasa checks it,
but against a schema compiled once, each event against its own kind only
(`bot.action_reply`); and the conversation sent with each action call is
written by ujson (`bot.endpoint_session`).

Start the server with `python -m bot.rasa_server run ...` wherever `python -m
rasa run ...` would be used.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from functools import lru_cache
from typing import Any, TypeVar

from rasa.core.actions.action import RemoteAction
from rasa.core.channels import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.action_reply import validate_action_reply
from bot.applied_events import applied_events
from bot.dialogue_states import states_for_tracker_history
from bot.endpoint_session import endpoint_session
from bot.remote_nlu import configured_parser

EMERGENCY = "emergency"
_rasa_should_handle_message = MessageProcessor._should_handle_message
_rasa_parse_message = MessageProcessor.parse_message
T = TypeVar("T")


class WorkerLoop:
    """An event loop on a thread of its own, for work that would block the main one."""

    def __init__(self, name: str) -> None:
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name=name, daemon=True).start()

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Runs `work` on the worker's loop while the caller's loop serves others."""
        return await asyncio.wrap_future(
            asyncio.run_coroutine_threadsafe(work, self._loop)
        )


@lru_cache(maxsize=1)
def _nlu_worker() -> WorkerLoop:
    return WorkerLoop("nlu")


async def parse_message_off_the_loop(
    processor: MessageProcessor,
    message: UserMessage,
    tracker: DialogueStateTracker | None = None,
    only_output_properties: bool = True,
) -> dict[str, Any]:
    """Rasa's `parse_message`, done by the NLU process or else on the NLU thread."""
    remote = configured_parser()
    parsed = None
    if remote is not None and message.text and only_output_properties:
        parsed = await remote.parse(message.text)
    if parsed is not None:
        # The NLU process ran Rasa's `parse_message`; only this model's check
        # against its own domain is left.
        processor._check_for_unseen_features(parsed)
        return parsed
    return await _nlu_worker().run(
        _rasa_parse_message(processor, message, tracker, only_output_properties)
    )


def should_handle_message(tracker: DialogueStateTracker) -> bool:
    """Rasa's check, except that an emergency is answered in a paused conversation."""
    latest = tracker.latest_message
    return _rasa_should_handle_message(tracker) or (
        latest is not None and latest.intent.get("name") == EMERGENCY
    )


def main() -> None:
    """Rasa's own entry point, after swapping in the changes above."""
    from rasa.__main__ import main as rasa_main

    RemoteAction._validate_action_result = validate_action_reply
    MessageProcessor._should_handle_message = staticmethod(should_handle_message)
    MessageProcessor.parse_message = parse_message_off_the_loop
    Domain.states_for_tracker_history = states_for_tracker_history
    DialogueStateTracker.applied_events = applied_events
    EndpointConfig.session = endpoint_session
    rasa_main()


if __name__ == "__main__":
    main()
