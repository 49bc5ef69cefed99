from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk.executor import CollectingDispatcher

from actions.report_fields import NOT_GIVEN
from actions.report_form import ValidateReportForm
from bot.handoff import HandoffQueue
from tests.conftest import action_event, make_tracker, user_event

DOMAIN = Domain.load(Path(__file__).resolve().parents[2] / "domain").as_dict()
UK = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 29, 14, 0, tzinfo=UK)  # a Sunday afternoon

# A whole report as the validators keep it, in ask order.
ANSWERS: dict[str, Any] = {
    "in_danger_now": False,
    "crime_type": "theft",
    "force_takes_fraud": True,
    "incident_description": "someone took my bike from outside the shop",
    "incident_date": "Sat 28 Nov 2026 about 22:00",
    "incident_start": "2026-11-28T22:00:00+00:00",
    "incident_location": "outside Tesco, LS6 2AB",
    "injury": "none",
    "suspect_description": NOT_GIVEN,
    "vehicle_registration": "AB12 CDE",
    "stolen_property": "red Carrera mountain bike",
    "property_value": 300,
    "witnesses": NOT_GIVEN,
    "evidence": "doorbell video",
    "repeat_victim": False,
    "victim_name": "Jo Bloggs",
    "contact_phone": "+447700900123",
    "contact_email": "jo@example.com",
    "contact_method": "text",
    "safe_contact_times": "any time",
    "declaration": True,
}
QUESTION_ORDER = list(ANSWERS)


def answers_before(slot: str, **overrides: Any) -> dict[str, Any]:
    """The answers given before `slot` is asked."""
    earlier = QUESTION_ORDER[: QUESTION_ORDER.index(slot)]
    return {**{name: ANSWERS[name] for name in earlier}, **overrides}


class Outcome(NamedTuple):
    slots: dict[str, Any]
    responses: list[str]

    @property
    def next_question(self) -> str | None:
        return self.slots["requested_slot"]


def answering(
    slot: str,
    value: Any,
    filled: dict[str, Any] | None = None,
    intent: str = "give_information",
    text: str | None = None,
):
    """The tracker Rasa sends after the citizen answers the question for `slot`."""
    return make_tracker(
        [
            user_event(intent, text if text is not None else str(value)),
            {"event": "slot", "name": "requested_slot", "value": slot},
            action_event("report_form"),
            {"event": "slot", "name": slot, "value": value},
        ],
        slots={**(filled or {}), "requested_slot": slot, slot: value},
        active_loop="report_form",
    )


async def validate(tracker, now: datetime = NOW) -> Outcome:
    dispatcher = CollectingDispatcher()
    events = await ValidateReportForm(clock=lambda: now).run(
        dispatcher, tracker, DOMAIN
    )
    # Later events win, as they do in Rasa (the form ends on the last requested_slot).
    slots = {event["name"]: event["value"] for event in events}
    return Outcome(slots, [message["response"] for message in dispatcher.messages])


async def answer(slot: str, value: Any, **filled: Any) -> Outcome:
    return await validate(answering(slot, value, answers_before(slot, **filled)))


# Which questions each crime gets


