"""Read a citizen's typed answer to one report question.

Pure functions, no Rasa: each takes the answer as typed ("nah", "about 300
quid", "my name is jo bloggs") and returns the value the report keeps, or None
when the answer does not say it. Phone numbers, postcodes and registrations use
the same patterns and normalisers as the NLU pipeline, so a value is written
the same way whichever route it came in by.
"""

from __future__ import annotations

import re
from re import Pattern

from bot.identifiers import (
    ENTITY_PATTERNS,
    normalise_postcode,
    normalise_registration,
    normalise_uk_phone,
)
from bot.nlu.dates import NUMBER_WORDS


def _patterns(label: str) -> list[Pattern[str]]:
    return [pattern.regex for pattern in ENTITY_PATTERNS if pattern.label == label]


def tidy(value: object) -> str:
    """A slot value as text with runs of whitespace collapsed."""
    return re.sub(r"\s+", " ", str(value if value is not None else "")).strip()


def _plain(text: str) -> str:
    """Lower case, punctuation dropped (apostrophes kept), single spaces."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^\w\s'/&]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_UNSURE = re.compile(
    r"\b(?:dunno|don'?t know|do not know|not sure|unsure|no idea|idk|no clue"
    r"|can'?t remember|cannot remember|can'?t say|not certain|maybe|might be)\b"
)
_SKIP = re.compile(
    r"^(?:n/?a|na|skip|pass|nope|nah|not really|not that i know of"
    r"|(?:no ?one|nobody|no|none|nothing)(?: \w+){0,2})$"
)


def is_unsure(text: str) -> bool:
    """The citizen says they don't know ("dunno", "not sure", "no idea")."""
    return bool(_UNSURE.search(_plain(text)))


def is_skip_answer(text: str) -> bool:
    """An optional question left unanswered: "no", "none", "dunno", "n/a", "skip"."""
    plain = _plain(text)
    return bool(_SKIP.match(plain)) or (is_unsure(plain) and len(plain.split()) <= 4)


_YES = re.compile(
    r"^(?:y|ye+s+|yep|yup|yeah|yea|yah|ya|yh|aye|sure|correct|true|right"
    r"|definitely|absolutely|ok|okay|i am|i do|it is|i agree|agreed|confirm)\b"
)
_NO = re.compile(r"^(?:n|no+|nope|nah|na|not really|never|false|negative|incorrect)\b")


def parse_yes_no(answer: object) -> bool | None:
    """True for yes ("yep", "Y", "YES"), False for no ("nah", "n"), else None.

    A button already gives a bool (the affirm/deny mapping); anything unsure or
    mixed ("not sure", "yes and no") is None, so the question is asked again.
    """
    if isinstance(answer, bool):
        return answer
    plain = _plain(str(answer))
    if is_unsure(plain):
        return None
    said_yes = bool(_YES.match(plain)) and not re.search(r"\b(?:no|nope|nah)\b", plain)
    said_no = bool(_NO.match(plain))
    if said_yes == said_no:
        return None
    return said_yes


# "a couple hundred" as well as "a couple of hundred".
_NUMBER_WORDS = {**NUMBER_WORDS, "couple": 2}
_MULTIPLIERS = {
    "k": 1_000,
    "grand": 1_000,
    "thousand": 1_000,
    "hundred": 100,
    "m": 1_000_000,
    "mil": 1_000_000,
    "million": 1_000_000,
}
_SLANG_AMOUNTS = {"fiver": 5, "tenner": 10, "score": 20, "ton": 100, "grand": 1_000}
_AMOUNT = re.compile(
    r"(?P<pound>£)?\s*(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|an?|one|two|three|four|five|six|seven|eight|nine|ten|couple(?: of)?|few)"
    r"\s*(?P<multiplier>k|grand|thousand|hundred|m|mil|million)?\b"
    r"(?:\s*(?P<unit>quid|pounds?|gbp|squid))?",
)
_SLANG = re.compile(
    r"\b(?:(?P<count>\d+|an?|one|two|three|four|five|couple of) )?"
    r"(?P<slang>fiver|tenner|score|ton|grand)s?\b"
)
# Larger than any property loss we take online: more likely a number typed in the
# wrong box (a phone number) than a value.
MAX_PROPERTY_VALUE = 100_000_000


def _count(text: str) -> float:
    return (
        _NUMBER_WORDS[text] if text in _NUMBER_WORDS else float(text.replace(",", ""))
    )


def parse_money(text: str) -> int | None:
    """Whole pounds: "about 300 quid" 300, "£1.2k" 1200, "1,500", "a tenner" 10.

    An amount marked as money (£, quid, k, grand) wins over a bare number.
    """
    plain = text.lower().replace("£ ", "£")
    slang = _SLANG.search(plain)
    if slang:
        count = _count(slang.group("count")) if slang.group("count") else 1
        return round(count * _SLANG_AMOUNTS[slang.group("slang")])
    amounts = []
    for match in _AMOUNT.finditer(plain):
        is_word = not match.group("number")[0].isdigit()
        marked = (
            match.group("pound") or match.group("multiplier") or match.group("unit")
        )
        if is_word and not match.group("multiplier"):
            continue
        value = _count(match.group("number"))
        value *= _MULTIPLIERS.get(match.group("multiplier") or "", 1)
        amounts.append((not marked, round(value)))
    if not amounts:
        return None
    value = min(amounts, key=lambda amount: amount[0])[1]
    return value if 0 <= value <= MAX_PROPERTY_VALUE else None


