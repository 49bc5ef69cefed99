from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.nlu.patterns import build_pipeline, extract

NOW = datetime(2026, 11, 29, 14, 0, tzinfo=ZoneInfo("Europe/London"))  # a Sunday


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def values(nlp, text, label):
    return [e["value"] for e in extract(nlp, text, NOW) if e["entity"] == label]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my postcode is SW1A 1AA", "SW1A 1AA"),
        ("its sw1a1aa", "SW1A 1AA"),
        ("ls1 4ap leeds", "LS1 4AP"),
        ("Flat 2, 10 High St, M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("cr26xh croydon", "CR2 6XH"),
    ],
)
def test_postcodes_are_found_and_written_the_royal_mail_way(nlp, text, expected):
    assert values(nlp, text, "postcode") == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("call me on 07700 900123", "+447700900123"),
        ("07700900123", "+447700900123"),
        ("+44 7700 900 123", "+447700900123"),
        ("+44 (0)7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("landline 0113 496 0000", "+441134960000"),
        ("020 7946 0018 after 6", "+442079460018"),
    ],
)
def test_uk_phone_numbers_are_normalised_to_e164(nlp, text, expected):
    assert values(nlp, text, "phone") == [expected]


def test_short_numbers_are_not_phone_numbers(nlp):
    assert values(nlp, "i lost £250 and 3 bags", "phone") == []


def test_emails_are_lowercased(nlp):
    assert values(nlp, "email me at Jo.Bloggs+police@Example.co.uk pls", "email") == [
        "jo.bloggs+police@example.co.uk"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("reg AB12 CDE", "AB12 CDE"),
        ("the car was ab12cde", "AB12 CDE"),
        ("old plate P123 ABC", "P123ABC"),
    ],
)
def test_vehicle_registrations(nlp, text, expected):
    assert values(nlp, text, "vehicle_registration") == [expected]


def test_road_names_are_not_registrations(nlp):
    assert (
        values(nlp, "the m25 was shut so i took the a3", "vehicle_registration") == []
    )


@pytest.mark.parametrize(
    "text",
    ["CR-2026-123456", "cr 2026 123456", "my ref is CR2026123456", "Cr-2026 123456"],
)
def test_reference_numbers_take_the_contract_format(nlp, text):
    assert values(nlp, text, "reference_number") == ["CR-2026-123456"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("it happened last night", "2026-11-28T22:00"),
        ("last night about 11", "2026-11-28T23:00"),
        ("yesterday about 5", "2026-11-28T17:00"),
        ("yesterday", "2026-11-28"),
        ("on 12/11", "2026-11-12"),
        ("12/11 at 3pm", "2026-11-12T15:00"),
        ("on Tuesday", "2026-11-24"),
        ("last sunday", "2026-11-22"),
        ("3 days ago", "2026-11-26"),
        ("a week ago", "2026-11-22"),
        ("the 3rd of November", "2026-11-03"),
        ("on 31/12", "2025-12-31"),
        ("this morning", "2026-11-29T09:00"),
    ],
)
def test_date_phrases_resolve_to_a_past_date(nlp, text, expected):
    assert values(nlp, text, "date") == [expected]


def test_several_entities_in_one_rambling_message(nlp):
    found = extract(
        nlp,
        "hi my bike got nicked last night from outside LS6 2AB, "
        "ring me on 07700 900456 or email me at sam@example.com",
        NOW,
    )
    assert {e["entity"] for e in found} == {"date", "postcode", "phone", "email"}
    for entity in found:
        assert entity["text"]