@pytest.mark.parametrize(
    "crime_type, asked, not_asked",
    [
        ("theft", {"injury", "stolen_property", "property_value"}, {"repeat_victim"}),
        (
            "vehicle_crime",
            {"vehicle_registration", "stolen_property", "property_value"},
            {"injury", "repeat_victim", "force_takes_fraud"},
        ),
        (
            "criminal_damage",
            {"stolen_property", "property_value"},
            {"injury", "vehicle_registration"},
        ),
        ("fraud", {"force_takes_fraud"}, {"injury", "stolen_property"}),
        ("cybercrime", {"force_takes_fraud"}, {"injury", "property_value"}),
        ("assault", {"injury", "repeat_victim"}, {"stolen_property"}),
        ("hate_crime", {"injury", "repeat_victim"}, {"property_value"}),
        ("harassment", {"injury", "repeat_victim"}, {"vehicle_registration"}),
        ("antisocial_behaviour", {"injury", "repeat_victim"}, {"stolen_property"}),
        ("other", {"injury"}, {"repeat_victim", "force_takes_fraud"}),
    ],
)
async def test_questions_depend_on_the_crime(crime_type, asked, not_asked):
    tracker = make_tracker([], slots={"crime_type": crime_type})
    slots = await ValidateReportForm().required_slots(
        [], CollectingDispatcher(), tracker, DOMAIN
    )
    assert slots[:2] == ["in_danger_now", "crime_type"]
    assert slots[-2:] == ["declaration", "report_confirmed"]
    assert asked <= set(slots)
    assert not (not_asked & set(slots))


async def test_questions_follow_the_designed_order():
    tracker = make_tracker([], slots={"crime_type": "burglary"})
    slots = await ValidateReportForm().required_slots(
        [], CollectingDispatcher(), tracker, DOMAIN
    )
    assert slots == [
        "in_danger_now",
        "crime_type",
        "incident_description",
        "incident_date",
        "incident_location",
        "injury",
        "suspect_description",
        "stolen_property",
        "property_value",
        "witnesses",
        "evidence",
        "victim_name",
        "contact_phone",
        "contact_email",
        "contact_method",
        "safe_contact_times",
        "declaration",
        "report_confirmed",
    ]


@pytest.mark.parametrize(
    "crime_type, slot, next_question",
    [
        ("theft", "incident_location", "injury"),
        ("criminal_damage", "incident_location", "suspect_description"),
        ("vehicle_crime", "suspect_description", "vehicle_registration"),
        ("harassment", "evidence", "repeat_victim"),
        ("theft", "evidence", "victim_name"),
        ("fraud", "crime_type", "force_takes_fraud"),
        ("theft", "declaration", "report_confirmed"),
    ],
)
async def test_a_good_answer_moves_to_the_next_question(
    crime_type, slot, next_question
):
    given = {**ANSWERS, "crime_type": crime_type}[slot]
    outcome = await answer(slot, given, crime_type=crime_type)
    assert outcome.next_question == next_question


# Danger now


@pytest.mark.parametrize("reply", [False, "nah", "NO", "n", "no im ok"])
async def test_no_danger_goes_on_to_the_crime_type(reply):
    outcome = await validate(answering("in_danger_now", reply))
    assert outcome.slots["in_danger_now"] is False
    assert outcome.next_question == "crime_type"
    assert outcome.responses == []


async def test_no_danger_with_a_known_crime_type_skips_that_question():
    tracker = answering("in_danger_now", "nope", {"crime_type": "burglary"})
    assert (await validate(tracker)).next_question == "incident_description"


@pytest.mark.parametrize("reply", [True, "yes", "YEP he's still outside"])
async def test_danger_now_ends_the_form_for_the_emergency_path(reply):
    # 999 and the urgent handoff follow the form (action_finish_report and
    # the emergency rule; see the conversation tests).
    outcome = await validate(answering("in_danger_now", reply))
    assert outcome.slots["in_danger_now"] is True
    assert outcome.next_question is None
    assert outcome.responses == []


async def test_danger_now_keeps_what_was_already_said():
    tracker = answering("in_danger_now", "yes", {"crime_type": "assault"})
    outcome = await validate(tracker)
    assert outcome.next_question is None
    assert "crime_type" not in outcome.slots  # not cleared


@pytest.mark.parametrize("reply", ["not sure", "maybe", "what do you mean"])
async def test_an_unclear_danger_answer_is_asked_again(reply):
    outcome = await validate(answering("in_danger_now", reply))
    assert outcome.slots["in_danger_now"] is None
    assert outcome.responses == ["utter_invalid_in_danger_now"]
    assert outcome.next_question == "in_danger_now"


