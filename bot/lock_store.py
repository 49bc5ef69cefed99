"""Rasa's Redis lock store, with every change to a conversation's lock atomic.

Rasa keeps each conversation's ticket lock in Redis and changes it in three
steps: read it, change it, write it back. One server never pauses between
them, but two servers can interleave them and both hold the same ticket, so
one conversation's messages are handled at once and one turn's events are
lost (seen in tests/e2e/test_scale_out.py: 2 of 10 messages sent at once).
Here each change holds a short per-conversation mutex in the same Redis.
"""

from __future__ import annotations

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.lock import Lock

# Each change takes a millisecond or two; a server that dies holding the
# mutex frees it after this long.
MUTEX_SECONDS = 5.0


class AtomicRedisLockStore(RedisLockStore):
    """Used when REDIS_URL is set (endpoints.yml, bot/settings.py)."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        """Rasa builds custom lock stores from their endpoint configuration."""
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _mutex(self, conversation_id: str) -> Lock:
        return self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=MUTEX_SECONDS,
            blocking_timeout=MUTEX_SECONDS,
        )

    def issue_ticket(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME
    ) -> int:
        """Rasa's, while no other server changes this conversation's lock."""
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        """Rasa's, while no other server changes this conversation's lock."""
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Rasa's: a ticket issued elsewhere meanwhile no longer loses its lock."""
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
