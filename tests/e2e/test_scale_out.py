"""Two Rasa servers behind one address: a shared tracker store and Redis locks.

A force scales out by running several Rasa servers against one SQL tracker
store and Rasa's Redis lock store (REDIS_URL). A citizen's messages may then
reach any server; the conversation must carry on as if there were one, and
two messages of one conversation must never be handled at the same time.
"""

import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import pytest

from bench.report_journey import BURGLARY_ANSWERS, OPENING, walk_report
from bot.settings import Settings
from bot.supervisor import AssistantStack
from tests.e2e.conftest import MODEL, free_port, running_stack, say
from tests.e2e.sms_phone import tracker_events
from tests.e2e.test_report_journey import stored_report

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[tuple[AssistantStack, AssistantStack]]:
    if not MODEL.exists():
        pytest.skip("no trained model: run `make train` first")
    if not TEST_REDIS_URL:
        pytest.skip("TEST_REDIS_URL not set: no Redis server to share locks")
    workdir = tmp_path_factory.mktemp("scale-out")
    # Each server understands messages itself, so two fit in memory beside
    # the other tests' stack.
    with running_stack(workdir, REDIS_URL=TEST_REDIS_URL, NLU_PROCESS="false") as first:
        os.environ["RASA_PORT"] = str(free_port())
        second = AssistantStack(Settings.from_env(), MODEL, log_dir=workdir / "second")
        try:
            second.start(only="rasa server")
            second.wait_until_ready(timeout=300)
            yield first, second
        finally:
            second.stop()


def test_a_report_alternating_between_servers_is_stored_with_every_answer(servers):
    sender = f"e2e-scale-{uuid.uuid4().hex[:12]}"
    turn = iter(range(1000))

    def send(message: str):
        return say(servers[next(turn) % 2], sender, message)

    journey = walk_report(send, OPENING, BURGLARY_ANSWERS)

    assert journey.reference, journey.last_replies
    assert journey.questions[:3] == [
        "in_danger_now",
        "incident_description",
        "incident_date",
    ]
    report = stored_report(servers[0], journey.reference)
    assert report.crime_type == "burglary"
    assert report.postcode == "LS4 2QJ"
    assert [item.value_pounds for item in report.property] == [1500]


def test_messages_sent_at_once_to_both_servers_are_handled_one_at_a_time(servers):
    sender = f"e2e-scale-{uuid.uuid4().hex[:12]}"
    say(servers[0], sender, "hello")
    messages = [f"what is the best lock for a shed {n}" for n in range(10)]
    with ThreadPoolExecutor(len(messages)) as pool:
        replies = list(
            pool.map(
                lambda n: say(servers[n % 2], sender, messages[n]),
                range(len(messages)),
            )
        )
    assert all(replies), replies

    events = [
        event
        for event in tracker_events(servers[0], sender)
        if event["event"] in ("user", "bot", "action")
    ]
    turns: list[list[dict]] = []
    for event in events:
        if event["event"] == "user":
            turns.append([])
        if turns:
            turns[-1].append(event)
    assert sorted(turn[0]["text"] for turn in turns[1:]) == sorted(messages)
    # Each turn was finished, its last action stored, before the next began.
    for earlier, later in pairwise(turns):
        assert earlier[-1]["timestamp"] <= later[0]["timestamp"]
        assert earlier[-1] == {
            **earlier[-1],
            "event": "action",
            "name": "action_listen",
        }
