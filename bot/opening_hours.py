"""When call handlers are on duty, so the bot never promises a person who is not there.

Hours are written the way a force would put them on its website, in UK time:
``Mon-Fri 08:00-20:00; Sat-Sun 10:00-16:00``, or ``24/7`` (the default: most
control rooms never close). Urgent (P1) handoffs ignore them: someone in
danger is always queued, and already has the 999 instruction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.nlu.dates import UK_TIME

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS = "24/7"
_PERIOD = re.compile(
    r"^(?P<first>[a-z]{3})(?:\s*-\s*(?P<last>[a-z]{3}))?\s+"
    r"(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})$"
)


class OpeningHoursError(ValueError):
    """The configured hours cannot be read; raised at start-up, not mid-chat."""


@dataclass(frozen=True)
class Period:
    """One day's opening, from `opens` up to (not including) `closes`."""

    day: int
    opens: time
    closes: time | None  # None: until midnight


@dataclass(frozen=True)
class OpeningHours:
    """The weekly hours during which a handoff can reach a person."""

    text: str
    periods: tuple[Period, ...]

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        """Reads `Mon-Fri 08:00-20:00; Sat 09:00-13:00` or `24/7`."""
        cleaned = " ".join(text.split())
        if cleaned.lower() == ALWAYS:
            return cls(ALWAYS, tuple(Period(day, time(0), None) for day in range(7)))
        periods = []
        for part in filter(None, (p.strip() for p in cleaned.split(";"))):
            match = _PERIOD.match(part.lower())
            if not match or not {match["first"], match["last"] or "mon"} <= set(DAYS):
                raise OpeningHoursError(f"cannot read opening hours {part!r}")
            first = DAYS.index(match["first"])
            span = (DAYS.index(match["last"] or match["first"]) - first) % 7
            days = [(first + offset) % 7 for offset in range(span + 1)]
            opens, closes = _clock(match["opens"]), _clock(match["closes"])
            if closes is not None and closes <= opens:
                raise OpeningHoursError(f"{part!r} closes before it opens")
            periods.extend(Period(day, opens, closes) for day in days)
        if not periods:
            raise OpeningHoursError("no opening hours given")
        return cls(cleaned, tuple(periods))

    def is_open(self, at: datetime) -> bool:
        """Whether a handler is on duty at the aware datetime `at`."""
        local = at.astimezone(UK_TIME)
        return any(
            period.day == local.weekday()
            and period.opens <= local.time()
            and (period.closes is None or local.time() < period.closes)
            for period in self.periods
        )

    def next_opening(self, at: datetime) -> datetime:
        """The next moment, in UK time, at which handlers come on duty."""
        local = at.astimezone(UK_TIME)
        for days_ahead in range(8):
            day = local.date() + timedelta(days=days_ahead)
            for period in sorted(self.periods, key=lambda p: p.opens):
                if period.day != day.weekday():
                    continue
                opening = datetime.combine(day, period.opens, tzinfo=UK_TIME)
                if opening > local:
                    return opening
        raise OpeningHoursError("opening hours never open")


def _clock(text: str) -> time | None:
    hours, minutes = (int(n) for n in text.split(":"))
    if (hours, minutes) == (24, 0):
        return None
    if hours > 23 or minutes > 59:
        raise OpeningHoursError(f"{text} is not a time of day")
    return time(hours, minutes)


def describe_opening(moment: datetime) -> str:
    """'at 8:00am on Monday': short enough for an SMS."""
    local = moment.astimezone(UK_TIME)
    clock = local.strftime("%I:%M%p").lstrip("0").lower()
    return f"at {clock} on {local.strftime('%A')}"