_NAME_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hey|ok|okay|yes|sure)\b[\s,.!]*)?"
    r"(?:my\s+(?:full\s+)?name\s+is|my\s+name'?s|(?:full\s+)?name\s*(?:is|:)"
    r"|i'?m|i\s+am|it'?s|this\s+is|call\s+me)\s+",
    re.IGNORECASE,
)
_NAME = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
MAX_NAME_WORDS = 6
# Words no name contains: "why do you need that" or "I'd rather not say" is not one.
_NOT_NAME_WORDS = frozenset(
    "i i'd me my you your why what how need that this the not don't dont rather"
    " would prefer want say".split()
)


def _tidy_word(word: str) -> str:
    """All-lower or all-capital words are capitalised; "McDonald" is left as typed."""
    return word.title() if word.islower() or word.isupper() else word


def parse_name(text: str) -> str | None:
    """The full name as given ("my name is jo bloggs" -> "Jo Bloggs").

    A first name and surname are needed: the surname is what a citizen gives
    later to check on their report.
    """
    name = _NAME_LEAD_IN.sub("", text.strip().replace("’", "'"))
    name = re.sub(r"[\s,.!]*(?:thanks|thank you|ta|cheers)?[\s,.!]*$", "", name)
    words = name.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS:
        return None
    if not all(_NAME.fullmatch(word) for word in words):
        return None
    if any(word.lower() in _NOT_NAME_WORDS for word in words):
        return None
    return " ".join(_tidy_word(word) for word in words)


_CONTACT_METHODS = (
    (
        "phone",
        re.compile(r"\b(?:phone|call|calls|ring|rings|landline|telephone|mobile)\b"),
    ),
    ("text", re.compile(r"\b(?:text|texts|txt|sms|message)\b")),
    ("email", re.compile(r"\b(?:email|e mail|mail)\b")),
)
# "don't call, text me": the method after a negation is the one not wanted.
_NEGATED = re.compile(r"\b(?:don'?t|do not|not|no|never)\s+(?:(?:by|via|on|a)\s+)?\w+")


def parse_contact_method(text: str) -> str | None:
    """The first of "phone", "text" or "email" that the answer asks for."""
    wanted = _NEGATED.sub(" ", _plain(text))
    found = [
        (match.start(), method)
        for method, pattern in _CONTACT_METHODS
        if (match := pattern.search(wanted))
    ]
    return min(found)[1] if found else None


def parse_email(text: str) -> str | None:
    """The first email address in the answer, lower-cased."""
    for pattern in _patterns("email"):
        match = pattern.search(text)
        if match:
            return match.group(0).lower()
    return None


def parse_phone(text: str) -> str | None:
    """A UK number in E.164 ("07700 900123", "+44 7700 900 123" -> "+447700900123")."""
    for pattern in _patterns("phone"):
        match = pattern.search(text)
        if match:
            return normalise_uk_phone(match.group(0))
    return normalise_uk_phone(text) if re.fullmatch(r"[\d\s()+-]+", text) else None


# Shaped like a postcode ("QQ1 1AA", "sw1a 1ck") whether or not Royal Mail uses it.
_POSTCODE_SHAPE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", re.IGNORECASE)


def parse_postcode(text: str) -> str | None:
    """The first valid UK postcode, written the Royal Mail way ("SW1A 1AA")."""
    for pattern in _patterns("postcode"):
        match = pattern.search(text)
        if match:
            return normalise_postcode(match.group(0))
    return None


def has_invalid_postcode(text: str) -> bool:
    """Something shaped like a postcode that is not a valid one: likely a typo."""
    return any(
        not any(pattern.fullmatch(match.group(0)) for pattern in _patterns("postcode"))
        for match in _POSTCODE_SHAPE.finditer(text)
    )


def parse_registration(text: str) -> str | None:
    """A number plate ("ab12cde" -> "AB12 CDE"), or a personal or part plate.

    The answer to "what was the registration?" is read in capitals, so an older
    plate typed in lower case ("a123 bcd") is found too.
    """
    upper = text.upper()
    for pattern in _patterns("vehicle_registration"):
        match = pattern.search(upper)
        if match:
            return normalise_registration(match.group(0))
    compact = re.sub(r"[\s-]+", "", upper)
    if re.fullmatch(r"(?=.*\d)(?=.*[A-Z])[A-Z\d]{2,7}", compact):
        return compact
    return None


_SERIOUS = re.compile(
    r"\b(?:serious\w*|severe\w*|badly|hospital\w*|a ?& ?e|a and e|ambulance"
    r"|broken|broke|fractur\w*|stab\w*|knife|unconscious|knocked out|concuss\w*"
    r"|stitches|head injury|bleeding a lot|life)\b"
)
_MINOR = re.compile(
    r"\b(?:minor|bruis\w*|scratch\w*|cuts?|graz\w*|sore|black eye|swollen|a bit"
    r"|slightly|little|small|shaken|not bad\w*)\b"
)
_UNHURT = re.compile(
    r"\b(?:no|none|nope|nah|not hurt|unhurt|nobody|no ?one|fine|ok|okay|no injur\w*"
    r"|not injured)\b"
)
# "not seriously hurt", "no broken bones": a negated word says what did not happen.
_NEGATED_WORD = re.compile(r"(?:\b(?:no|not|never)|n't)\s+\w+")


def parse_injury(text: str) -> str | None:
    """The injury level (none, minor or serious) from the citizen's description."""
    plain = _plain(text)
    if _SERIOUS.search(_NEGATED_WORD.sub(" ", plain)):
        return "serious"
    if _MINOR.search(plain) or re.search(r"\bnot (?:serious|bad)\w*", plain):
        return "minor"
    if _UNHURT.search(plain):
        return "none"
    return None
