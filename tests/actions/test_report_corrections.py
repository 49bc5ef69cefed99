from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk.executor import CollectingDispatcher

from actions.report_corrections import ActionCorrectReportAnswer
from actions.report_fields import NOT_GIVEN
from tests.conftest import make_tracker, user_event

DOMAIN = Domain.load(Path(__file__).resolve().parents[2] / "domain").as_dict()
NOW = datetime(2026, 11, 29, 14, 0, tzinfo=ZoneInfo("Europe/London"))  # a Sunday

# A theft report part-way through: the citizen is at the summary.
FILLED: dict[str, Any] = {
    "in_danger_now": False,
    "crime_type": "theft",
    "incident_description": "my bike was nicked from outside the shop",
    "incident_date": "Sat 28 Nov 2026 about 22:00",
    "incident_start": "2026-11-28T22:00:00+00:00",
    "incident_end": None,
    "incident_over_a_year": False,
    "incident_location": "outside Tesco, LS6 2AB",
    "incident_postcode": "LS6 2AB",
    "injury": "none",
    "suspect_description": NOT_GIVEN,
    "stolen_property": "red bike",
    "property_value": 300,
    "witnesses": NOT_GIVEN,
    "evidence": NOT_GIVEN,
    "victim_name": "Jo Bloggs",
    "victim_surname": "Bloggs",
    "contact_phone": "+447700900123",
    "contact_email": NOT_GIVEN,
    "contact_method": "phone",
    "safe_contact_times": "any time",
    "declaration": True,
    "requested_slot": "report_confirmed",
}


class Outcome(NamedTuple):
    slots: dict[str, Any]
    messages: list[dict[str, Any]]

    @property
    def responses(self) -> list[str]:
        return [message["response"] for message in self.messages]


def entity(name: str, text: str, value: Any = None) -> dict[str, Any]:
    return {"entity": name, "text": text, "value": value or text}


async def correct(text: str, entities=(), **slots: Any) -> Outcome:
    tracker = make_tracker(
        [user_event("correct_answer", text, list(entities))],
        slots={**FILLED, **slots},
        active_loop="report_form",
    )
    dispatcher = CollectingDispatcher()
    events = await ActionCorrectReportAnswer(clock=lambda: NOW).run(
        dispatcher, tracker, DOMAIN
    )
    return Outcome({e["name"]: e["value"] for e in events}, dispatcher.messages)


async def test_a_new_date_is_read_like_a_first_answer():
    outcome = await correct(
        "actually it was Tuesday", [entity("date", "Tuesday", "2026-11-24")]
    )
    assert outcome.slots["incident_date"] == "Tue 24 Nov 2026"
    assert outcome.slots["incident_start"] == "2026-11-24T00:00:00+00:00"
    assert outcome.slots["incident_end"] == "2026-11-24T23:59:00+00:00"
    assert outcome.slots["report_confirmed"] is None
    [changed] = outcome.messages
    assert (changed["response"], changed["field"], changed["value"]) == (
        "utter_answer_changed",
        "When",
        "Tue 24 Nov 2026",
    )


async def test_a_new_phone_number_is_normalised():
    outcome = await correct(
        "sorry my number is 07700 900456",
        [entity("phone", "07700 900456", "+447700900456")],
    )
    assert outcome.slots["contact_phone"] == "+447700900456"
    assert outcome.responses == ["utter_answer_changed"]


async def test_a_new_postcode_changes_the_location():
    outcome = await correct(
        "no wait it was sw1a1aa", [entity("postcode", "sw1a1aa", "SW1A 1AA")]
    )
    assert outcome.slots["incident_location"] == "sw1a1aa"
    assert outcome.slots["incident_postcode"] == "SW1A 1AA"


async def test_an_email_given_late_is_kept():
    outcome = await correct(
        "my email is Jo@Example.com",
        [entity("email", "Jo@Example.com", "jo@example.com")],
    )
    assert outcome.slots["contact_email"] == "jo@example.com"


async def test_a_registration_for_a_vehicle_crime():
    outcome = await correct(
        "the reg was ab12cde actually",
        [entity("vehicle_registration", "ab12cde", "AB12 CDE")],
        crime_type="vehicle_crime",
        vehicle_registration=NOT_GIVEN,
    )
    assert outcome.slots["vehicle_registration"] == "AB12 CDE"


async def test_a_bad_new_value_is_explained_and_the_question_asked_again():
    outcome = await correct(
        "sorry its 0770 090", [entity("phone", "0770 090", "+44770090")]
    )
    assert outcome.slots["contact_phone"] is None
    assert outcome.responses == ["utter_invalid_contact_phone"]


@pytest.mark.parametrize(
    "field, cleared",
    [
        (
            "incident_date",
            {"incident_start", "incident_end", "incident_over_a_year"},
        ),
        ("incident_location", {"incident_postcode"}),
        ("victim_name", {"victim_surname"}),
        ("witnesses", set()),
        ("crime_type", set()),
    ],
)
async def test_a_picked_answer_is_cleared_so_the_form_asks_it_again(field, cleared):
    outcome = await correct(
        f'/correct_answer{{"report_field": "{field}"}}',
        [entity("report_field", field)],
    )
    assert outcome.slots == {
        field: None,
        **{slot: None for slot in cleared},
        "report_confirmed": None,
    }
    assert outcome.messages == []


async def test_try_again_clears_the_question_being_asked():
    outcome = await correct(
        '/correct_answer{"report_field": "declaration"}',
        [entity("report_field", "declaration")],
        declaration=None,
        requested_slot="declaration",
    )
    assert outcome.slots["declaration"] is None


async def test_without_a_clue_it_asks_which_answer_with_one_button_per_answer():
    outcome = await correct("i got something wrong")
    [question] = outcome.messages
    assert question["response"] == "utter_ask_which_answer"
    titles = [button["title"] for button in question["buttons"]]
    assert titles == [
        "Type of crime",
        "What happened",
        "When",
        "Where",
        "Injuries",
        "Suspect",
        "Stolen or damaged",
        "Value",
        "Witnesses",
        "Evidence",
        "Your name",
        "Phone",
        "Email",
        "Best way to contact you",
        "Safe times to contact you",
    ]
    assert question["buttons"][2]["payload"] == (
        '/correct_answer{"report_field": "incident_date"}'
    )
    assert outcome.slots == {}


async def test_an_entity_for_a_question_this_crime_has_not_is_ignored():
    outcome = await correct(
        "the reg is ab12cde", [entity("vehicle_registration", "ab12cde")]
    )
    assert outcome.responses == ["utter_ask_which_answer"]
    assert outcome.slots == {}


async def test_a_picked_answer_from_another_crime_is_not_cleared():
    outcome = await correct(
        '/correct_answer{"report_field": "vehicle_registration"}',
        [entity("report_field", "vehicle_registration")],
    )
    assert outcome.responses == ["utter_ask_which_answer"]
