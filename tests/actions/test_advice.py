from rasa_sdk.executor import CollectingDispatcher

from actions.advice import ActionGiveAdvice
from tests.conftest import make_tracker, user_event

DOMAIN = {
    "responses": {
        "utter_advice/lost_property": [{"text": "x"}],
        "utter_advice_menu": [{"text": "menu"}],
    }
}


async def answer(event):
    dispatcher = CollectingDispatcher()
    await ActionGiveAdvice().run(dispatcher, make_tracker([event]), DOMAIN)
    return [m["response"] for m in dispatcher.messages]


async def test_topic_from_a_menu_button():
    event = user_event(
        "advice", entities=[{"entity": "advice_topic", "value": "lost_property"}]
    )
    assert await answer(event) == ["utter_advice/lost_property"]


async def test_the_menu_button_shows_the_topics():
    event = user_event("advice", entities=[{"entity": "advice_topic", "value": "menu"}])
    assert await answer(event) == ["utter_advice_menu"]


async def test_unknown_topic_shows_the_menu():
    event = user_event(
        "advice", entities=[{"entity": "advice_topic", "value": "../etc"}]
    )
    assert await answer(event) == ["utter_advice_menu"]
