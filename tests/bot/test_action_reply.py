"""The reply check accepts and refuses exactly what Rasa's full schema does.

Replies are built from every event kind Rasa knows, each well formed and then
broken in the ways an action server could break it (a field of the wrong type,
a required field missing, a name no kind has, a name that is not text, an
event that is not an object), alone and mixed with good events.
"""

import itertools

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.utils.schemas.events import EVENT_SCHEMA

from bot.action_reply import validate_action_reply

RASAS_SCHEMA = RemoteAction.action_response_format_spec()
KINDS = [kind["properties"]["event"]["const"] for kind in EVENT_SCHEMA["oneOf"]]

GOOD_EVENTS = [{"event": kind, "timestamp": 1.5} for kind in KINDS] + [
    {"event": "slot", "name": "crime_type", "value": "theft"},
    {"event": "slot", "name": "items", "value": ["bike", {"colour": "red"}]},
    {"event": "active_loop", "name": None},
    {"event": "action", "name": "report_form", "policy": None, "confidence": 1},
    {"event": "bot", "text": "Thanks", "data": {"buttons": []}, "metadata": {}},
    {
        "event": "user",
        "text": "my bike was nicked",
        "parse_data": {
            "intent": {"name": "report_crime", "confidence": 0.9},
            "entities": [{"entity": "crime_type", "value": "theft", "start": 3}],
            "intent_ranking": [{"name": "report_crime", "confidence": 0.9}],
        },
    },
    {"event": "entities", "entities": [{"entity": "postcode", "value": "LS1 4AB"}]},
]
BAD_EVENTS = [
    {"event": "slot", "name": "crime_type"},
    {"event": "slot", "value": "theft"},
    {"event": "slot", "name": 5, "value": "theft"},
    {"event": "action", "name": 5},
    {"event": "action", "confidence": "high"},
    {"event": "action", "hide_rule_turn": "yes"},
    {"event": "user", "text": 5},
    {"event": "user", "parse_data": {"entities": [{"value": "no entity name"}]}},
    {"event": "user", "parse_data": {"intent": {"confidence": "sure"}}},
    {"event": "entities"},
    {"event": "bot", "timestamp": "noon"},
    {"event": "bot", "metadata": ["not", "an", "object"]},
    {"event": "no_such_event"},
    {"event": 5},
    {"event": None},
    {"name": "crime_type", "value": "theft"},
    "slot",
    None,
    [],
]


def replies() -> list:
    events_lists = [
        [],
        *([event] for event in GOOD_EVENTS + BAD_EVENTS),
        *([good, bad] for good, bad in itertools.product(GOOD_EVENTS[-4:], BAD_EVENTS)),
        GOOD_EVENTS,
    ]
    return [
        *({"events": events, "responses": []} for events in events_lists),
        {"events": "not a list", "responses": []},
        {"events": [], "responses": [{"text": "Hi", "buttons": [{"title": "Yes"}]}]},
        {"events": [], "responses": ["not an object"]},
        {"responses": []},
        {},
        [],
        "not an object",
    ]


def rasa_accepts(reply) -> bool:
    return jsonschema.validators.validator_for(RASAS_SCHEMA)(RASAS_SCHEMA).is_valid(
        reply
    )


@pytest.mark.parametrize("reply", replies())
def test_same_answer_as_rasas_schema(reply):
    if rasa_accepts(reply):
        assert validate_action_reply(RemoteAction("action_x", None), reply) is True
    else:
        with pytest.raises(jsonschema.ValidationError, match="Action server response"):
            validate_action_reply(RemoteAction("action_x", None), reply)


def test_both_answers_are_exercised():
    answers = [rasa_accepts(reply) for reply in replies()]

    assert answers.count(True) > 30 and answers.count(False) > 30
