"""The rule policy's view of a conversation, built once per event, not per prediction.

Before every prediction Rasa's RulePolicy asks for the dialogue state before
each action of the session, and Rasa rebuilds them all by replaying every
event from the start (`Domain.states_for_tracker_history`). That replay was
the largest single cost on the Rasa server's main thread in `bench/latency.py`
(about a quarter of it at 50-message conversations), and grows with the
conversation. A state before an action never changes once the action has
happened, so each server keeps, per conversation, the events it has replayed,
the replayed tracker and the states so far, and replays only what came since.

A kept replay is used only when the conversation's applied events begin with
exactly the same event objects; after an undo, a restart, a rebuild from the
database or a model swap the conversation is replayed in full, as Rasa does.
The result is Rasa's own: the same states from the same calls on the same
events. Rasa may delete user text from the states it is given; it does so
identically in every prediction, so a kept state stays what a replay would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.recent_conversations import RECENT_CONVERSATIONS, RecentConversations

_rasa_states_for_tracker_history = Domain.states_for_tracker_history


@dataclass
class Replay:
    """One conversation replayed so far: its events, their tracker, the states."""

    domain: Domain
    tracker: DialogueStateTracker
    events: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)

    def continues(self, domain: Domain, applied: list[Event]) -> bool:
        """Whether `applied` is this replay's events (the same objects) and more."""
        return (
            domain is self.domain
            and len(self.events) <= len(applied)
            and all(
                kept is new for kept, new in zip(self.events, applied, strict=False)
            )
        )

    def advance(self, applied: list[Event]) -> list[State]:
        """Replays the events not yet seen; the states before each action, and now."""
        for event in applied[len(self.events) :]:
            if isinstance(event, ActionExecuted):
                self.states.append(self.domain.get_active_state(self.tracker))
            self.tracker.update(event)
            self.events.append(event)
        return [*self.states, self.domain.get_active_state(self.tracker)]


class DialogueStates:
    """The replays of the conversations this server predicted for last."""

    def __init__(self, size: int = RECENT_CONVERSATIONS) -> None:
        self._replays: RecentConversations[Replay] = RecentConversations(size)

    def states(self, domain: Domain, tracker: DialogueStateTracker) -> list[State]:
        """Rasa's `states_for_tracker_history(tracker)`, replaying only new events."""
        applied = tracker.applied_events()
        replay = self._replays.take(tracker.sender_id)
        if replay is None or not replay.continues(domain, applied):
            replay = Replay(domain, tracker.init_copy())
        states = replay.advance(applied)
        self._replays.put(tracker.sender_id, replay)
        return states


@lru_cache(maxsize=1)
def _dialogue_states() -> DialogueStates:
    return DialogueStates()


def states_for_tracker_history(
    domain: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """Rasa's method; the rule policy's plain form (all turns, all slots) is kept."""
    if omit_unset_slots or ignore_rule_only_turns:
        return _rasa_states_for_tracker_history(
            domain, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data
        )
    return _dialogue_states().states(domain, tracker)
