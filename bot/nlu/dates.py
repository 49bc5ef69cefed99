"""Resolve the informal date phrases citizens use ("last night", "12/11").

Crime reports are about the past, so an ambiguous day ("on Tuesday", "12/11")
resolves to its most recent occurrence that is not in the future. Dates are
read the British way: day before month. `resolve_incident_time` turns a whole
answer to "when did it happen?" into a moment or a window.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK_TIME = ZoneInfo("Europe/London")

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
# A time said before the day ("about 8ish last night", "at 5pm yesterday"): only
# with a cue (at, about, am/pm, ish, o'clock) so a bare count is not an hour.
_CLOCK_FIRST = (
    r"\b(?=(?:at|about|around|abt|roughly|approx)\b"
    r"|\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|ish|o'?clock))"
    r"(?:(?:at|about|around|abt|roughly|approx(?:imately)?)\s*)*"
    r"(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*"
    r"(?P<meridiem>am|pm|a\.m\.|p\.m\.)?(?:\s*ish)?(?:\s*o'?clock)?\s*,?\s+"
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
        # is 11pm, but "last night about 2" is the small hours.
        small_hours = part in ("night", "tonight") and hour < 6
        if not small_hours and (
            part in ("afternoon", "evening", "night", "tonight") or 1 <= hour <= 7
        ):
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
    phrase = re.sub(r"\s+", " ", word)
    if phrase == "last night":
        return _last_night(match, now)
    days_back, part = offsets[phrase]
    return today - timedelta(days=days_back), part


def _last_night(match: re.Match, now: datetime) -> tuple[date, time]:
    """The night that began yesterday evening; its small hours fall on today.

    Said at half past midnight, "about 8ish last night" is yesterday at 20:00,
    and "last night at 2am" is the night before's, since 2am has not come yet.
    """
    clock = _clock_hour(match, "night") or time(PART_OF_DAY_HOURS["night"], 0)
    evening = now.date() - timedelta(days=1)
    day = evening + timedelta(days=1) if clock.hour < 12 else evening
    if datetime.combine(day, clock, tzinfo=now.tzinfo) > now:
        day -= timedelta(days=1)
    return day, clock


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


def _after_time(body: str) -> re.Pattern[str]:
    """A date phrase that follows a clock time ("about 8ish last night")."""
    return re.compile(_CLOCK_FIRST + body, re.IGNORECASE)


_RELATIVE_DAY = (
    r"\b(?P<relative>(?:the\s+)?day\s+before\s+yesterday|yesterday|yday|yest"
    r"|last\s+night|this\s+(?:morning|afternoon|evening)|tonight|earlier\s+today"
    r"|today)\b" + _PART_OF_DAY + r"?"
)
_ON_WEEKDAY = r"\b(?:on\s+)?(?P<last>last\s+)?" + _WEEKDAY + r"\b" + _PART_OF_DAY + r"?"
_NUMERIC_DATE = (
    r"\b(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)(?:[/.-](?P<year>(?:20)?\d\d))?\b"
)

_PATTERNS: list[tuple[re.Pattern[str], Resolver]] = [
    (_at_optional_time(_RELATIVE_DAY), _relative_day),
    (_after_time(_RELATIVE_DAY), _relative_day),
    (_at_optional_time(_ON_WEEKDAY), _weekday),
    (_after_time(_ON_WEEKDAY), _weekday),
    (_at_optional_time(_NUMERIC_DATE), _numeric),
    (_after_time(r"(?:on\s+)?" + _NUMERIC_DATE), _numeric),
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


def _candidates(
    text: str, now: datetime, include_future: bool = False
) -> Iterator[ResolvedDate]:
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
            if moment.date() > now.date() and not include_future:
                continue
            yield ResolvedDate(
                start=match.start(),
                end=match.end(),
                text=match.group(0).strip(),
                value=moment,
                has_time=clock is not None,
            )


def _longest_first(candidates: Iterator[ResolvedDate]) -> list[ResolvedDate]:
    """Non-overlapping phrases in text order; where two overlap, the longer wins."""
    found = sorted(candidates, key=lambda d: (-(d.end - d.start), d.start))
    chosen: list[ResolvedDate] = []
    for candidate in found:
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda d: d.start)


def find_dates(text: str, now: datetime) -> list[ResolvedDate]:
    """All non-overlapping date phrases in `text`, longest first wins."""
    return _longest_first(_candidates(text, now))


class DateInFutureError(ValueError):
    """The answer names a time that has not happened yet."""


@dataclass(frozen=True)
class IncidentTime:
    """When an incident happened: a moment (`end` None) or a window.

    `description` is the British-style wording shown back to the citizen.
    """

    start: datetime
    end: datetime | None
    description: str

    @property
    def latest(self) -> datetime:
        """The last moment it can have happened."""
        return self.end or self.start


def _day_text(day: date, with_year: bool = True) -> str:
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if with_year else text


def _moment(value: datetime) -> IncidentTime:
    text = f"{_day_text(value.date())} about {value:%H:%M}"
    return IncidentTime(value, None, text)


def _window(first: date, last: date, now: datetime) -> IncidentTime:
    """Whole days from `first` to `last`, never running past `now`."""
    start = datetime.combine(first, time(0, 0), tzinfo=now.tzinfo)
    end = min(datetime.combine(last, time(23, 59), tzinfo=now.tzinfo), now)
    if first == last:
        return IncidentTime(start, end, _day_text(first))
    opening = _day_text(first, with_year=first.year != last.year)
    return IncidentTime(start, end, f"between {opening} and {_day_text(last)}")


def _from_phrase(found: ResolvedDate, now: datetime) -> IncidentTime:
    if found.has_time:
        return _moment(found.value)
    return _window(found.value.date(), found.value.date(), now)


_BETWEEN = re.compile(
    r"\b(?:between|from)\s+(?P<first>.+?)\s+(?:and|to|till|until|-)\s+(?P<last>.+)",
    re.IGNORECASE,
)


def _between(text: str, now: datetime) -> IncidentTime | None:
    """A window such as "between Friday and Sunday", read from its last day back."""
    match = _BETWEEN.search(text)
    if match is None:
        return None
    last = find_dates(match.group("last"), now)
    if not last:
        return None
    last_day = last[0].value.date()
    first = find_dates(
        match.group("first"),
        datetime.combine(last_day, time(23, 59), tzinfo=now.tzinfo),
    )
    if not first:
        return None
    return _window(first[0].value.date(), last_day, now)


def _last_week(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday() + 7)
    return monday, monday + timedelta(days=6)


def _this_week(today: date) -> tuple[date, date]:
    return today - timedelta(days=today.weekday()), today


def _recent_weekend(today: date) -> tuple[date, date]:
    """This weekend if it is the weekend now, else the one just gone."""
    saturday = _most_recent_weekday(today, WEEKDAYS["sat"], force_previous=False)
    return saturday, min(saturday + timedelta(days=1), today)


def _last_weekend(today: date) -> tuple[date, date]:
    saturday = _most_recent_weekday(today, WEEKDAYS["sat"], force_previous=True)
    if today.weekday() == WEEKDAYS["sun"]:
        saturday -= timedelta(days=7)
    return saturday, saturday + timedelta(days=1)


def _last_month(today: date) -> tuple[date, date]:
    last_day = today.replace(day=1) - timedelta(days=1)
    return last_day.replace(day=1), last_day


def _this_month(today: date) -> tuple[date, date]:
    return today.replace(day=1), today


_NAMED_WINDOWS: list[tuple[re.Pattern[str], Callable[[date], tuple[date, date]]]] = [
    (re.compile(r"\blast\s+week\b", re.I), _last_week),
    (re.compile(r"\b(?:this|earlier\s+this)\s+week\b", re.I), _this_week),
    (re.compile(r"\blast\s+weekend\b", re.I), _last_weekend),
    (
        re.compile(r"\b(?:this|the|at\s+the|over\s+the)\s+weekend\b", re.I),
        _recent_weekend,
    ),
    (re.compile(r"\blast\s+month\b", re.I), _last_month),
    (re.compile(r"\b(?:this|earlier\s+this)\s+month\b", re.I), _this_month),
]


_WEEKDAY_WORD = re.compile(r"\b" + _WEEKDAY + r"\b", re.IGNORECASE)


def _named_window(text: str, now: datetime) -> IncidentTime | None:
    """A named window ("last week"); a weekday said with it picks that day."""
    for pattern, bounds in _NAMED_WINDOWS:
        if not pattern.search(text):
            continue
        first, last = bounds(now.date())
        weekday = _WEEKDAY_WORD.search(text)
        if weekday:
            wanted = WEEKDAYS[weekday.group("weekday").lower()[:3]]
            day = first + timedelta(days=(wanted - first.weekday()) % 7)
            if day <= last:
                return _window(day, day, now)
        return _window(first, last, now)
    return None


def _single_day(text: str, now: datetime) -> IncidentTime | None:
    """The first date phrase; one written with a future year is refused."""
    found = _longest_first(_candidates(text, now, include_future=True))
    if not found:
        return None
    if found[0].value.date() > now.date():
        raise DateInFutureError(found[0].text)
    return _from_phrase(found[0], now)


_FUTURE = re.compile(
    r"\b(?:tomorrow|tmrw|tmr|tmoz|2moro|next\s+(?:week|weekend|month|year|"
    r"mon|tue|wed|thu|fri|sat|sun)\w*|in\s+(?:\d+|an?|a\s+few|a\s+couple\s+of)"
    r"\s+(?:days?|weeks?|hours?))\b",
    re.IGNORECASE,
)


def resolve_incident_time(answer: str, now: datetime) -> IncidentTime | None:
    """The moment or window an answer to "when did it happen?" stands for.

    Returns None when the answer names no time ("dunno", "not sure").

    Raises:
        DateInFutureError: the answer names only a time after `now` ("tomorrow",
            "next Tuesday", "12/11/2099"), so the question can be asked again.
    """
    # "last night, he said he'd be back tomorrow" is about last night.
    past_only = _FUTURE.sub(" ", answer)
    for resolve in (_between, _named_window, _single_day):
        found = resolve(past_only, now)
        if found is not None:
            return found
    if past_only != answer:
        raise DateInFutureError(answer)
    return None


def one_year_before(moment: datetime) -> datetime:
    """The same day and time a calendar year earlier (29 February becomes 28th)."""
    try:
        return moment.replace(year=moment.year - 1)
    except ValueError:
        return moment.replace(year=moment.year - 1, day=28)
