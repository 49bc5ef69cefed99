"""A conversation's applied events, worked out once per event, not once per call.

Rasa's `DialogueStateTracker.applied_events` replays the whole conversation,
undoing reverted turns, every time it is asked, and one message asks a dozen
times (session expiry, form validation, the rule policy's states): together
about a sixth of the Rasa server's CPU in `bench/latency.py`, growing with the
conversation. Its answer is a left fold over the events, given the names of
every loop the conversation ever activated. So each tracker keeps the events it
has folded and the result, and folds only the events added since.

The kept result is used only when the tracker's events still begin with
exactly the events folded (the same objects) and no new loop name has
appeared; otherwise the fold starts again from the first event, as Rasa's does.
The undo steps are Rasa's own methods, so the result is Rasa's.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from itertools import islice

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

_KEPT_FOLD = "_applied_events_fold"


@dataclass
class AppliedEventsFold:
    """The events folded so far, the loop names among them, and the result."""

    loop_names: frozenset[str]
    folded: list[Event] = field(default_factory=list)
    applied: list[Event] = field(default_factory=list)

    def continues(self, events: list[Event]) -> bool:
        """Whether `events` are the folded events (the same objects) and more.

        The events added must not name a loop the folded ones did not name.
        """
        return (
            len(self.folded) <= len(events)
            and all(map(operator.is_, islice(events, len(self.folded)), self.folded))
            and _loop_names(events[len(self.folded) :]) <= self.loop_names
        )

    def fold(self, tracker: DialogueStateTracker, events: list[Event]) -> None:
        """Applies the events not yet folded, as `applied_events` does each one."""
        applied = self.applied
        for event in events[len(self.folded) :]:
            if isinstance(event, (Restarted, SessionStarted)):
                applied.clear()
            elif isinstance(event, ActionReverted):
                tracker._undo_till_previous(ActionExecuted, applied)
            elif isinstance(event, UserUtteranceReverted):
                tracker._undo_till_previous(UserUttered, applied)
                tracker._undo_till_previous(ActionExecuted, applied)
            elif (
                isinstance(event, ActionExecuted)
                and event.action_name in self.loop_names
                and not tracker._first_loop_execution_or_unhappy_path(
                    event.action_name, applied
                )
            ):
                tracker._undo_till_previous_loop_execution(event.action_name, applied)
            else:
                applied.append(event)
            self.folded.append(event)


def _loop_names(events: list[Event]) -> frozenset[str]:
    return frozenset(
        event.name for event in events if isinstance(event, ActiveLoop) and event.name
    )


def applied_events(tracker: DialogueStateTracker) -> list[Event]:
    """Rasa's `applied_events`, folding only the events added since the last call."""
    events = list(tracker.events)
    kept: AppliedEventsFold | None = tracker.__dict__.get(_KEPT_FOLD)
    if kept is None or not kept.continues(events):
        kept = AppliedEventsFold(_loop_names(events))
        tracker.__dict__[_KEPT_FOLD] = kept
    kept.fold(tracker, events)
    return list(kept.applied)
