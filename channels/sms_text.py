"""The bot's messages shaped for SMS: GSM-7 text, numbered options, three segments.

A message with a single character outside the GSM-7 alphabet (a curly quote,
an emoji) is sent as UCS-2, which cuts a segment from 153 characters to 67 and
triples the cost; some older phones show such characters as boxes. So text is
mapped to GSM-7 first. A long message is split at paragraph, then sentence,
then word boundaries (channels/text_split.py) so that each SMS is at most three
concatenated segments (3 x 153 septets), which every phone reassembles into
one message; short messages of one turn are joined into one SMS. Buttons
become numbered options, and a reply that is just a number stands for the
button it names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from channels.text_split import split_text

# GSM 03.38: the basic alphabet, and the extension table whose characters each
# take two septets (an escape and the character). ESC itself, CR and form feed
# are left out: nothing the bot says needs them.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€")
SEGMENT_SEPTETS = 153
MAX_SEGMENTS = 3
MAX_SEPTETS = SEGMENT_SEPTETS * MAX_SEGMENTS

# Typographic characters with a plain GSM-7 equivalent.
_EQUIVALENTS = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    **dict.fromkeys("•·", "-"),
    "…": "...",
    "⁄": "/",
    "×": "x",
    "\t": " ",
    "\r": "\n",
    "©": "(c)",
    "®": "(R)",
    "œ": "oe",
    "Œ": "OE",
    "ł": "l",
    "Ł": "L",
}
_NUMBERED_REPLY = re.compile(r"\s*(\d{1,2})\s*[.)]?\s*")


def to_gsm(text: str) -> str:
    """The text in GSM-7: look-alikes swapped in, accents dropped where needed.

    A character with no GSM-7 form at all (an emoji, a Chinese character) is
    dropped rather than turned into "?", which could be misread.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    shaped = "".join(_gsm_form(char) for char in text)
    shaped = re.sub(r" {2,}", " ", shaped)
    return re.sub(r" *\n *", "\n", shaped).strip()


def _gsm_form(char: str) -> str:
    if char in _EQUIVALENTS:
        return _EQUIVALENTS[char]
    if char in GSM_BASIC or char in GSM_EXTENSION:
        return char
    if unicodedata.category(char) == "Zs":
        return " "
    # "á" -> "a", "ﬁ" -> "fi", "½" -> "1/2": the compatibility decomposition,
    # without its accents, keeping only what GSM-7 can carry.
    return "".join(
        _EQUIVALENTS.get(part, part)
        for part in unicodedata.normalize("NFKD", char)
        if part in GSM_BASIC or part in GSM_EXTENSION or part in _EQUIVALENTS
    )


def septets(text: str) -> int:
    """The GSM-7 length: extension-table characters count twice."""
    return len(text) + sum(char in GSM_EXTENSION for char in text)


def numbered_options(buttons: list[dict[str, Any]], first: int = 1) -> str:
    """'Reply 1 for Yes, 2 for No.': what a button becomes in a text message."""
    options = ", ".join(
        f"{number} for {button.get('title', '')}"
        for number, button in enumerate(buttons, start=first)
    )
    return f"Reply {options}" + ("" if options[-1] in ".!?" else ".")


def button_payload(reply: str, buttons: list[dict[str, str]]) -> str | None:
    """The payload of the button a numbered reply ("2", " 2 ", "2.") picks."""
    match = _NUMBERED_REPLY.fullmatch(reply)
    if match is None:
        return None
    number = int(match.group(1))
    return buttons[number - 1]["payload"] if 1 <= number <= len(buttons) else None


def join_messages(texts: Iterable[str], limit: int = MAX_SEPTETS) -> list[str]:
    """Consecutive messages of one turn, joined into as few SMS as fit."""
    bodies: list[str] = []
    for text in texts:
        for part in split_text(text, limit, septets):
            joined = f"{bodies[-1]}\n\n{part}" if bodies else ""
            if joined and septets(joined) <= limit:
                bodies[-1] = joined
            else:
                bodies.append(part)
    return bodies


@dataclass(frozen=True)
class ShapedTurn:
    """What one turn of the bot sends: the SMS bodies, and the options numbered."""

    bodies: list[str]
    buttons: list[dict[str, Any]]


def shape_turn(messages: Iterable[dict[str, Any]]) -> ShapedTurn:
    """The bot's messages as SMS; options run on from 1 across the whole turn."""
    texts: list[str] = []
    buttons: list[dict[str, Any]] = []
    for message in messages:
        text = message.get("text") or ""
        own_buttons = message.get("buttons") or []
        if own_buttons:
            text = f"{text}\n{numbered_options(own_buttons, first=len(buttons) + 1)}"
            buttons.extend(own_buttons)
        shaped = to_gsm(text)
        if shaped:
            texts.append(shaped)
    return ShapedTurn(join_messages(texts), buttons)