# Crime type


async def test_a_crime_type_is_kept():
    outcome = await answer("crime_type", "burglary")
    assert outcome.slots["crime_type"] == "burglary"
    assert outcome.responses == []


async def test_hate_crime_gets_support_numbers_and_the_report_goes_on():
    outcome = await answer("crime_type", "hate_crime")
    assert outcome.responses == ["utter_hate_crime_support"]
    assert outcome.next_question == "incident_description"


async def test_an_unknown_crime_type_is_asked_again():
    outcome = await answer("crime_type", "shoplifting_maybe")
    assert outcome.slots["crime_type"] is None
    assert outcome.responses == ["utter_invalid_crime_type"]


def opening_message(crime_type: Any):
    """The tracker as the form starts, with what the first message was tagged."""
    return make_tracker(
        [
            user_event("report_crime", "someone nicked my bike from the station"),
            {"event": "slot", "name": "crime_type", "value": crime_type},
        ],
        slots={"crime_type": crime_type},
        active_loop="report_form",
    )


async def test_words_of_an_opening_message_that_name_no_crime_are_not_a_failure():
    outcome = await validate(opening_message(["nicked my", "bike from the"]))
    assert outcome.slots["crime_type"] is None
    assert outcome.responses == []
    assert outcome.next_question == "in_danger_now"


async def test_the_known_crime_among_an_opening_messages_tags_is_kept():
    outcome = await validate(opening_message(["nicked my", "theft"]))
    assert outcome.slots["crime_type"] == "theft"
    assert outcome.responses == []


# Fraud the force takes


@pytest.mark.parametrize("reply", [True, "yes", "Yeah"])
async def test_fraud_the_force_takes_goes_on(reply):
    outcome = await answer("force_takes_fraud", reply, crime_type="fraud")
    assert outcome.slots["force_takes_fraud"] is True
    assert outcome.next_question == "incident_description"


@pytest.mark.parametrize("reply", [False, "nah", "no none of those"])
async def test_other_fraud_is_sent_to_report_fraud_and_the_form_ends(reply):
    outcome = await answer("force_takes_fraud", reply, crime_type="cybercrime")
    assert outcome.slots["force_takes_fraud"] is False
    assert outcome.responses == ["utter_fraud_national_route"]
    assert outcome.next_question is None


async def test_an_unclear_fraud_answer_is_asked_again():
    outcome = await answer("force_takes_fraud", "dunno", crime_type="fraud")
    assert outcome.slots["force_takes_fraud"] is None
    assert outcome.responses == ["utter_invalid_force_takes_fraud"]


# What happened


async def test_a_description_is_kept_tidied():
    outcome = await answer(
        "incident_description", "  some1 nicked my bike   from outside the co-op "
    )
    assert outcome.slots["incident_description"] == (
        "some1 nicked my bike from outside the co-op"
    )


@pytest.mark.parametrize("reply", ["bike", "bike stolen", "x" * 1999 + " a b c"])
async def test_too_short_or_too_long_a_description_is_asked_again(reply):
    outcome = await answer("incident_description", reply)
    assert outcome.slots["incident_description"] is None
    assert outcome.responses == ["utter_invalid_incident_description"]


# When


async def test_a_time_is_kept_in_words_and_as_utc():
    outcome = await answer("incident_date", "about 8ish last night")
    assert outcome.slots["incident_date"] == "Sat 28 Nov 2026 about 20:00"
    assert outcome.slots["incident_start"] == "2026-11-28T20:00:00+00:00"
    assert outcome.slots["incident_end"] is None
    assert outcome.slots["incident_over_a_year"] is False
    assert outcome.next_question == "incident_location"


async def test_summer_time_is_stored_as_utc():
    july = datetime(2026, 7, 15, 12, 0, tzinfo=UK)
    outcome = await validate(
        answering(
            "incident_date", "yesterday about 5pm", answers_before("incident_date")
        ),
        now=july,
    )
    assert outcome.slots["incident_date"] == "Tue 14 Jul 2026 about 17:00"
    assert outcome.slots["incident_start"] == "2026-07-14T16:00:00+00:00"


