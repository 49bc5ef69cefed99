"""UK contact details and identifiers: what they look like and how they are written.

Plain regular expressions and normalisers, with no NLP library behind them, so
the action server can check answers without loading spaCy (and, through it,
TensorFlow). The NLU pattern extractor in `bot.nlu.patterns` uses the same
table.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from re import Pattern


def normalise_postcode(raw: str) -> str | None:
    """'sw1a1aa' -> 'SW1A 1AA': the inward code is always the last three characters."""
    compact = re.sub(r"\s+", "", raw).upper()
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_uk_phone(raw: str) -> str | None:
    """UK numbers to E.164 ('07700 900123' -> '+447700900123'), else None."""
    digits = re.sub(r"[^\d+]", "", raw)
    if digits.startswith("+44"):
        national = digits[3:]
    elif digits.startswith("0044"):
        national = digits[4:]
    elif digits.startswith("44") and len(digits) == 12:
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    national = national.lstrip("0") if national.startswith("0") else national
    if len(national) not in (9, 10) or not national.isdigit():
        return None
    return f"+44{national}"


def normalise_registration(raw: str) -> str:
    """Current-style plates get their conventional space ('ab12cde' -> 'AB12 CDE')."""
    compact = re.sub(r"[\s-]+", "", raw).upper()
    if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z]{3}", compact):
        return f"{compact[:4]} {compact[4:]}"
    return compact


def normalise_reference(raw: str) -> str:
    """'cr 2026 123456' -> 'CR-2026-123456' (the contract's reference format)."""
    digits = re.sub(r"\D", "", raw)
    return f"CR-{digits[:4]}-{digits[4:]}"


Normaliser = Callable[[str], str | None]


@dataclass(frozen=True)
class EntityPattern:
    """One entity type: what it looks like and how its value is written."""

    label: str
    regex: Pattern[str]
    normalise: Normaliser


# Postcode: the Royal Mail formats (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA,
# AA9A 9AA), space optional because people type "sw1a1aa".
_POSTCODE = (
    r"\b(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r"\s?[0-9][ABD-HJLNP-UW-Z]{2}\b"
)
# Registrations: current style (AB12 CDE) in any case; the older prefix (A123 BCD)
# and suffix (ABC 123D) styles only in capitals, so "m25 was shut" is no plate.
_CURRENT_REGISTRATION = r"\b[A-Z]{2}[0-9]{2}\s?[A-Z]{3}\b"
_OLDER_REGISTRATION = (
    r"\b(?:[A-HJ-PR-Y][0-9]{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?[0-9]{1,3}[A-HJ-PR-Y])\b"
)
_PHONE = r"(?<![\w+])(?:\+\s?44\s?\(?0?\)?|0044\s?|0)\s?[1-9](?:[\s-]?\d){8,9}\b"
_EMAIL = r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
_REFERENCE = r"\bCR[\s-]?20\d{2}[\s-]?\d{6}\b"

ENTITY_PATTERNS: tuple[EntityPattern, ...] = (
    EntityPattern(
        "reference_number", re.compile(_REFERENCE, re.I), normalise_reference
    ),
    EntityPattern("email", re.compile(_EMAIL), str.lower),
    EntityPattern("phone", re.compile(_PHONE), normalise_uk_phone),
    EntityPattern("postcode", re.compile(_POSTCODE, re.I), normalise_postcode),
    EntityPattern(
        "vehicle_registration",
        re.compile(_CURRENT_REGISTRATION, re.I),
        normalise_registration,
    ),
    EntityPattern(
        "vehicle_registration", re.compile(_OLDER_REGISTRATION), normalise_registration
    ),
)


def find_reference(text: str) -> str | None:
    """The first report reference in `text`, in the contract's format, or None."""
    match = ENTITY_PATTERNS[0].regex.search(text)
    return normalise_reference(match.group(0)) if match else None
