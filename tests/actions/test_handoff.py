from datetime import datetime

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.callback import ActionQueueCallback, ValidateCallbackForm
from actions.handoff import ActionRequestHuman, ActionStopWaiting
from bot.handoff import HandoffQueue
from bot.nlu.dates import UK_TIME
from bot.opening_hours import DAYS
from bot.storage import HandoffRequest
from tests.conftest import action_event, make_tracker, user_event


async def run(sender_id, events):
    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(
        dispatcher, make_tracker(events, sender_id=sender_id), {}
    )
    return dispatcher.messages


async def test_request_is_queued_at_p3_with_a_queue_position(database):
    messages = await run("a", [user_event("request_human", "real person pls")])
    assert messages == [
        {
            "text": None,
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": "utter_handoff_queued",
            "response": "utter_handoff_queued",
            "image": None,
            "attachment": None,
            "position": 1,
            "minutes": 5,
        }
    ]
    with database.session() as session:
        request = session.execute(select(HandoffRequest)).scalar_one()
    assert request.priority == 3
    assert request.channel == "rest"


async def test_asking_twice_queues_once(database):
    await run("a", [user_event("request_human")])
    await run("a", [user_event("request_human"), user_event("request_human")])
    with database.session() as session:
        assert len(session.execute(select(HandoffRequest)).scalars().all()) == 1


async def test_after_a_safeguarding_disclosure_the_request_is_p1_and_jumps_the_queue(
    database,
):
    await run("first", [user_event("request_human")])
    messages = await run(
        "second",
        [
            user_event("safeguarding_concern"),
            action_event("utter_safeguarding"),
            user_event("request_human"),
        ],
    )
    assert messages[0]["position"] == 1
    with database.session() as session:
        second = session.execute(
            select(HandoffRequest).where(HandoffRequest.conversation_id == "second")
        ).scalar_one()
    assert second.priority == 1
    assert second.reason == "safeguarding"


async def test_the_wait_is_estimated_from_the_queue_position(database, monkeypatch):
    monkeypatch.setenv("MINUTES_PER_HANDOFF", "4")
    await run("first", [user_event("request_human")])
    [message] = await run("second", [user_event("request_human")])
    assert (message["position"], message["minutes"]) == (2, 8)


def closed_all_day_today() -> str:
    """Opening hours that exclude today (in the UK), whatever today is."""
    today = datetime.now(UK_TIME).weekday()
    return f"{DAYS[(today + 1) % 7]} 09:00-17:00"


async def test_out_of_hours_a_call_back_is_offered_instead_of_a_queue(
    database, monkeypatch
):
    monkeypatch.setenv("HANDLER_HOURS", closed_all_day_today())
    dispatcher = CollectingDispatcher()
    events = await ActionRequestHuman().run(
        dispatcher, make_tracker([user_event("request_human")]), {}
    )
    assert dispatcher.messages == []
    assert events[-1]["event"] == "followup"
    assert events[-1]["name"] == "action_offer_callback"
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["handoff_reason"] == "citizen asked for a person"
    assert slots["handler_opening"].startswith("at 9:00am on ")
    assert HandoffQueue(database).open_requests() == []


async def test_out_of_hours_a_safeguarding_request_is_still_queued_at_once(
    database, monkeypatch
):
    monkeypatch.setenv("HANDLER_HOURS", closed_all_day_today())
    messages = await run(
        "a", [user_event("safeguarding_concern"), action_event("utter_safeguarding")]
    )
    assert messages[0]["response"] == "utter_handoff_queued"
    [request] = HandoffQueue(database).open_requests()
    assert request.priority == 1


async def test_a_call_back_is_queued_with_the_number_and_safe_time(database):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        [user_event("request_human"), user_event("inform", "after 6pm")],
        slots={
            "handoff_reason": "misunderstood twice",
            "handler_opening": "at 8:00am on Monday",
            "callback_phone": "+447700900123",
            "callback_time": "after 6pm",
        },
    )
    await ActionQueueCallback().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_callback_queued"
    assert message["opening"] == "at 8:00am on Monday"
    [request] = HandoffQueue(database).open_requests()
    assert request.reason == "call back requested"
    assert request.summary["callback_for"] == "misunderstood twice"
    assert request.summary["callback_phone"] == "+447700900123"
    assert request.summary["callback_time"] == "after 6pm"


@pytest.mark.parametrize(
    ("slot", "answer", "kept"),
    [
        ("callback_phone", "07700 900 123", "+447700900123"),
        ("callback_phone", "my mobile", None),
        ("callback_time", "  weekday   mornings ", "weekday mornings"),
        ("callback_time", "x" * 500, None),
    ],
)
async def test_call_back_answers_are_checked(slot, answer, kept):
    dispatcher = CollectingDispatcher()
    validate = getattr(ValidateCallbackForm(), f"validate_{slot}")
    result = await validate(answer, dispatcher, make_tracker([]), {})
    assert result == {slot: kept}
    assert bool(dispatcher.messages) is (kept is None)


async def stop(sender_id):
    dispatcher = CollectingDispatcher()
    await ActionStopWaiting().run(
        dispatcher, make_tracker([user_event("stop")], sender_id=sender_id), {}
    )
    return [message["response"] for message in dispatcher.messages]


async def test_stop_while_waiting_leaves_the_queue(database):
    await run("a", [user_event("request_human")])
    assert await stop("a") == ["utter_stopped_waiting"]
    assert HandoffQueue(database).open_requests() == []
    assert await stop("a") == ["utter_nothing_to_stop"]


async def test_stop_without_waiting_has_nothing_to_stop(database):
    assert await stop("never-queued") == ["utter_nothing_to_stop"]