async def test_a_window_keeps_both_ends():
    outcome = await answer("incident_date", "between Friday and Sunday")
    assert outcome.slots["incident_date"] == "between Fri 27 Nov and Sun 29 Nov 2026"
    assert outcome.slots["incident_start"] == "2026-11-27T00:00:00+00:00"
    assert outcome.slots["incident_end"] == "2026-11-29T14:00:00+00:00"


async def test_a_crime_over_a_year_old_is_flagged_for_review():
    outcome = await answer("incident_date", "12/11/2024")
    assert outcome.slots["incident_over_a_year"] is True
    assert outcome.responses == ["utter_old_incident_note"]
    assert outcome.next_question == "incident_location"


@pytest.mark.parametrize("reply", ["dunno", "not sure tbh", "ages ago", "30/02"])
async def test_an_answer_without_a_date_is_asked_again(reply):
    outcome = await answer("incident_date", reply)
    assert outcome.slots["incident_date"] is None
    assert outcome.responses == ["utter_invalid_incident_date"]


@pytest.mark.parametrize("reply", ["tomorrow", "next friday", "12/11/2027"])
async def test_a_future_date_is_asked_again(reply):
    outcome = await answer("incident_date", reply)
    assert outcome.slots["incident_date"] is None
    assert outcome.responses == ["utter_incident_date_in_future"]


# Where


async def test_a_postcode_in_the_location_is_normalised():
    outcome = await answer("incident_location", "outside tesco sw1a1aa")
    assert outcome.slots["incident_location"] == "outside tesco sw1a1aa"
    assert outcome.slots["incident_postcode"] == "SW1A 1AA"


async def test_a_place_without_a_postcode_is_fine():
    outcome = await answer("incident_location", "the park on Hyde Park Road")
    assert outcome.slots["incident_location"] == "the park on Hyde Park Road"
    assert outcome.slots["incident_postcode"] is None


@pytest.mark.parametrize("reply", ["QQ1 1AA", "near sw1a 1ck"])
async def test_a_postcode_typo_is_asked_again(reply):
    outcome = await answer("incident_location", reply)
    assert outcome.slots["incident_location"] is None
    assert outcome.responses == ["utter_invalid_postcode"]


@pytest.mark.parametrize("reply", ["dunno", "?"])
async def test_no_place_is_asked_again(reply):
    outcome = await answer("incident_location", reply)
    assert outcome.slots["incident_location"] is None
    assert outcome.responses == ["utter_invalid_incident_location"]


# Injury


@pytest.mark.parametrize(
    "reply, level", [("no one was hurt", "none"), ("just bruises", "minor")]
)
async def test_injury_levels_are_kept(reply, level):
    outcome = await answer("injury", reply)
    assert outcome.slots["injury"] == level
    assert outcome.next_question == "suspect_description"


async def test_a_recent_serious_injury_ends_the_form_for_the_emergency_path():
    outcome = await answer(
        "injury",
        "serious, hes in A&E",
        incident_start="2026-11-29T12:00:00+00:00",
    )
    assert outcome.slots["injury"] == "serious"
    assert outcome.next_question is None


async def test_a_serious_injury_at_an_unknown_time_is_treated_as_recent():
    tracker = answering(
        "injury",
        "serious injury",
        answers_before("injury", crime_type="assault", incident_start=None),
    )
    outcome = await validate(tracker)
    assert outcome.next_question is None


async def test_an_old_serious_injury_is_recorded_and_the_report_goes_on():
    outcome = await answer(
        "injury", "broken arm", incident_start="2026-11-20T10:00:00+00:00"
    )
    assert outcome.slots["injury"] == "serious"
    assert outcome.responses == []
    assert outcome.next_question == "suspect_description"


