"""The kept fold gives Rasa's applied events after every event of a conversation.

Conversations are drawn at random (seeded, so a failure repeats) from the
events that change what is applied: forms activated, run, rejected and
deactivated, utterances and actions taken back, restarts and new sessions,
a loop whose name first appears after it has already run, and old events
dropped from a conversation with a limited history.
"""

import random

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.applied_events import applied_events

rasas_applied_events = DialogueStateTracker.applied_events

EVENT_MAKERS = [
    lambda: UserUttered("text", {"name": "inform", "confidence": 0.9}),
    lambda: ActionExecuted("action_listen"),
    lambda: ActionExecuted("utter_greet"),
    lambda: ActionExecuted("report_form"),
    lambda: ActionExecuted("track_case_form"),
    lambda: ActiveLoop("report_form"),
    lambda: ActiveLoop("track_case_form"),
    lambda: ActiveLoop(None),
    lambda: ActionExecutionRejected("report_form"),
    lambda: SlotSet("crime_type", "theft"),
    lambda: UserUtteranceReverted(),
    lambda: ActionReverted(),
    lambda: Restarted(),
    lambda: SessionStarted(),
]


def random_conversation(seed: int, length: int = 80) -> list:
    chooser = random.Random(seed)
    return [chooser.choice(EVENT_MAKERS)() for _ in range(length)]


@pytest.mark.parametrize("seed", range(60))
def test_matches_rasa_after_every_event(seed):
    # Odd seeds keep only the latest 25 events, as Rasa's `max_event_history`
    # does: the oldest drop off, so what was folded is no longer the start.
    history = 25 if seed % 2 else None
    tracker = DialogueStateTracker(f"citizen-{seed}", [], max_event_history=history)
    for number, event in enumerate(random_conversation(seed)):
        tracker.update(event)

        assert applied_events(tracker) == rasas_applied_events(
            tracker
        ), f"seed {seed}, event {number}: {event}"


def test_a_loop_named_late_refolds_the_events_before_it():
    tracker = DialogueStateTracker("citizen", [])
    for event in [
        ActionExecuted("report_form"),
        UserUttered("text", {"name": "inform"}),
        ActionExecuted("report_form"),
    ]:
        tracker.update(event)
    before_activation = applied_events(tracker)
    tracker.update(ActiveLoop("report_form"))

    assert applied_events(tracker) == rasas_applied_events(tracker)
    assert len(applied_events(tracker)) < len(before_activation) + 1


def test_callers_may_change_the_list_they_get():
    tracker = DialogueStateTracker.from_events("citizen", random_conversation(seed=3))
    applied_events(tracker).clear()

    assert applied_events(tracker) == rasas_applied_events(tracker)
