from datetime import datetime, timezone

import pytest

from bot.nlu.dates import UK_TIME
from bot.opening_hours import OpeningHours, OpeningHoursError, describe_opening

WEEKDAYS = OpeningHours.parse("Mon-Fri 08:00-20:00; Sat 09:00-13:00")


def uk(*args: int) -> datetime:
    return datetime(*args, tzinfo=UK_TIME)


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (uk(2026, 11, 30, 8, 0), True),  # Monday opening
        (uk(2026, 11, 30, 7, 59), False),
        (uk(2026, 11, 30, 20, 0), False),  # closes at 20:00
        (uk(2026, 12, 5, 12, 30), True),  # Saturday morning
        (uk(2026, 12, 5, 13, 0), False),
        (uk(2026, 12, 6, 12, 0), False),  # Sunday
    ],
)
def test_open_only_within_the_hours(moment, open_):
    assert WEEKDAYS.is_open(moment) is open_


def test_hours_are_uk_time_across_the_clock_change():
    # 07:30 UTC on a summer Monday is 08:30 in London: open.
    assert WEEKDAYS.is_open(datetime(2026, 6, 1, 7, 30, tzinfo=timezone.utc))
    # In winter UTC and UK time agree: 07:30 is closed.
    assert not WEEKDAYS.is_open(datetime(2026, 11, 30, 7, 30, tzinfo=timezone.utc))


def test_the_default_never_closes():
    always = OpeningHours.parse("24/7")
    assert all(always.is_open(uk(2026, 12, day, 3, 0)) for day in range(1, 8))


def test_next_opening_skips_closed_days():
    saturday_afternoon = uk(2026, 12, 5, 15, 0)
    assert WEEKDAYS.next_opening(saturday_afternoon) == uk(2026, 12, 7, 8, 0)
    assert describe_opening(uk(2026, 12, 7, 8, 0)) == "at 8:00am on Monday"


def test_a_range_can_wrap_round_the_week():
    weekend = OpeningHours.parse("Sat-Sun 10:00-16:00")
    assert weekend.is_open(uk(2026, 12, 6, 11, 0))
    assert not weekend.is_open(uk(2026, 12, 7, 11, 0))


@pytest.mark.parametrize(
    "text",
    ["", "weekdays 9-5", "Mon-Fri 20:00-08:00", "Mon 25:00-26:00", "Foo 9:00-10:00"],
)
def test_unreadable_hours_are_refused(text):
    with pytest.raises(OpeningHoursError):
        OpeningHours.parse(text)