async def test_a_serious_injury_given_earlier_never_ends_the_form_silently():
    filled = answers_before(
        "contact_phone", injury="serious", incident_start="2026-11-29T12:00:00+00:00"
    )
    outcome = await validate(answering("contact_phone", "07700900123", filled))
    assert outcome.next_question == "contact_email"


async def test_an_unclear_injury_answer_is_asked_again():
    outcome = await answer("injury", "dunno")
    assert outcome.slots["injury"] is None
    assert outcome.responses == ["utter_invalid_injury"]


# Optional free text


@pytest.mark.parametrize("slot", ["suspect_description", "witnesses", "evidence"])
@pytest.mark.parametrize("reply", ["no", "dunno", "N/A", "nothing", "skip"])
async def test_optional_questions_can_be_skipped(slot, reply):
    outcome = await answer(slot, reply)
    assert outcome.slots[slot] == NOT_GIVEN
    assert outcome.responses == []


@pytest.mark.parametrize(
    "slot, reply",
    [
        ("suspect_description", "tall bloke, black north face, 20s, local accent"),
        ("witnesses", "my neighbour Sam at no 4 saw it"),
        ("evidence", "ring doorbell video and CCTV from the shop"),
    ],
)
async def test_optional_questions_keep_an_answer(slot, reply):
    assert (await answer(slot, reply)).slots[slot] == reply


@pytest.mark.parametrize("slot", ["suspect_description", "witnesses", "evidence"])
@pytest.mark.parametrize("reply", ["???", "a" * 2001])
async def test_optional_questions_reject_nonsense_or_too_much(slot, reply):
    outcome = await answer(slot, reply)
    assert outcome.slots[slot] is None
    assert outcome.responses == [f"utter_invalid_{slot}"]


# Vehicle and property


@pytest.mark.parametrize(
    "reply, registration",
    [("ab12cde", "AB12 CDE"), ("its AB12 CDE", "AB12 CDE"), ("dunno", NOT_GIVEN)],
)
async def test_a_registration_is_normalised(reply, registration):
    outcome = await answer("vehicle_registration", reply, crime_type="vehicle_crime")
    assert outcome.slots["vehicle_registration"] == registration
    assert outcome.next_question == "stolen_property"


async def test_a_registration_that_is_not_a_plate_is_asked_again():
    outcome = await answer(
        "vehicle_registration", "the blue one", crime_type="vehicle_crime"
    )
    assert outcome.slots["vehicle_registration"] is None
    assert outcome.responses == ["utter_invalid_vehicle_registration"]


async def test_stolen_property_is_kept():
    outcome = await answer("stolen_property", "my red carrera bike, frame no WX123")
    assert outcome.slots["stolen_property"] == "my red carrera bike, frame no WX123"
    assert outcome.next_question == "property_value"


async def test_stolen_property_needs_words():
    outcome = await answer("stolen_property", "...")
    assert outcome.slots["stolen_property"] is None
    assert outcome.responses == ["utter_invalid_stolen_property"]


@pytest.mark.parametrize(
    "reply, pounds",
    [
        ("about 300 quid", 300),
        ("£1.2k", 1200),
        ("1,500", 1500),
        ("a tenner", 10),
        ("not sure", NOT_GIVEN),
        ("DUNNO", NOT_GIVEN),
    ],
)
async def test_a_value_is_whole_pounds(reply, pounds):
    outcome = await answer("property_value", reply)
    assert outcome.slots["property_value"] == pounds


async def test_a_value_without_an_amount_is_asked_again():
    outcome = await answer("property_value", "loads")
    assert outcome.slots["property_value"] is None
    assert outcome.responses == ["utter_invalid_property_value"]


# Repeat victim


