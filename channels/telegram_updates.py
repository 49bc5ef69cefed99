"""What a Telegram update asks of the assistant, read and checked in one place.

python-telegram-bot builds its objects from the JSON as given, without checking
the types inside, so a body that is not a well-formed Update is refused here
(the webhook answers 400) rather than failing halfway through a turn. Only
text in a private chat goes to the assistant; anything else a citizen sends
gets a short answer that still points to 999, and updates that are not a
citizen writing (channel posts, membership changes) are left alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from telegram import Bot, CallbackQuery, MaybeInaccessibleMessage, Message, Update

NOT_TEXT = "I can only read text messages here. In an emergency call 999."
EDITED = (
    "I can't read changes to a message. Please send it again as a new message. "
    "In an emergency call 999."
)
NOT_PRIVATE = (
    "I can only help in a private chat with me, not in a group. "
    "In an emergency call 999."
)


class NotAnUpdate(ValueError):
    """The body is not JSON, or not a Telegram Update this channel can read."""


@dataclass(frozen=True)
class TextMessage:
    """A citizen wrote to the assistant."""

    chat_id: int
    text: str


@dataclass(frozen=True)
class ButtonPress:
    """A citizen pressed a button of an inline keyboard."""

    chat_id: int
    query_id: str
    data: str
    message_id: int | None  # the message the keyboard is on, if Telegram says


@dataclass(frozen=True)
class Unreadable:
    """Something the assistant cannot read; the chat is told so."""

    chat_id: int
    answer: str


Incoming = TextMessage | ButtonPress | Unreadable


def update_from_body(body: bytes, bot: Bot) -> Update:
    """The Update in a webhook body; NotAnUpdate if it is not one."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:  # bad UTF-8 is a ValueError
        raise NotAnUpdate("not JSON") from error
    if not isinstance(data, dict) or not _is_int(data.get("update_id")):
        raise NotAnUpdate("no update_id")
    try:
        return Update.de_json(data, bot)
    except Exception as error:  # whatever a constructor trips over in bad JSON
        raise NotAnUpdate("not an Update") from error


def read_update(update: Update) -> Incoming | None:
    """What the update asks for; None when there is nothing to answer."""
    if update.message is not None:
        return _read_message(update.message)
    if update.edited_message is not None:
        chat_id, private = _chat(update.edited_message)
        return Unreadable(chat_id, EDITED) if private else None
    if update.callback_query is not None:
        return _read_press(update.callback_query)
    return None


def _read_message(message: Message) -> Incoming:
    chat_id, private = _chat(message)
    if not private:
        return Unreadable(chat_id, NOT_PRIVATE)
    if message.text is None:
        return Unreadable(chat_id, NOT_TEXT)
    if not isinstance(message.text, str):
        raise NotAnUpdate("text is not a string")
    return TextMessage(chat_id, message.text)


def _read_press(query: CallbackQuery) -> ButtonPress:
    message = query.message
    # A keyboard on a message sent through inline mode has no chat: the
    # presser's own id is the private chat's id.
    chat_id = _chat(message)[0] if message is not None else _user_id(query)
    message_id = None if message is None else message.message_id
    data = "" if query.data is None else query.data
    if not isinstance(query.id, str) or not isinstance(data, str):
        raise NotAnUpdate("callback query without an id or data")
    if message_id is not None and not _is_int(message_id):
        raise NotAnUpdate("message_id is not a number")
    return ButtonPress(chat_id, query.id, data, message_id)


def _chat(message: MaybeInaccessibleMessage) -> tuple[int, bool]:
    """The chat's id, and whether it is a private chat with one citizen."""
    chat = message.chat
    if chat is None or not _is_int(chat.id):
        raise NotAnUpdate("message without a chat")
    return chat.id, chat.type == "private"


def _user_id(query: CallbackQuery) -> int:
    user = query.from_user
    if user is None or not _is_int(user.id):
        raise NotAnUpdate("callback query without a user")
    return user.id


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
