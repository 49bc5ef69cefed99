from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.components import DangerNowOverride, UKPatternEntityExtractor


def parsed(text, intent, confidence, ranking=None):
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set(
        "intent_ranking", ranking or [{"name": intent, "confidence": confidence}]
    )
    return message


@pytest.fixture(scope="module")
def override():
    return DangerNowOverride({**DangerNowOverride.get_default_config()})


def test_rules_turn_a_misclassified_danger_message_into_an_emergency(override):
    message = parsed("someone is kicking my door in right now", "report_crime", 0.8)
    override.process([message])
    assert message.get("intent")["name"] == "emergency"
    assert message.get("danger_now")


def test_low_confidence_danger_message_is_not_left_as_fallback(override):
    message = parsed(
        "bloke in my garden with a machete",
        "nlu_fallback",
        0.45,
        [{"name": "report_crime", "confidence": 0.4}],
    )
    override.process([message])
    assert message.get("intent")["name"] == "emergency"


def test_half_confident_emergency_ranking_wins(override):
    message = parsed(
        "omg its all kicking off",
        "greet",
        0.5,
        [
            {"name": "greet", "confidence": 0.5},
            {"name": "emergency", "confidence": 0.35},
        ],
    )
    override.process([message])
    assert message.get("intent")["name"] == "emergency"


def test_half_suspected_emergency_said_to_be_over_keeps_its_intent(override):
    ranking = [
        {"name": "safeguarding_concern", "confidence": 0.5},
        {"name": "emergency", "confidence": 0.35},
    ]
    calm = parsed(
        "my husband has dementia and pushed me this morning, he's calm now "
        "and having a nap",
        "safeguarding_concern",
        0.5,
        ranking,
    )
    upset = parsed(
        "my husband has dementia and keeps pushing me",
        "safeguarding_concern",
        0.5,
        ranking,
    )
    override.process([calm, upset])
    assert calm.get("intent")["name"] == "safeguarding_concern"
    assert upset.get("intent")["name"] == "emergency"


def test_ordinary_messages_keep_their_intent(override):
    message = parsed(
        "my bike was nicked last week",
        "report_crime",
        0.9,
        [
            {"name": "report_crime", "confidence": 0.9},
            {"name": "emergency", "confidence": 0.05},
        ],
    )
    override.process([message])
    assert message.get("intent")["name"] == "report_crime"
    assert message.get("danger_now") is None


def test_extractor_adds_to_entities_of_earlier_extractors():
    extractor = UKPatternEntityExtractor({})
    message = Message(data={"text": "my car AB12 CDE was keyed yesterday in LS6 2AB"})
    message.set("entities", [{"entity": "crime_type", "value": "criminal_damage"}])
    now = datetime(2026, 11, 29, 12, 0, tzinfo=ZoneInfo("Europe/London"))
    extractor.process_at([message], now)
    found = {e["entity"]: e for e in message.get("entities")}
    assert found["crime_type"]["value"] == "criminal_damage"
    assert found["vehicle_registration"]["value"] == "AB12 CDE"
    assert found["postcode"]["value"] == "LS6 2AB"
    assert found["date"]["value"] == "2026-11-28"
    assert found["postcode"]["extractor"] == "UKPatternEntityExtractor"


def test_extractor_ignores_empty_messages():
    extractor = UKPatternEntityExtractor({})
    message = Message(data={"text": ""})
    extractor.process([message])
    assert not message.get("entities")


UNCLEAR = [
    {"name": "nlu_fallback", "confidence": 0.45},
    {"name": "give_information", "confidence": 0.28},
]


@pytest.mark.parametrize(
    ("second", "flagged"), [("emergency", True), ("out_of_scope", False)]
)
def test_an_unclear_message_that_may_be_an_emergency_is_treated_as_one(
    override, second, flagged
):
    ranking = [*UNCLEAR, {"name": second, "confidence": 0.25}]
    message = parsed("they r at the back now", "nlu_fallback", 0.45, ranking)
    override.process([message])
    assert (message.get("intent")["name"] == "emergency") is flagged


def test_emergency_far_down_an_unclear_ranking_is_left_to_the_fallback(override):
    ranking = [
        *UNCLEAR,
        {"name": "out_of_scope", "confidence": 0.25},
        {"name": "emergency", "confidence": 0.2},
    ]
    message = parsed("the thing with the stuff", "nlu_fallback", 0.45, ranking)
    override.process([message])
    assert message.get("intent")["name"] == "nlu_fallback"