@pytest.mark.parametrize(
    "reply, expected", [(True, True), ("yep", True), ("nah", False)]
)
async def test_repeat_victim(reply, expected):
    outcome = await answer("repeat_victim", reply, crime_type="harassment")
    assert outcome.slots["repeat_victim"] is expected
    assert outcome.next_question == "victim_name"


async def test_an_unclear_repeat_answer_is_asked_again():
    outcome = await answer("repeat_victim", "sort of", crime_type="harassment")
    assert outcome.slots["repeat_victim"] is None
    assert outcome.responses == ["utter_invalid_repeat_victim"]


# Name and contact


async def test_a_name_is_tidied_and_the_surname_kept_for_tracking():
    outcome = await answer("victim_name", "my name is jo bloggs")
    assert outcome.slots["victim_name"] == "Jo Bloggs"
    assert outcome.slots["victim_surname"] == "Bloggs"


@pytest.mark.parametrize("reply", ["jo", "j0 bl0ggs"])
async def test_a_name_needs_first_name_and_surname(reply):
    outcome = await answer("victim_name", reply)
    assert outcome.slots["victim_name"] is None
    assert outcome.responses == ["utter_invalid_victim_name"]


@pytest.mark.parametrize(
    "reply", ["+44 7700 900 123", "07700900123", "its 07700 900123 thanks"]
)
async def test_a_phone_number_is_kept_in_e164(reply):
    outcome = await answer("contact_phone", reply)
    assert outcome.slots["contact_phone"] == "+447700900123"


async def test_a_landline_is_fine():
    outcome = await answer("contact_phone", "0113 496 0000")
    assert outcome.slots["contact_phone"] == "+441134960000"


@pytest.mark.parametrize("reply", ["12345", "+1 212 555 0100", "no"])
async def test_a_number_that_is_not_uk_is_asked_again(reply):
    outcome = await answer("contact_phone", reply)
    assert outcome.slots["contact_phone"] is None
    assert outcome.responses == ["utter_invalid_contact_phone"]


@pytest.mark.parametrize(
    "reply, email",
    [("Jo.Bloggs@Example.COM", "jo.bloggs@example.com"), ("no", NOT_GIVEN)],
)
async def test_an_email_is_lower_cased_or_skipped(reply, email):
    outcome = await answer("contact_email", reply)
    assert outcome.slots["contact_email"] == email


async def test_an_email_that_is_not_one_is_asked_again():
    outcome = await answer("contact_email", "jo at example dot com")
    assert outcome.slots["contact_email"] is None
    assert outcome.responses == ["utter_invalid_contact_email"]


@pytest.mark.parametrize(
    "reply, method",
    [("phone call", "phone"), ("text message", "text"), ("EMAIL", "email")],
)
async def test_a_contact_method_is_kept(reply, method):
    outcome = await answer("contact_method", reply)
    assert outcome.slots["contact_method"] == method


async def test_email_contact_needs_an_email_address():
    outcome = await answer("contact_method", "email", contact_email=NOT_GIVEN)
    assert outcome.slots["contact_method"] is None
    assert outcome.responses == ["utter_no_email_to_contact"]


async def test_an_unclear_contact_method_is_asked_again():
    outcome = await answer("contact_method", "whatever")
    assert outcome.slots["contact_method"] is None
    assert outcome.responses == ["utter_invalid_contact_method"]


@pytest.mark.parametrize("reply", ["any time", "weekdays after 6pm not weekends"])
async def test_safe_contact_times_are_kept(reply):
    assert (await answer("safe_contact_times", reply)).slots[
        "safe_contact_times"
    ] == reply


async def test_safe_contact_times_need_words():
    outcome = await answer("safe_contact_times", "?!")
    assert outcome.slots["safe_contact_times"] is None
    assert outcome.responses == ["utter_invalid_safe_contact_times"]


# Declaration


@pytest.mark.parametrize("reply", [True, "yes", "Y"])
async def test_the_declaration_takes_a_yes(reply):
    outcome = await answer("declaration", reply)
    assert outcome.slots["declaration"] is True
    assert outcome.next_question == "report_confirmed"


