"""REDIS_URL reaches Rasa's lock store through endpoints.yml, as Rasa reads it."""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore
from rasa.utils.endpoints import read_endpoint_config

from bot.lock_store import AtomicRedisLockStore
from bot.settings import PROJECT_ROOT, lock_store_environment

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def rasa_lock_store(monkeypatch, redis_url: str) -> LockStore:
    """The lock store `rasa run --endpoints endpoints.yml` would build."""
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:9/webhook")
    monkeypatch.setenv("TRACKER_STORE_URL", "sqlite://")
    for name, value in lock_store_environment(redis_url).items():
        monkeypatch.setenv(name, value)
    config = read_endpoint_config(str(PROJECT_ROOT / "endpoints.yml"), "lock_store")
    return LockStore.create(config)


def test_one_server_keeps_its_locks_in_memory(monkeypatch):
    assert isinstance(rasa_lock_store(monkeypatch, ""), InMemoryLockStore)


def test_redis_url_gives_rasa_the_host_port_database_and_password(monkeypatch):
    store = rasa_lock_store(monkeypatch, "redis://:s%40cret@redis.internal:6380/4")
    assert isinstance(store, AtomicRedisLockStore)
    connection = store.red.connection_pool.connection_kwargs
    assert (connection["host"], connection["port"], connection["db"]) == (
        "redis.internal",
        6380,
        4,
    )
    assert connection["password"] == "s@cret"


def test_redis_url_defaults_to_rasas_port_and_database(monkeypatch):
    connection = rasa_lock_store(
        monkeypatch, "redis://redis.internal"
    ).red.connection_pool.connection_kwargs
    assert (connection["port"], connection["db"]) == (6379, 1)


@pytest.mark.parametrize(
    "url", ["localhost:6379", "http://redis.internal", "rediss://redis.internal"]
)
def test_a_redis_url_rasa_cannot_use_is_refused_at_start(url):
    with pytest.raises(ValueError, match="REDIS_URL"):
        lock_store_environment(url)


@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL not set")
def test_a_conversation_locked_by_one_server_is_seen_locked_by_another(monkeypatch):
    first = rasa_lock_store(monkeypatch, TEST_REDIS_URL)
    second = rasa_lock_store(monkeypatch, TEST_REDIS_URL)
    conversation = f"settings-test-{os.getpid()}"

    async def hold_lock_on_first() -> None:
        async with first.lock(conversation):
            # The second server's message gets the next ticket and must wait.
            ticket = second.issue_ticket(conversation)
            assert ticket == 1
            assert second.get_lock(conversation).is_locked(ticket)

    asyncio.run(hold_lock_on_first())
    second.delete_lock(conversation)
    assert second.get_lock(conversation) is None


@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL not set")
def test_servers_taking_tickets_at_once_never_get_the_same_one(monkeypatch):
    """Rasa's own store reads, changes and writes the lock: two servers can
    interleave those steps and hand out one ticket twice."""
    servers = [rasa_lock_store(monkeypatch, TEST_REDIS_URL) for _ in range(4)]
    conversation = f"settings-test-tickets-{os.getpid()}"
    servers[0].delete_lock(conversation)

    def take_tickets(server: LockStore) -> list[int]:
        return [server.issue_ticket(conversation) for _ in range(25)]

    with ThreadPoolExecutor(len(servers)) as pool:
        tickets = [t for taken in pool.map(take_tickets, servers) for t in taken]
    servers[0].delete_lock(conversation)

    assert sorted(tickets) == list(range(100))
