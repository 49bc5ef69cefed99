"""Updates as Telegram delivers them to a webhook, for a citizen in a private chat.

The shapes follow the Bot API's Update, Message and CallbackQuery objects,
with what a real client sends (the sender, the chat, a date); each update gets
a new update_id, as Telegram's do.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

_update_ids = itertools.count(700000001)
_message_ids = itertools.count(1)


def citizen(chat_id: int) -> dict[str, Any]:
    """The Telegram user behind a private chat: same id as the chat."""
    return {"id": chat_id, "is_bot": False, "first_name": "Jo", "language_code": "en"}


def private_chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "first_name": "Jo", "type": "private"}


def message(chat_id: int, **content: Any) -> dict[str, Any]:
    """A new message from the citizen: `text=...`, or a sticker, photo and so on."""
    return {
        "message_id": next(_message_ids),
        "from": citizen(chat_id),
        "chat": private_chat(chat_id),
        "date": int(time.time()),
        **content,
    }


def update(**kinds: Any) -> dict[str, Any]:
    """An Update with a fresh update_id: `message=...`, `callback_query=...`."""
    return {"update_id": next(_update_ids), **kinds}


def text_update(chat_id: int, text: str) -> dict[str, Any]:
    return update(message=message(chat_id, text=text))


def press_update(chat_id: int, on: dict[str, Any], data: str) -> dict[str, Any]:
    """A press on a keyboard of the bot's message `on`, sending back `data`."""
    return update(
        callback_query={
            "id": f"{chat_id}{next(_update_ids)}",
            "from": citizen(chat_id),
            "message": on,
            "chat_instance": "-5551234567890",
            "data": data,
        }
    )


def sticker_update(chat_id: int) -> dict[str, Any]:
    sticker = {
        "file_id": "CAACAgIAAxkBAAIBZ2VhY2hvAAE",
        "file_unique_id": "AgADcwADwZxgDA",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "👍",
    }
    return update(message=message(chat_id, sticker=sticker))


def edited_update(chat_id: int, text: str) -> dict[str, Any]:
    edited = {**message(chat_id, text=text), "edit_date": int(time.time())}
    return update(edited_message=edited)


def group_text_update(group_id: int, from_id: int, text: str) -> dict[str, Any]:
    group = {"id": group_id, "title": "Neighbourhood watch", "type": "group"}
    return update(message={**message(from_id, text=text), "chat": group})


def blocked_update(chat_id: int) -> dict[str, Any]:
    """The citizen blocked the bot: a my_chat_member update, no message."""
    member = {"user": {"id": 123456, "is_bot": True, "first_name": "Police"}}
    return update(
        my_chat_member={
            "chat": private_chat(chat_id),
            "from": citizen(chat_id),
            "date": int(time.time()),
            "old_chat_member": {**member, "status": "member"},
            "new_chat_member": {**member, "status": "kicked", "until_date": 0},
        }
    )
