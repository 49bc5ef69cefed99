"""The trained NLU pipeline, loaded as the Rasa server loads it."""

import pytest

from tests.e2e.conftest import MODEL


@pytest.fixture(scope="module")
def agent():
    if not MODEL.exists():
        pytest.skip("no trained model: run `make train` first")
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


def advice_topic(parsed: dict) -> str | None:
    selector = (parsed.get("response_selector") or {}).get("advice") or {}
    key = (selector.get("response") or {}).get("intent_response_key")
    return key.partition("/")[2] if key else None


async def test_an_advice_question_gets_its_topic(agent):
    parsed = await agent.parse_message("how do i stop my bike getting nicked")

    assert parsed["intent"]["name"] == "advice"
    assert advice_topic(parsed) == "bike_theft_prevention"


async def test_a_message_that_cannot_be_advice_skips_the_topic_choice(agent):
    parsed = await agent.parse_message("hiya")

    ranking = [ranked["name"] for ranked in parsed["intent_ranking"][:3]]
    assert parsed["intent"]["name"] == "greet"
    assert "advice" not in ranking
    assert advice_topic(parsed) is None


async def test_danger_now_wins_even_when_worded_as_a_report(agent):
    parsed = await agent.parse_message("i want to report a man with a knife outside")

    assert parsed["intent"]["name"] == "emergency"


@pytest.mark.parametrize(
    "text, intent",
    [
        (
            "i was stabbed outside a club three years ago and want to report it",
            "report_crime",
        ),
        ("how do i stop my catalytic converter being nicked", "advice"),
        ("left my bag on the bus this morning", "advice"),
        ("someone took my bag in the pub", "report_crime"),
    ],
)
async def test_look_alikes_keep_their_own_intent(agent, text, intent):
    parsed = await agent.parse_message(text)

    assert parsed["intent"]["name"] == intent


async def test_a_report_names_its_crime_type(agent):
    parsed = await agent.parse_message("my car got broken into last night")

    assert parsed["intent"]["name"] == "report_crime"
    assert {"entity": "crime_type", "value": "vehicle_crime"}.items() <= next(
        entity for entity in parsed["entities"] if entity["entity"] == "crime_type"
    ).items()
