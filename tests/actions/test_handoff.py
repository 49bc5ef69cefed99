from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.handoff import ActionRequestHuman
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
