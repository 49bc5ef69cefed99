"""Outside the handlers' hours, over REST against a stack whose handlers are off duty.

A citizen asking for a person is offered a call back at a safe time instead of
a queue no one is watching; danger now is still queued at once.
"""

import uuid
from datetime import datetime

import pytest

from bot.handoff import HandoffQueue
from bot.nlu.dates import UK_TIME
from bot.opening_hours import DAYS
from bot.settings import Settings
from bot.storage import Database
from tests.e2e.conftest import MODEL, response_text, running_stack, say, texts


@pytest.fixture(scope="module")
def closed_stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.skip("no trained model: run `make train` first")
    # Three days ahead is neither today nor tomorrow, even across midnight.
    off_day = DAYS[(datetime.now(UK_TIME).weekday() + 3) % 7]
    workdir = tmp_path_factory.mktemp("closed")
    with running_stack(workdir, HANDLER_HOURS=f"{off_day} 09:00-17:00") as running:
        yield running


def open_requests():
    database = Database(Settings.from_env().database_url)
    requests = HandoffQueue(database).open_requests()
    database.engine.dispose()
    return requests


def citizen() -> str:
    return f"ooh-{uuid.uuid4().hex[:8]}"


def opening_words(name: str) -> str:
    return response_text(name).split("{")[0]


def test_a_call_back_is_arranged_instead_of_a_queue(closed_stack):
    sender = citizen()
    replies = texts(say(closed_stack, sender, "can i speak to a real person"))
    assert opening_words("utter_offer_callback") in replies
    assert "in the queue" not in replies
    assert response_text("utter_ask_callback_phone") in texts(
        say(closed_stack, sender, "yes please")
    )
    assert response_text("utter_invalid_callback_phone") in texts(
        say(closed_stack, sender, "my mobile")
    )
    assert response_text("utter_ask_callback_time") in texts(
        say(closed_stack, sender, "07700 900123")
    )
    done = texts(say(closed_stack, sender, "weekday mornings before 9"))
    assert opening_words("utter_callback_queued") in done

    [request] = [r for r in open_requests() if r.conversation_id == sender]
    assert (request.priority, request.reason) == (3, "call back requested")
    assert request.summary["callback_phone"] == "+447700900123"
    assert request.summary["callback_time"] == "weekday mornings before 9"


def test_a_declined_call_back_queues_nothing(closed_stack):
    sender = citizen()
    say(closed_stack, sender, "i want to talk to a human")
    assert response_text("utter_ok") in texts(say(closed_stack, sender, "no thanks"))
    assert all(r.conversation_id != sender for r in open_requests())


def test_danger_now_is_queued_at_once_out_of_hours(closed_stack):
    sender = citizen()
    replies = texts(say(closed_stack, sender, "theres a man in my house with a knife"))
    assert response_text("utter_emergency")[:40] in replies
    [request] = [r for r in open_requests() if r.conversation_id == sender]
    assert request.priority == 1