@pytest.mark.parametrize("reply", [False, "no", "not sure"])
async def test_the_declaration_explains_a_report_must_be_true(reply):
    outcome = await answer("declaration", reply)
    assert outcome.slots["declaration"] is None
    assert outcome.responses == ["utter_invalid_declaration"]
    assert outcome.next_question == "declaration"


# Confirmation


def replying_to_summary(intent: str, text: str = ""):
    return make_tracker(
        [
            user_event(intent, text),
            {"event": "slot", "name": "requested_slot", "value": "report_confirmed"},
            action_event("report_form"),
        ],
        slots={**ANSWERS, "requested_slot": "report_confirmed"},
        active_loop="report_form",
    )


@pytest.mark.parametrize("intent, text", [("affirm", "/affirm"), ("greet", "yep")])
async def test_sending_the_report_confirms_it_and_ends_the_form(intent, text):
    outcome = await validate(replying_to_summary(intent, text))
    assert outcome.slots["report_confirmed"] is True
    assert outcome.next_question is None


async def test_a_no_to_the_summary_sends_nothing():
    outcome = await validate(replying_to_summary("deny", "no"))
    assert outcome.slots["report_confirmed"] is None
    assert outcome.responses == ["utter_invalid_report_confirmed"]
    assert outcome.next_question == "report_confirmed"


@pytest.mark.parametrize("intent", ["stop", "correct_answer", "ask_why"])
async def test_other_requests_at_the_summary_are_not_an_answer(intent):
    outcome = await validate(replying_to_summary(intent, "hang on"))
    assert "report_confirmed" not in outcome.slots


async def test_a_yes_to_another_question_does_not_confirm_the_report():
    outcome = await validate(
        answering("declaration", True, answers_before("declaration"), intent="affirm")
    )
    assert "report_confirmed" not in outcome.slots


# Three failures on one question

BAD_ANSWERS = {
    "in_danger_now": "maybe",
    "crime_type": "banana",
    "force_takes_fraud": "maybe",
    "incident_description": "bike",
    "incident_date": "dunno",
    "incident_location": "dunno",
    "injury": "dunno",
    "suspect_description": "???",
    "vehicle_registration": "the blue one",
    "stolen_property": "...",
    "property_value": "loads",
    "witnesses": "???",
    "evidence": "???",
    "repeat_victim": "sort of",
    "victim_name": "jo",
    "contact_phone": "12345",
    "contact_email": "jo at home",
    "contact_method": "whatever",
    "safe_contact_times": "?",
    "declaration": "no",
}


# A crime type that is asked the question, and another question's failures.
CRIME_ASKED = {
    "force_takes_fraud": "fraud",
    "vehicle_registration": "vehicle_crime",
    "repeat_victim": "harassment",
}


def failing(slot: str, failures: dict[str, int]):
    filled = answers_before(slot, crime_type=CRIME_ASKED.get(slot, "theft"))
    return answering(slot, BAD_ANSWERS[slot], filled | {"failed_attempts": failures})


def another_question(slot: str) -> str:
    return "declaration" if slot == "victim_name" else "victim_name"


@pytest.mark.parametrize("slot", list(BAD_ANSWERS))
async def test_failures_are_counted_per_question(slot):
    other = another_question(slot)
    outcome = await validate(failing(slot, {slot: 1, other: 1}))
    assert outcome.slots[slot] is None
    assert "utter_handed_off_after_failures" not in outcome.responses
    assert outcome.slots["failed_attempts"] == {slot: 2, other: 1}


@pytest.mark.parametrize("slot", list(BAD_ANSWERS))
async def test_the_third_failure_queues_a_person_and_starts_the_count_again(
    slot, database
):
    other = another_question(slot)
    outcome = await validate(failing(slot, {slot: 2, other: 1}))
    assert outcome.slots[slot] is None
    assert outcome.responses == [
        "utter_handed_off_after_failures",
        "utter_handoff_queued",
    ]
    assert outcome.slots["failed_attempts"] == {other: 1}
    [request] = HandoffQueue(database).open_requests()
    assert (request.priority, request.reason) == (3, "three failed answers")


