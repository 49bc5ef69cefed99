"""What a server keeps in memory for the conversations it served last.

The tracker store keeps each conversation as last saved, and the rule policy
its replayed dialogue states: both for as many conversations, dropping the
one used longest ago. A kept value is taken out, not shared, so a turn that
fails before putting it back leaves nothing stale behind.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

# A few hundred kB each at most, for the tracker store and the rule policy.
RECENT_CONVERSATIONS = 1000
Kept = TypeVar("Kept")


class RecentConversations(Generic[Kept]):
    """One kept value per conversation, for the `size` used last."""

    def __init__(self, size: int = RECENT_CONVERSATIONS) -> None:
        self._size = size
        self._kept: OrderedDict[str, Kept] = OrderedDict()

    def take(self, sender_id: str) -> Kept | None:
        """The conversation's kept value, removed until it is put back."""
        return self._kept.pop(sender_id, None)

    def put(self, sender_id: str, kept: Kept) -> None:
        """Keeps `kept` as the newest; drops the conversation used longest ago."""
        self._kept.pop(sender_id, None)
        self._kept[sender_id] = kept
        while len(self._kept) > self._size:
            self._kept.popitem(last=False)
