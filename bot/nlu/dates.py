"""Resolve the informal date phrases citizens use ("last night", "12/11").

Crime reports are about the past, so an ambiguous day ("on Tuesday", "12/11")
resolves to its most recent occurrence that is not in the future. Dates are
read the British way: day before month.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

WEEKDAYS = {
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "couple of": 2,
    "few": 3,
}
PART_OF_DAY_HOURS = {
    "morning": 9,
    "afternoon": 15,
    "evening": 19,
    "night": 22,
    "tonight": 22,
    "lunchtime": 12,
}

_WEEKDAY = (
    r"(?P<weekday>mon(?:day)?|tue(?:s|sday)?|wed(?:s|nesday)?|thu(?:r|rs|rsday)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
_MONTH = (
    r"(?P<month_name>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?"
    r"|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_CLOCK = (
    r"(?:\s*(?:at|about|around|abt|roughly|approx(?:imately)?|ish|@|,)\s*)+"
    r"(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*"
    r"(?P<meridiem>am|pm|a\.m\.|p\.m\.)?(?:\s*ish)?(?:\s*o'?clock)?"
)
_PART_OF_DAY = (
    r"(?:\s+(?:in\s+the\s+)?(?P<part>morning|afternoon|evening|night|lunchtime))"
)
_NUMBER = (
    r"(?P<count>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|couple of|few)"
)


@dataclass(frozen=True)
class ResolvedDate:
    """A date phrase found in text and the moment it stands for."""

    start: int
    end: int
    text: str
    value: datetime
    has_time: bool

    def iso(self) -> str:
        """ISO 8601: a date alone, or date and time when a time was given."""
        if self.has_time:
            return self.value.strftime("%Y-%m-%dT%H:%M")
        return self.value.date().isoformat()


def _most_recent_weekday(today: date, weekday: int, force_previous: bool) -> date:
    days_back = (today.weekday() - weekday) % 7
    if days_back == 0 and force_previous:
        days_back = 7
    return today - timedelta(days=days_back)


def _past_day_month(today: date, day: int, month: int, year: int | None) -> date:
    if year is not None:
        return date(year, month, day)
    candidate = date(today.year, month, day)
    if candidate > today:
        candidate = date(today.year - 1, month, day)
    return candidate


def _full_year(year: str | None) -> int | None:
    if not year:
        return None
    number = int(year)
    return number + 2000 if number < 100 else number


def _clock_hour(match: re.Match, default_part: str | None) -> time | None:
    """Turn "about 5", "8ish", "5.30pm" into a time; bare hours lean to daytime."""
    hour_text = match.groupdict().get("hour")
    if hour_text is None:
        part = match.groupdict().get("part") or default_part
        if part is None:
            return None
        return time(PART_OF_DAY_HOURS[part], 0)
    hour = int(hour_text)
    minute = int(match.groupdict().get("minute") or 0)
    meridiem = (match.groupdict().get("meridiem") or "").replace(".", "")
    part = match.groupdict().get("part") or default_part
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    elif not meridiem and hour < 12:
        # "yesterday about 5" means 5pm to nearly everyone; "last night about 11"
        # is 11pm.
        if part in ("afternoon", "evening", "night", "tonight") or 1 <= hour <= 7:
            hour += 12
    return time(hour % 24, minute)


Resolver = Callable[[re.Match, datetime], tuple | None]


def _relative_day(match: re.Match, now: datetime) -> tuple | None:
    word = match.group("relative").lower()
    today = now.date()
    offsets = {
        "today": (0, None),
        "this morning": (0, "morning"),
        "this afternoon": (0, "afternoon"),
        "this evening": (0, "evening"),
        "tonight": (0, "tonight"),
        "earlier today": (0, None),
        "yesterday": (1, None),
        "yday": (1, None),
        "yest": (1, None),
        "last night": (1, "night"),
        "day before yesterday": (2, None),
        "the day before yesterday": (2, None),
    }
    days_back, part = offsets[re.sub(r"\s+", " ", word)]
    if word.startswith("last night") and now.hour < 5:
        days_back = 0
    return today - timedelta(days=days_back), part


def _weekday(match: re.Match, now: datetime) -> tuple | None:
    weekday = WEEKDAYS[match.group("weekday").lower()[:3]]
    force_previous = bool(match.groupdict().get("last"))
    day = _most_recent_weekday(now.date(), weekday, force_previous)
    part = match.groupdict().get("part")
    return day, part


def _numeric(match: re.Match, now: datetime) -> tuple | None:
    day, month = int(match.group("day")), int(match.group("month"))
    try:
        return (
            _past_day_month(now.date(), day, month, _full_year(match.group("year"))),
            None,
        )
    except ValueError:
        return None


def _named_month(match: re.Match, now: datetime) -> tuple | None:
    month = MONTHS[match.group("month_name").lower()[:3]]
    try:
        return (
            _past_day_month(
                now.date(),
                int(match.group("day")),
                month,
                _full_year(match.group("year")),
            ),
            None,
        )
    except ValueError:
        return None


def _ago(match: re.Match, now: datetime) -> tuple | None:
    count_text = match.group("count").lower()
    count = int(count_text) if count_text.isdigit() else NUMBER_WORDS[count_text]
    unit = match.group("unit").lower()
    if unit.startswith("hour") or unit.startswith("hr"):
        moment = now - timedelta(hours=count)
        return moment.date(), moment.time().replace(second=0, microsecond=0)
    days = count * 7 if unit.startswith("week") or unit.startswith("wk") else count
    return now.date() - timedelta(days=days), None


def _at_optional_time(body: str) -> re.Pattern[str]:
    """A date phrase that may be followed by a clock time ("... about 5pm")."""
    return re.compile(body + r"(?:" + _CLOCK + r")?", re.IGNORECASE)


_PATTERNS: list[tuple[re.Pattern[str], Resolver]] = [
    (
        _at_optional_time(
            r"\b(?P<relative>(?:the\s+)?day\s+before\s+yesterday|yesterday|yday|yest"
            r"|last\s+night|this\s+(?:morning|afternoon|evening)|tonight|earlier\s+today"
            r"|today)\b" + _PART_OF_DAY + r"?"
        ),
        _relative_day,
    ),
    (
        _at_optional_time(
            r"\b(?:on\s+)?(?P<last>last\s+)?" + _WEEKDAY + r"\b" + _PART_OF_DAY + r"?"
        ),
        _weekday,
    ),
    (
        _at_optional_time(
            r"\b(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)(?:[/.-](?P<year>(?:20)?\d\d))?\b"
        ),
        _numeric,
    ),
    (
        _at_optional_time(
            r"\b(?:the\s+)?" + _ORDINAL_DAY + r"\s+(?:of\s+)?" + _MONTH + r"\b"
            r"(?:\s+(?P<year>20\d\d))?"
        ),
        _named_month,
    ),
    (
        _at_optional_time(
            r"\b" + _MONTH + r"\s+" + _ORDINAL_DAY + r"\b(?:,?\s+(?P<year>20\d\d))?"
        ),
        _named_month,
    ),
    (
        re.compile(
            r"\b" + _NUMBER + r"\s+(?P<unit>days?|weeks?|wks?|hours?|hrs?)\s+ago\b",
            re.IGNORECASE,
        ),
        _ago,
    ),
]


def _candidates(text: str, now: datetime) -> Iterator[ResolvedDate]:
    for pattern, resolver in _PATTERNS:
        for match in pattern.finditer(text):
            resolved = resolver(match, now)
            if resolved is None:
                continue
            day, part_or_time = resolved
            if isinstance(part_or_time, time):
                clock: time | None = part_or_time
            else:
                clock = _clock_hour(match, part_or_time)
            moment = datetime.combine(day, clock or time(0, 0), tzinfo=now.tzinfo)
            if clock is not None and moment > now and day == now.date():
                # "this evening about 8" said at 3pm is not yet past: drop the time.
                clock, moment = None, datetime.combine(
                    day, time(0, 0), tzinfo=now.tzinfo
                )
            if moment.date() > now.date():
                continue
            yield ResolvedDate(
                start=match.start(),
                end=match.end(),
                text=match.group(0).strip(),
                value=moment,
                has_time=clock is not None,
            )


def find_dates(text: str, now: datetime) -> list[ResolvedDate]:
    """All non-overlapping date phrases in `text`, longest first wins."""
    found = sorted(_candidates(text, now), key=lambda d: (-(d.end - d.start), d.start))
    chosen: list[ResolvedDate] = []
    for candidate in found:
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda d: d.start)
