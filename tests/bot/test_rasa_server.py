"""Rasa's message processing as changed here: danger now and the NLU worker."""

import asyncio
import threading
import time

import pytest
from rasa.shared.core.events import ConversationPaused, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_server import WorkerLoop, should_handle_message


def tracker_after(intent: str, paused: bool) -> DialogueStateTracker:
    events = [ConversationPaused()] if paused else []
    events.append(UserUttered("text", intent={"name": intent, "confidence": 0.9}))
    return DialogueStateTracker.from_events("citizen", events)


@pytest.mark.parametrize(
    ("intent", "paused", "handled"),
    [
        ("greet", False, True),
        ("greet", True, False),
        ("emergency", True, True),
        ("emergency", False, True),
    ],
)
def test_only_danger_now_breaks_a_handlers_silence(intent, paused, handled):
    assert should_handle_message(tracker_after(intent, paused)) is handled


def test_blocking_work_on_the_worker_loop_leaves_the_callers_loop_free():
    """A slow parse must not stall every other conversation's turn."""
    worker = WorkerLoop("nlu-test")
    ticks: list[float] = []

    async def slow_parse() -> tuple[str, float]:
        time.sleep(0.3)  # the NLU graph blocks its thread like this
        return threading.current_thread().name, time.monotonic()

    async def other_conversations() -> None:
        for _ in range(5):
            ticks.append(time.monotonic())
            await asyncio.sleep(0.02)

    async def both() -> tuple[str, float]:
        parsed, _ = await asyncio.gather(
            worker.run(slow_parse()), other_conversations()
        )
        return parsed

    ran_on, parse_ended = asyncio.run(both())

    assert ran_on == "nlu-test"
    assert len(ticks) == 5 and max(ticks) < parse_ended


def test_an_error_in_the_worker_reaches_the_caller():
    async def failing() -> None:
        raise ValueError("bad message")

    with pytest.raises(ValueError, match="bad message"):
        asyncio.run(WorkerLoop("nlu-test").run(failing()))
