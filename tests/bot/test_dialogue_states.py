"""The rule policy sees exactly the states Rasa's own replay gives, turn after turn.

The conversation below walks the project's real domain through what changes
the replayed history: a form with slots, an utterance taken back, an action
taken back, a restart and a new session. After every event both of the rule
policy's views (by text and by intent) must match Rasa's, however the kept
replays were used before.
"""

import copy
from pathlib import Path

import pytest
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue_states import DialogueStates, states_for_tracker_history

DOMAIN_PATH = Path(__file__).resolve().parents[2] / "domain"
DOMAIN = Domain.load(str(DOMAIN_PATH))


def said(text: str, intent: str, **entities: str) -> UserUttered:
    return UserUttered(
        text,
        {"name": intent, "confidence": 0.9},
        [{"entity": name, "value": value} for name, value in entities.items()],
    )


def session_start() -> list:
    return [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
    ]


CONVERSATION = [
    *session_start(),
    said("hiya", "greet"),
    ActionExecuted("utter_greet"),
    BotUttered("Hello"),
    ActionExecuted("action_listen"),
    said("my bike got nicked", "report_crime", crime_type="theft"),
    ActionExecuted("report_form"),
    ActiveLoop("report_form"),
    SlotSet("crime_type", "theft"),
    SlotSet("requested_slot", "in_danger_now"),
    ActionExecuted("action_listen"),
    said("wrong button", "deny"),
    UserUtteranceReverted(),
    said("no", "deny"),
    ActionExecuted("report_form"),
    SlotSet("in_danger_now", False),
    ActionReverted(),
    ActionExecuted("report_form"),
    SlotSet("in_danger_now", False),
    ActionExecuted("action_listen"),
    said("someone is kicking my door in now", "emergency"),
    ActionExecuted("action_emergency"),
    ActiveLoop(None),
    ActionExecuted("action_listen"),
    said("restart", "stop"),
    Restarted(),
    *session_start(),
    said("thanks", "thank"),
    ActionExecuted("utter_thank"),
]


def rule_policy_views(tracker: DialogueStateTracker) -> list:
    """The states the rule policy asks for: last input by text, then by intent."""
    featurizer = MaxHistoryTrackerFeaturizer(max_history=None)
    return [
        featurizer.prediction_states([tracker], DOMAIN, use_text)[0]
        for use_text in (True, False)
    ]


def test_every_turn_matches_rasas_own_replay(monkeypatch):
    tracker = DialogueStateTracker("citizen-1", DOMAIN.slots)
    for event in CONVERSATION:
        tracker.update(event)
        expected = rule_policy_views(tracker)
        with monkeypatch.context() as patched:
            patched.setattr(
                Domain, "states_for_tracker_history", states_for_tracker_history
            )
            kept_once = rule_policy_views(tracker)
            kept_twice = rule_policy_views(tracker)

        assert kept_once == expected, f"after {event}"
        assert kept_twice == expected, f"after {event}"


def test_only_new_events_are_replayed():
    states = DialogueStates()
    tracker = DialogueStateTracker("citizen-2", DOMAIN.slots)
    for event in CONVERSATION[:9]:
        tracker.update(event)
    before = states.states(DOMAIN, tracker)
    tracker.update(SlotSet("crime_type", "theft"))
    tracker.update(ActionExecuted("action_listen"))
    after = states.states(DOMAIN, tracker)

    assert all(kept is same for kept, same in zip(before[:-1], after, strict=False))
    assert len(after) == len(before) + 1


@pytest.mark.parametrize(
    "history", ["taken back", "rebuilt from the database", "for a new model"]
)
def test_a_history_that_does_not_continue_is_replayed_in_full(history):
    states = DialogueStates()
    first = DialogueStateTracker.from_events(
        "citizen-3", CONVERSATION[:9], DOMAIN.slots
    )
    kept = states.states(DOMAIN, first)
    events, domain = CONVERSATION[:12], DOMAIN
    if history == "taken back":
        events = CONVERSATION[:5]
    elif history == "rebuilt from the database":
        events = copy.deepcopy(events)
    else:
        domain = Domain.load(str(DOMAIN_PATH))
    later = DialogueStateTracker.from_events("citizen-3", events, DOMAIN.slots)

    assert states.states(domain, later) == later.past_states(domain)
    assert states.states(domain, later)[0] is not kept[0]


def test_the_oldest_replays_are_dropped():
    states = DialogueStates(size=2)
    trackers = [DialogueStateTracker(f"citizen-{n}", DOMAIN.slots) for n in range(3)]
    for tracker in trackers:
        tracker.update(ActionExecuted("action_listen"))
    first = states.states(DOMAIN, trackers[0])
    for tracker in trackers[1:]:
        states.states(DOMAIN, tracker)

    assert states.states(DOMAIN, trackers[0])[0] is not first[0]
