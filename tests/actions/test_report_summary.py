from pathlib import Path
from typing import Any

from rasa.shared.core.domain import Domain
from rasa_sdk.executor import CollectingDispatcher

from actions.report_fields import NOT_GIVEN
from actions.report_summary import ActionAskReportConfirmed
from tests.conftest import make_tracker, user_event

DOMAIN = Domain.load(Path(__file__).resolve().parents[2] / "domain").as_dict()

BURGLARY: dict[str, Any] = {
    "in_danger_now": False,
    "crime_type": "burglary",
    "incident_description": "came home to the back door forced",
    "incident_date": "between Fri 20 Nov and Sun 22 Nov 2026",
    "incident_start": "2026-11-20T00:00:00+00:00",
    "incident_location": "12 Elm Road, LS6 2AB",
    "incident_postcode": "LS6 2AB",
    "injury": "none",
    "suspect_description": NOT_GIVEN,
    "stolen_property": "laptop and a gold ring",
    "property_value": 1200,
    "witnesses": NOT_GIVEN,
    "evidence": "doorbell video",
    "victim_name": "Jo Bloggs",
    "victim_surname": "Bloggs",
    "contact_phone": "+447700900123",
    "contact_email": "jo@example.com",
    "contact_method": "text",
    "safe_contact_times": "weekdays after 6pm",
    "declaration": True,
    "failed_attempts": {"victim_name": 1},
    "requested_slot": "report_confirmed",
}


async def summary_of(slots: dict[str, Any]) -> dict[str, Any]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        [user_event("affirm", "yes")], slots=slots, active_loop="report_form"
    )
    events = await ActionAskReportConfirmed().run(dispatcher, tracker, DOMAIN)
    assert events == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_report_summary"
    return message


async def test_every_answer_is_shown_with_a_plain_label():
    message = await summary_of(BURGLARY)
    assert message["summary"].splitlines() == [
        "Type of crime: Burglary",
        "What happened: came home to the back door forced",
        "When: between Fri 20 Nov and Sun 22 Nov 2026",
        "Where: 12 Elm Road, LS6 2AB",
        "Injuries: Not hurt",
        "Suspect: not given",
        "Stolen or damaged: laptop and a gold ring",
        "Value: £1,200",
        "Witnesses: not given",
        "Evidence: doorbell video",
        "Your name: Jo Bloggs",
        "Phone: +447700900123",
        "Email: jo@example.com",
        "Best way to contact you: Text message",
        "Safe times to contact you: weekdays after 6pm",
    ]


async def test_answers_of_another_crime_type_are_not_shown():
    message = await summary_of(
        {**BURGLARY, "crime_type": "harassment", "repeat_victim": True}
    )
    lines = message["summary"].splitlines()
    assert "Type of crime: Harassment" in lines
    assert "Happened before: Yes" in lines
    assert not any(line.startswith(("Value", "Stolen")) for line in lines)


async def test_the_summary_offers_send_change_and_cancel():
    template = DOMAIN["responses"]["utter_report_summary"][0]
    assert [(b["title"], b["payload"]) for b in template["buttons"]] == [
        ("Send my report", "/affirm"),
        ("Change an answer", "/correct_answer"),
        ("Cancel", "/stop"),
    ]
    assert "{summary}" in template["text"]
