from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.nlu.dates import (
    DateInFutureError,
    find_dates,
    one_year_before,
    resolve_incident_time,
)

UK = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 29, 14, 0, tzinfo=UK)  # a Sunday


def at(day, month, hour=0, minute=0, year=2026):
    return datetime(year, month, day, hour, minute, tzinfo=UK)


@pytest.mark.parametrize(
    "answer, description, start",
    [
        ("last night", "Sat 28 Nov 2026 about 22:00", at(28, 11, 22)),
        ("yesterday about 5pm", "Sat 28 Nov 2026 about 17:00", at(28, 11, 17)),
        ("about 8ish last night", "Sat 28 Nov 2026 about 20:00", at(28, 11, 20)),
        ("it was yday abt 4ish", "Sat 28 Nov 2026 about 16:00", at(28, 11, 16)),
        ("YESTERDAY ABOUT 5", "Sat 28 Nov 2026 about 17:00", at(28, 11, 17)),
        ("at 5pm yesterday", "Sat 28 Nov 2026 about 17:00", at(28, 11, 17)),
        ("around 3 on tuesday", "Tue 24 Nov 2026 about 15:00", at(24, 11, 15)),
        ("i think about 10pm on 12/11", "Thu 12 Nov 2026 about 22:00", at(12, 11, 22)),
        ("this morning", "Sun 29 Nov 2026 about 09:00", at(29, 11, 9)),
    ],
)
def test_an_answer_with_a_time_is_a_moment(answer, description, start):
    when = resolve_incident_time(answer, NOW)
    assert (when.description, when.start, when.end) == (description, start, None)


@pytest.mark.parametrize(
    "answer, description, start, end",
    [
        ("12/11", "Thu 12 Nov 2026", at(12, 11), at(12, 11, 23, 59)),
        ("on Tuesday", "Tue 24 Nov 2026", at(24, 11), at(24, 11, 23, 59)),
        ("3 days ago", "Thu 26 Nov 2026", at(26, 11), at(26, 11, 23, 59)),
        ("the 3rd of november", "Tue 3 Nov 2026", at(3, 11), at(3, 11, 23, 59)),
        ("31/12", "Wed 31 Dec 2025", at(31, 12, year=2025), at(31, 12, 23, 59, 2025)),
        ("Tuesday last week", "Tue 17 Nov 2026", at(17, 11), at(17, 11, 23, 59)),
    ],
)
def test_a_day_without_a_time_is_that_whole_day(answer, description, start, end):
    when = resolve_incident_time(answer, NOW)
    assert (when.description, when.start, when.end) == (description, start, end)


@pytest.mark.parametrize(
    "answer, description, start, end",
    [
        (
            "between Friday and Sunday",
            "between Fri 27 Nov and Sun 29 Nov 2026",
            at(27, 11),
            NOW,
        ),
        (
            "from 20/11 to 22/11",
            "between Fri 20 Nov and Sun 22 Nov 2026",
            at(20, 11),
            at(22, 11, 23, 59),
        ),
        (
            "sometime last week idk",
            "between Mon 16 Nov and Sun 22 Nov 2026",
            at(16, 11),
            at(22, 11, 23, 59),
        ),
        (
            "last weekend",
            "between Sat 21 Nov and Sun 22 Nov 2026",
            at(21, 11),
            at(22, 11, 23, 59),
        ),
        (
            "last month",
            "between Thu 1 Oct and Sat 31 Oct 2026",
            at(1, 10),
            at(31, 10, 23, 59),
        ),
    ],
)
def test_a_vague_answer_is_a_window(answer, description, start, end):
    when = resolve_incident_time(answer, NOW)
    assert (when.description, when.start, when.end) == (description, start, end)


def test_between_two_weekdays_runs_back_from_the_second():
    saturday = at(28, 11, 12)
    when = resolve_incident_time("between fri and sun", saturday)
    assert when.description == "between Fri 20 Nov and Sun 22 Nov 2026"


def test_a_window_across_new_year_names_both_years():
    when = resolve_incident_time("between 28/12 and 2/1", at(10, 1, year=2027))
    assert when.description == "between Mon 28 Dec 2026 and Sat 2 Jan 2027"


@pytest.mark.parametrize(
    "answer", ["dunno", "not sure", "can't remember sorry", "", "no idea mate"]
)
def test_not_knowing_is_no_date(answer):
    assert resolve_incident_time(answer, NOW) is None


@pytest.mark.parametrize(
    "answer", ["tomorrow", "next tuesday", "in 2 days", "12/11/2027", "1st Dec 2026"]
)
def test_a_future_date_is_reported_as_such(answer):
    with pytest.raises(DateInFutureError):
        resolve_incident_time(answer, NOW)


def test_a_threat_about_tomorrow_does_not_hide_when_it_happened():
    when = resolve_incident_time("last night, and he said hed be back tmrw", NOW)
    assert when.start == at(28, 11, 22)


def test_a_time_later_today_keeps_only_the_day():
    when = resolve_incident_time("this evening about 8", NOW)
    assert (when.description, when.end) == ("Sun 29 Nov 2026", NOW)


def test_the_latest_moment_of_a_window_is_its_end():
    assert resolve_incident_time("last week", NOW).latest == at(22, 11, 23, 59)
    assert resolve_incident_time("last night", NOW).latest == at(28, 11, 22)


def test_entity_dates_also_read_a_time_said_first():
    found = find_dates("about 8ish last night outside the chippy", NOW)
    assert [(d.text, d.iso()) for d in found] == [
        ("about 8ish last night", "2026-11-28T20:00")
    ]


def test_a_count_before_a_day_is_not_a_time():
    assert [d.iso() for d in find_dates("they took 2 yesterday", NOW)] == ["2026-11-28"]


def test_one_year_before_handles_a_leap_day():
    assert one_year_before(at(29, 2, 9, year=2028)) == at(28, 2, 9, year=2027)
    assert one_year_before(NOW) == at(29, 11, 14, year=2025)


SMALL_HOURS = datetime(2026, 11, 30, 0, 30, tzinfo=UK)  # half past midnight


@pytest.mark.parametrize(
    ("phrase", "now", "expected"),
    [
        ("about 8ish last night", SMALL_HOURS, at(29, 11, 20)),
        ("last night about 11", SMALL_HOURS, at(29, 11, 23)),
        ("last night", SMALL_HOURS, at(29, 11, 22)),
        ("last night at 2am", SMALL_HOURS, at(29, 11, 2)),
        ("last night at 2am", datetime(2026, 11, 30, 4, 0, tzinfo=UK), at(30, 11, 2)),
        ("last night about 2", NOW, at(29, 11, 2)),
        ("last night about 11", NOW, at(28, 11, 23)),
    ],
)
def test_last_night_is_the_night_that_began_yesterday_evening(phrase, now, expected):
    """Burglaries are reported at 1am too: "last night" must not become today."""
    (found,) = find_dates(phrase, now)
    assert (found.value, found.has_time) == (expected, True)
