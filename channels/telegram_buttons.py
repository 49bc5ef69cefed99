"""Inline keyboards whose buttons carry their place in the keyboard, not their content.

Telegram keeps each button's `callback_data` (at most 64 bytes) on its servers
and sends it back when the button is pressed. A Rasa payload can be longer and
could one day hold something a citizen typed, so the data is only `b:`, a
fingerprint of the whole set of buttons and the button's position; the titles
and payloads stay in the application database (`ChannelContacts.set_buttons`).
A press on an older keyboard whose buttons differ from the ones last shown
fails the fingerprint and is refused, never read against the wrong buttons.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

PREFIX = "b"
FINGERPRINT_LENGTH = 8

Buttons = Sequence[Mapping[str, Any]]


def keyboard(buttons: Buttons) -> InlineKeyboardMarkup:
    """One button a row: titles are whole phrases ("No one was hurt")."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _title(button), callback_data=callback_data(buttons, i)
                )
            ]
            for i, button in enumerate(buttons)
        ]
    )


def callback_data(buttons: Buttons, index: int) -> str:
    """What the button at `index` sends back when pressed, e.g. `b:3f2a9c01:0`."""
    return f"{PREFIX}:{fingerprint(buttons)}:{index}"


def pressed_button(data: str, buttons: Buttons) -> Mapping[str, Any] | None:
    """The button the data names among those last shown; None if stale or unknown."""
    prefix, _, rest = data.partition(":")
    shown_with, _, position = rest.partition(":")
    if prefix != PREFIX or not (position.isascii() and position.isdigit()):
        return None
    index = int(position)
    if index >= len(buttons) or shown_with != fingerprint(buttons):
        return None
    return buttons[index]


def fingerprint(buttons: Buttons) -> str:
    """A short digest of the titles and payloads, in order."""
    shown = [[_title(button), button.get("payload", "")] for button in buttons]
    digest = hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode())
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def _title(button: Mapping[str, Any]) -> str:
    # Telegram refuses a button without text; Rasa allows one without a title.
    return str(button.get("title") or button.get("payload") or "?")
