from datetime import datetime, timezone

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.track_case import (
    ActionCheckCaseStatus,
    ValidateTrackCaseForm,
    verifier_from,
)
from bot.report_store import ReportStore, ReportSubmission
from tests.conftest import make_tracker, user_event


@pytest.fixture
def reference(database) -> str:
    return ReportStore(database).submit(
        ReportSubmission(
            conversation_id="reporter-1",
            channel="rest",
            crime_type="theft",
            incident_description="my bike was taken from the station rack",
            incident_start=datetime(2026, 11, 20, 18, tzinfo=timezone.utc),
            incident_end=None,
            incident_over_a_year=False,
            incident_location="Leeds station",
            incident_postcode=None,
            victim_name="Jo O'Brien",
            victim_surname="O'Brien",
            contact_phone="+447700900123",
            contact_method="text",
            safe_contact_times="any time",
        )
    )


def validate(method, text):
    dispatcher = CollectingDispatcher()
    result = method(text, dispatcher, make_tracker([user_event("inform", text)]), {})
    return result, [m["response"] for m in dispatcher.messages]


@pytest.mark.parametrize(
    "typed",
    ["CR-2026-004211", "cr 2026 004211", "its cr2026004211 thanks", "CR-2026 004211"],
)
def test_references_typed_any_common_way_are_accepted(typed):
    form = ValidateTrackCaseForm()

    result, said = validate(form.validate_reference_number, typed)

    assert result == {"reference_number": "CR-2026-004211"}
    assert said == []


@pytest.mark.parametrize("typed", ["12345", "dunno", "2026-004211", "CR-26-1234"])
def test_a_non_reference_is_asked_again_with_the_format(typed):
    result, said = validate(ValidateTrackCaseForm().validate_reference_number, typed)

    assert result == {"reference_number": None}
    assert said == ["utter_invalid_reference_number"]


@pytest.mark.parametrize(
    "typed, verifier",
    [
        ("my surname is O'Brien", "O'Brien"),
        ("it's obrien thanks", "obrien"),
        ("+44 7700 900123", "+447700900123"),
        ("07700900123", "+447700900123"),
    ],
)
def test_the_verifier_is_the_name_or_the_number_itself(typed, verifier):
    assert verifier_from(typed) == verifier


async def check(sender: str, reference: str, verifier: str) -> dict:
    tracker = make_tracker(
        [user_event("inform", verifier)],
        slots={"reference_number": reference, "tracking_verifier": verifier},
        sender_id=sender,
    )
    events = await ActionCheckCaseStatus().run(CollectingDispatcher(), tracker, {})
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_right_reference_and_surname_show_the_status(reference):
    slots = await check("citizen-2", reference, "obrien")

    assert slots["case_lookup"] == "found"
    assert slots["case_reference"] == reference
    assert slots["case_status"] == "received"
    assert slots["case_outcome"] is None
    # Forgotten either way, so the next check asks afresh.
    assert slots["reference_number"] is None
    assert slots["tracking_verifier"] is None


async def test_the_phone_number_verifies_too(reference):
    slots = await check("citizen-2", reference, "+447700900123")

    assert slots["case_lookup"] == "found"


async def test_wrong_reference_and_wrong_surname_look_the_same(reference):
    wrong_surname = await check("citizen-2", reference, "Smith")
    wrong_reference = await check("citizen-2", "CR-2026-999999", "obrien")

    assert wrong_surname == wrong_reference
    assert wrong_surname["case_lookup"] == "not_found"
    assert "case_status" not in wrong_surname


async def test_after_five_failures_even_right_details_are_refused(reference):
    for _ in range(5):
        await check("citizen-3", reference, "Smith")

    slots = await check("citizen-3", reference, "obrien")

    assert slots["case_lookup"] == "locked"
    assert "case_status" not in slots
    # Another conversation is not locked out by this one.
    assert (await check("citizen-4", reference, "obrien"))["case_lookup"] == "found"


async def test_a_database_fault_is_told_not_hidden(monkeypatch):
    from actions.stores import database

    # Nothing listens on port 1: the database is down.
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    database.cache_clear()

    slots = await check("citizen-5", "CR-2026-004211", "obrien")

    database.cache_clear()
    assert slots["case_lookup"] == "unavailable"
    assert slots["reference_number"] is None
