from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionClarify
from bot.handoff import HandoffQueue
from tests.conftest import action_event, make_tracker, user_event


async def clarify(events):
    dispatcher = CollectingDispatcher()
    await ActionClarify().run(dispatcher, make_tracker(events), {})
    return dispatcher.messages


async def test_first_misunderstanding_suggests_the_closest_options():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "track_case", "confidence": 0.35},
        {"name": "advice", "confidence": 0.3},
        {"name": "greet", "confidence": 0.2},
    ]
    selector = {
        "advice": {
            "response": {
                "intent_response_key": "advice/lost_property",
                "confidence": 0.5,
            },
            "ranking": [
                {"intent_response_key": "advice/lost_property", "confidence": 0.5},
                {"intent_response_key": "advice/found_property", "confidence": 0.3},
            ],
        }
    }
    [message] = await clarify(
        [
            user_event(
                "nlu_fallback",
                "wheres my stuff",
                ranking=ranking,
                response_selector=selector,
            )
        ]
    )
    assert message["response"] == "utter_clarify"
    assert [b["title"] for b in message["buttons"]] == [
        "Track my case",
        "Lost property",
        "Found property",
        "Something else",
    ]
    assert (
        message["buttons"][1]["payload"] == '/advice{"advice_topic": "lost_property"}'
    )


async def test_out_of_scope_gets_the_menu():
    [message] = await clarify([user_event("out_of_scope", "whats the weather")])
    assert message["response"] == "utter_clarify_menu"


async def test_second_misunderstanding_in_a_row_queues_a_person(database):
    messages = await clarify(
        [
            user_event("out_of_scope", "blah"),
            action_event("action_clarify"),
            action_event("action_listen"),
            user_event("nlu_fallback", "blah blah"),
        ]
    )
    assert [m["response"] for m in messages] == [
        "utter_handing_off_misunderstood",
        "utter_handoff_queued",
    ]
    [request] = HandoffQueue(database).open_requests()
    assert (request.priority, request.reason) == (3, "misunderstood twice")
