import json

import pytest
from telegram import Bot

from channels.telegram_updates import (
    EDITED,
    NOT_PRIVATE,
    NOT_TEXT,
    ButtonPress,
    NotAnUpdate,
    TextMessage,
    Unreadable,
    read_update,
    update_from_body,
)
from tests.fakes import telegram_updates as updates
from tests.fakes.telegram_api import TOKEN

CHAT = 7310000001


def read(data) -> object:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return read_update(update_from_body(body, Bot(TOKEN)))


def test_a_text_message_goes_to_the_assistant():
    assert read(updates.text_update(CHAT, "my bike got nicked")) == TextMessage(
        CHAT, "my bike got nicked"
    )


def test_a_button_press_names_the_chat_the_query_and_the_keyboard():
    on = {**updates.message(CHAT, text="Is anyone in danger?"), "message_id": 42}
    press = read(updates.press_update(CHAT, on, "b:1234abcd:1"))
    assert isinstance(press, ButtonPress)
    assert (press.chat_id, press.data, press.message_id) == (CHAT, "b:1234abcd:1", 42)
    assert press.query_id


def test_a_press_on_a_message_too_old_to_see_still_names_the_chat():
    old = {"chat": updates.private_chat(CHAT), "message_id": 7, "date": 0}
    assert read(updates.press_update(CHAT, old, "b:1234abcd:0")).message_id == 7


def test_a_press_without_data_is_read_as_unknown_data():
    data = updates.press_update(CHAT, updates.message(CHAT, text="Hi"), "")
    del data["callback_query"]["data"]
    assert read(data).data == ""


@pytest.mark.parametrize(
    ("update", "answer"),
    [
        (updates.sticker_update(CHAT), NOT_TEXT),
        (updates.update(message=updates.message(CHAT, photo=[])), NOT_TEXT),
        (updates.edited_update(CHAT, "actually it was tuesday"), EDITED),
        (updates.group_text_update(-100123, CHAT, "anyone seen my cat"), NOT_PRIVATE),
    ],
    ids=["sticker", "photo", "edited", "group"],
)
def test_what_the_assistant_cannot_read_gets_a_short_answer(update, answer):
    assert read(update) == Unreadable(update_chat(update), answer)
    assert "999" in answer


def update_chat(update) -> int:
    message = update.get("message") or update.get("edited_message")
    return message["chat"]["id"]


@pytest.mark.parametrize(
    "update",
    [
        updates.blocked_update(CHAT),
        updates.update(
            channel_post={
                **updates.message(CHAT, text="news"),
                "chat": {"id": -1001, "title": "Force news", "type": "channel"},
            }
        ),
        updates.update(),
    ],
    ids=["my_chat_member", "channel_post", "empty"],
)
def test_updates_that_are_not_a_citizen_writing_are_left_alone(update):
    assert read(update) is None


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{not json",
        b"\xff\xfe",
        b"[" * 50000,
        b"[]",
        b'"update"',
        b"{}",
        b'{"update_id": "1"}',
        b'{"update_id": true}',
        b'{"update_id": 1, "message": "hello"}',
        b'{"update_id": 1, "message": {}}',
        b'{"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": 5}}',
        b'{"update_id": 1, "message": {"message_id": 1, "date": 1e300,'
        b' "chat": {"id": 1, "type": "private"}, "text": "hi"}}',
        b'{"update_id": 1, "message": {"message_id": 1, "date": 0,'
        b' "chat": {"id": "1", "type": "private"}, "text": "hi"}}',
        b'{"update_id": 1, "message": {"message_id": 1, "date": 0,'
        b' "chat": {"id": 1, "type": "private"}, "text": {"a": 1}}}',
        b'{"update_id": 1, "callback_query": {"id": 5, "from": {"id": 1,'
        b' "is_bot": false, "first_name": "J"}, "chat_instance": "1", "data": "b"}}',
    ],
)
def test_a_body_that_is_not_an_update_is_refused(body):
    with pytest.raises(NotAnUpdate):
        read(body)
