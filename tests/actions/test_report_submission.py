import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.report import ActionResumeReport
from actions.report_fields import NOT_GIVEN
from actions.report_submission import ActionFinishReport
from actions.stores import database as action_database
from bot.reports import Report
from bot.storage import HandoffRequest
from tests.conftest import make_tracker, user_event

CONFIRMED_BURGLARY = {
    "in_danger_now": False,
    "crime_type": "burglary",
    "incident_description": "back door smashed in and laptop taken",
    "incident_date": "Fri 27 Nov 2026 about 20:00",
    "incident_start": "2026-11-27T20:00:00+00:00",
    "incident_end": None,
    "incident_over_a_year": False,
    "incident_location": "14 Kirkstall Rd, LS4 2QJ",
    "incident_postcode": "LS4 2QJ",
    "injury": "none",
    "suspect_description": NOT_GIVEN,
    "stolen_property": "silver macbook",
    "property_value": 900,
    "witnesses": NOT_GIVEN,
    "evidence": "doorbell video",
    "victim_name": "Jo O'Brien",
    "victim_surname": "O'Brien",
    "contact_phone": "+447700900123",
    "contact_email": NOT_GIVEN,
    "contact_method": "text",
    "safe_contact_times": "after 6pm",
    "declaration": True,
    "report_confirmed": True,
}


async def finish(
    slots: dict, sender: str = "citizen-1", earlier: list | None = None
) -> dict:
    events = [*(earlier or []), user_event("affirm", "/affirm")]
    tracker = make_tracker(events, slots, sender)
    events = await ActionFinishReport().run(CollectingDispatcher(), tracker, {})
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def stored(database) -> list[Report]:
    with database.session() as session:
        return session.execute(select(Report)).scalars().all()


async def test_a_confirmed_report_is_stored_before_its_reference_is_given(database):
    slots = await finish(CONFIRMED_BURGLARY)

    [report] = stored(database)
    assert slots["report_outcome"] == "submitted"
    assert slots["reference_number"] == report.reference
    assert report.crime_type == "burglary"
    assert report.suspect_description is None  # skipped answers are NULL
    assert report.contact_email is None
    assert report.postcode == "LS4 2QJ"
    # The answers are forgotten once stored: a new report starts afresh.
    assert slots["incident_description"] is None
    assert slots["report_confirmed"] is None


async def test_a_safeguarding_disclosure_marks_the_report_vulnerable(database):
    disclosed = [user_event("safeguarding_concern", "he controls all my money")]
    await finish(CONFIRMED_BURGLARY, sender="citizen-2", earlier=disclosed)
    await finish(CONFIRMED_BURGLARY, sender="citizen-3")

    flags = {r.conversation_id: r.vulnerability for r in stored(database)}
    assert flags == {"citizen-2": True, "citizen-3": False}


async def test_submitting_the_same_conversation_twice_is_one_report(database):
    first = await finish(CONFIRMED_BURGLARY)
    second = await finish(CONFIRMED_BURGLARY)

    assert first["reference_number"] == second["reference_number"]
    assert len(stored(database)) == 1


async def test_an_injury_flags_the_report_and_queues_a_review(database):
    slots = await finish({**CONFIRMED_BURGLARY, "injury": "minor"})

    assert slots["report_urgent"] is True
    with database.session() as session:
        [handoff] = session.execute(select(HandoffRequest)).scalars().all()
    assert (handoff.priority, handoff.summary["reference"]) == (
        2,
        slots["reference_number"],
    )


async def test_with_the_database_down_nothing_is_lost_and_a_retry_works(
    database, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    action_database.cache_clear()
    down = await finish(CONFIRMED_BURGLARY)

    assert down == {"report_outcome": "not_saved"}  # no answer is cleared

    monkeypatch.setenv("DATABASE_URL", str(database.engine.url))
    action_database.cache_clear()
    retried = await finish(CONFIRMED_BURGLARY)

    assert retried["report_outcome"] == "submitted"
    assert len(stored(database)) == 1


async def test_fraud_for_the_national_service_stores_nothing(database):
    slots = await finish(
        {"crime_type": "fraud", "force_takes_fraud": False, "in_danger_now": False}
    )

    assert slots["report_outcome"] == "not_taken"
    assert slots["crime_type"] is None
    assert stored(database) == []


@pytest.mark.parametrize(
    "ending", [{"in_danger_now": True}, {"injury": "serious", "crime_type": "assault"}]
)
async def test_danger_found_by_the_form_keeps_the_answers_for_the_handler(
    database, ending
):
    slots = await finish({"incident_description": "he hit me", **ending})

    assert slots["report_outcome"] == "emergency"
    # Asked again when the report is picked up; everything else is kept.
    assert slots["in_danger_now"] is None and slots["injury"] is None
    assert "incident_description" not in slots
    assert stored(database) == []


@pytest.mark.parametrize(
    "slots, resumed",
    [({"crime_type": "theft", "in_danger_now": False}, True), ({}, False)],
)
async def test_saying_safe_after_an_emergency_picks_the_report_up(slots, resumed):
    tracker = make_tracker([user_event("deny", "/deny")], slots)

    events = await ActionResumeReport().run(CollectingDispatcher(), tracker, {})

    assert [(e["event"], e["name"]) for e in events] == (
        [("followup", "report_form")] if resumed else []
    )
