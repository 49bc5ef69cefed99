"""Crime reports over REST against the running servers, stored and then tracked."""

import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bench.report_journey import BURGLARY_ANSWERS, OPENING, walk_report
from bot.nlu.dates import UK_TIME
from bot.reports import Report
from bot.storage import Database
from tests.e2e.conftest import response_text, say, texts


def new_sender() -> str:
    return f"e2e-report-{uuid.uuid4().hex[:12]}"


def citizen(stack, sender: str):
    return lambda message: say(stack, sender, message)


def stored_report(stack, reference: str) -> Report:
    database = Database(stack.settings.database_url)
    with database.session() as session:
        return session.execute(
            select(Report)
            .where(Report.reference == reference)
            .options(selectinload(Report.property), selectinload(Report.vehicles))
        ).scalar_one()


def test_a_messy_burglary_report_is_stored_with_every_answer(stack):
    sender = new_sender()
    journey = walk_report(citizen(stack, sender), OPENING, BURGLARY_ANSWERS)

    assert journey.reference, texts(journey.last_replies)
    assert journey.questions[:3] == [
        "in_danger_now",
        "incident_description",
        "incident_date",
    ]
    assert journey.questions[-2:] == ["declaration", "report_confirmed"]
    report = stored_report(stack, journey.reference)
    assert report.conversation_id == sender
    assert report.crime_type == "burglary"
    assert report.status == "received"
    assert "back door was smashed" in report.description
    assert report.occurred_from.astimezone(UK_TIME).hour == 20  # "about 8ish"
    assert report.occurred_from < datetime.now(timezone.utc)
    assert report.postcode == "LS4 2QJ"
    assert report.suspect_description is None  # "dunno"
    assert report.witnesses is None  # "no"
    assert report.evidence == "next door has a ring doorbell"
    assert [item.value_pounds for item in report.property] == [1500]
    assert "macbook" in report.property[0].description
    assert report.victim_name == "Jo O'Brien"
    assert report.victim_surname == "O'Brien"
    assert report.contact_phone == "+447700900123"
    assert report.contact_email == "jo.obrien@example.com"
    assert report.contact_method == "text"
    assert report.safe_contact_times == "after 6pm weekdays"
    assert report.injury == "none"
    assert not report.urgent_review


def test_a_rasa_restart_in_the_middle_of_the_form_loses_nothing(stack):
    sender = new_sender()
    send = citizen(stack, sender)
    answers_before_restart = {
        slot: BURGLARY_ANSWERS[slot]
        for slot in ("in_danger_now", "incident_description", "incident_date")
    }
    partial = walk_report(send, OPENING, answers_before_restart)
    assert partial.questions[-1] == "incident_date"
    assert partial.reference is None

    stack.restart("rasa server")
    journey = walk_report(send, BURGLARY_ANSWERS["incident_location"], BURGLARY_ANSWERS)

    assert journey.reference
    report = stored_report(stack, journey.reference)
    assert "back door was smashed" in report.description
    assert report.occurred_from.astimezone(UK_TIME).hour == 20


def test_tracking_the_reference_shows_its_status_only_to_the_right_surname(stack):
    journey = walk_report(citizen(stack, new_sender()), OPENING, BURGLARY_ANSWERS)
    tracker = new_sender()

    say(stack, tracker, "can i check on my report")
    say(stack, tracker, journey.reference.lower().replace("-", " "))
    wrong = texts(say(stack, tracker, "Smith"))
    say(stack, tracker, "/track_case")
    say(stack, tracker, journey.reference)
    right = texts(say(stack, tracker, "obrien"))

    assert "couldn't match those details" in wrong
    assert "received" not in wrong
    assert f"Report {journey.reference} has been received" in right


@pytest.mark.parametrize(
    "opening, crime_type, expected_questions",
    [
        ("someone nicked my bike", "theft", ["injury", "stolen_property"]),
        ("my car was broken into", "vehicle_crime", ["vehicle_registration"]),
        ("someone sprayed graffiti on my van", "criminal_damage", ["property_value"]),
        ("my neighbour keeps harassing me", "harassment", ["repeat_victim"]),
        ("i was punched outside a pub on saturday", "assault", ["repeat_victim"]),
        (
            "i want to report a fraud, i was scammed out of 500 quid",
            "fraud",
            ["force_takes_fraud"],
        ),
        (
            "i want to report that someone hacked my facebook",
            "cybercrime",
            ["force_takes_fraud"],
        ),
        (
            "i want to report kids who keep kicking balls at my windows",
            "antisocial_behaviour",
            ["repeat_victim"],
        ),
        (
            "i want to report someone who shouted racist abuse at me",
            "hate_crime",
            ["repeat_victim"],
        ),
        ("i want to report something that happened", "other", ["injury"]),
    ],
)
def test_each_crime_type_gets_its_own_questions(
    stack, opening, crime_type, expected_questions
):
    answers = {
        **BURGLARY_ANSWERS,
        "crime_type": f'/report_crime{{"crime_type": "{crime_type}"}}',
        "force_takes_fraud": "yes",
        "vehicle_registration": "AB12 CDE",
        "repeat_victim": "yes",
        "injury": "no one was hurt",
    }
    journey = walk_report(citizen(stack, new_sender()), opening, answers)

    assert journey.reference, texts(journey.last_replies)
    assert set(expected_questions) <= set(journey.questions)
    report = stored_report(stack, journey.reference)
    assert report.crime_type == crime_type


def test_fraud_the_force_does_not_take_goes_to_report_fraud(stack):
    answers = {**BURGLARY_ANSWERS, "force_takes_fraud": "no"}
    journey = walk_report(
        citizen(stack, new_sender()),
        '/report_crime{"crime_type": "fraud"}',
        answers,
    )

    assert journey.reference is None
    assert "reportfraud.police.uk" in texts(journey.last_replies)


def test_danger_now_at_the_first_question_gets_999(stack):
    sender = new_sender()
    journey = walk_report(citizen(stack, sender), "i want to report a crime", {})

    assert journey.questions == []
    replies = say(stack, sender, "/affirm")
    assert "call 999" in texts(replies)
    assert "press 55" in texts(replies)


def test_the_summary_lets_the_citizen_change_an_answer_before_sending(stack):
    sender = new_sender()
    send = citizen(stack, sender)
    answers = {k: v for k, v in BURGLARY_ANSWERS.items() if k != "report_confirmed"}
    at_summary = walk_report(send, OPENING, answers)
    assert "Send my report" in [
        b["title"] for r in at_summary.last_replies for b in r.get("buttons", [])
    ]

    choices = say(stack, sender, "/correct_answer")
    titles = [b["title"] for r in choices for b in r.get("buttons", [])]
    assert "Where" in titles
    say(stack, sender, '/correct_answer{"report_field": "incident_location"}')
    summary_again = texts(say(stack, sender, "outside the co-op on otley road LS6 3AA"))
    assert "otley road" in summary_again.lower()
    done = walk_report(send, "/affirm", {})

    report = stored_report(stack, done.reference)
    assert report.postcode == "LS6 3AA"
    assert "kirkstall" not in report.location.lower()


def test_saying_safe_after_a_false_alarm_carries_the_report_on(stack):
    sender = new_sender()
    answers = {"in_danger_now": "no", "incident_description": "they took my bike"}
    journey = walk_report(citizen(stack, sender), OPENING, answers)
    assert journey.questions[-1] == "incident_description"

    alarm = say(stack, sender, "someone is trying to get in my door right now")
    assert "call 999" in texts(alarm)
    safe = say(stack, sender, "/deny")

    assert texts(safe).endswith(response_text("utter_ask_incident_date"))