async def test_three_noes_to_the_declaration_queue_a_person(database_url):
    failed: dict[str, int] = {}
    responses = []
    for _ in range(3):
        tracker = answering(
            "declaration",
            "no",
            answers_before("declaration") | {"failed_attempts": failed},
        )
        outcome = await validate(tracker)
        failed = outcome.slots["failed_attempts"]
        responses += outcome.responses
    assert responses == [
        "utter_invalid_declaration",
        "utter_invalid_declaration",
        "utter_handed_off_after_failures",
        "utter_handoff_queued",
    ]


async def test_a_good_answer_after_failures_clears_their_count():
    tracker = answering(
        "contact_phone",
        "07700 900123",
        answers_before("contact_phone") | {"failed_attempts": {"contact_phone": 2}},
    )
    outcome = await validate(tracker)
    assert outcome.slots["contact_phone"] == "+447700900123"
    assert outcome.slots["failed_attempts"] == {}


# The domain file


def test_every_question_can_be_asked_and_asked_again():
    responses = DOMAIN["responses"]
    for slot in BAD_ANSWERS:
        assert f"utter_ask_{slot}" in responses
        assert f"utter_invalid_{slot}" in responses
    assert "action_ask_report_confirmed" in DOMAIN["actions"]


def test_why_a_question_is_asked_is_explained_for_every_question():
    variations = DOMAIN["responses"]["utter_why_needed"]
    explained = {
        condition["value"]
        for variation in variations
        for condition in variation.get("condition", [])
    }
    assert explained == set(DOMAIN["forms"]["report_form"]["required_slots"])
    assert any("condition" not in variation for variation in variations)


@pytest.mark.parametrize(
    "slot",
    [
        s
        for s in DOMAIN["forms"]["report_form"]["required_slots"]
        if s not in ("crime_type", "report_confirmed")
    ],
)
def test_an_answer_fills_only_the_question_asked_and_never_an_emergency(slot):
    for mapping in DOMAIN["slots"][slot]["mappings"]:
        assert mapping["conditions"] == [
            {"active_loop": "report_form", "requested_slot": slot}
        ]
        if mapping["type"] == "from_text":
            assert {"emergency", "stop", "correct_answer"} <= set(mapping["not_intent"])


# A safety question asked instead of an answer


def read_as_advice(slot: str, text: str, topic: str):
    selector = {"advice": {"response": {"intent_response_key": f"advice/{topic}"}}}
    return make_tracker(
        [
            user_event("advice", text, response_selector=selector),
            {"event": "slot", "name": "requested_slot", "value": slot},
            action_event("report_form"),
            {"event": "slot", "name": slot, "value": text},
        ],
        slots={**answers_before(slot), "requested_slot": slot, slot: text},
        active_loop="report_form",
    )


@pytest.mark.parametrize(
    "question", ["is this a 999 or 101 thing?", "should i ring 101 instead"]
)
async def test_a_safety_question_is_answered_and_the_question_stays(question):
    outcome = await validate(
        read_as_advice("incident_description", question, "emergency_or_101")
    )

    assert outcome.responses == ["utter_advice/emergency_or_101"]
    assert outcome.slots["incident_description"] is None
    assert outcome.next_question == "incident_description"


async def test_an_answer_the_classifier_reads_as_advice_is_still_an_answer():
    outcome = await validate(
        read_as_advice(
            "stolen_property", "laptop and my mums gold rings", "cyber_security"
        )
    )

    assert outcome.responses == []
    assert outcome.slots["stolen_property"] == "laptop and my mums gold rings"
    assert outcome.next_question == "property_value"
