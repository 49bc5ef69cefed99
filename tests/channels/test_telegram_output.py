import logging

import pytest

from bot.settings import Settings
from channels.telegram_buttons import callback_data
from channels.telegram_link import TelegramLink
from channels.telegram_output import TelegramOutput
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi

CHAT = 7310000002
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


@pytest.fixture
def telegram_api():
    with FakeTelegramApi() as api:
        yield api


@pytest.fixture
async def link(database, telegram_api, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "s3cret_token-for-tests")
    monkeypatch.setenv("TELEGRAM_API_URL", telegram_api.url)
    monkeypatch.setenv("CHANNEL_ID_KEY", "k" * 32)
    opened = TelegramLink(Settings.from_env())
    yield opened
    await opened.close()


@pytest.fixture
def sender_id(link) -> str:
    return link.contacts().remember("telegram", str(CHAT))


async def test_a_reply_goes_to_the_chat_behind_the_sender_id(
    link, sender_id, telegram_api
):
    await TelegramOutput(link).send_response(sender_id, {"text": "Call 999 now."})
    [sent] = telegram_api.messages_to(CHAT)
    assert sent["text"] == "Call 999 now."
    assert "reply_markup" not in sent


async def test_buttons_become_an_inline_keyboard_and_are_remembered(
    link, sender_id, telegram_api
):
    output = TelegramOutput(link)
    await output.send_response(
        sender_id, {"text": "Is anyone in danger now?", "buttons": YES_NO}
    )
    [sent] = telegram_api.messages_to(CHAT)
    assert sent["reply_markup"]["inline_keyboard"] == [
        [{"text": "Yes", "callback_data": callback_data(YES_NO, 0)}],
        [{"text": "No", "callback_data": callback_data(YES_NO, 1)}],
    ]
    assert link.contacts().buttons(sender_id) == YES_NO


async def test_a_long_reply_is_split_with_the_keyboard_under_the_last_part(
    link, sender_id, telegram_api
):
    paragraphs = [f"Paragraph {n}." + " Some advice." * 100 for n in range(8)]
    text = "\n\n".join(paragraphs)
    await TelegramOutput(link).send_text_with_buttons(sender_id, text, YES_NO)
    sent = telegram_api.messages_to(CHAT)
    assert len(sent) == 3
    assert all(len(message["text"]) <= 4096 for message in sent)
    assert all(message["text"].endswith("Some advice.") for message in sent)
    assert "\n\n".join(message["text"] for message in sent) == text
    assert ["reply_markup" in message for message in sent] == [False, False, True]


async def test_a_conversation_with_no_known_chat_sends_nothing(link, telegram_api):
    await TelegramOutput(link).send_text_message("telegram-unknown", "Hi")
    assert telegram_api.calls("sendMessage") == []


async def test_a_send_error_is_logged_by_its_class_only(
    link, sender_id, telegram_api, caplog
):
    telegram_api.blocked_chats.add(CHAT)
    with caplog.at_level(logging.INFO):
        await TelegramOutput(link).send_text_message(sender_id, "Hi, I'm Sam.")
    assert telegram_api.messages_to(CHAT) == []
    assert "Telegram sendMessage failed (Forbidden)" in caplog.text
    assert "blocked" not in caplog.text and str(CHAT) not in caplog.text
    assert TOKEN not in caplog.text


async def test_a_rejected_token_is_logged_without_the_token(
    link, sender_id, telegram_api, caplog
):
    telegram_api.token = "654321:another-bot"
    with caplog.at_level(logging.DEBUG, logger="channels"):
        await TelegramOutput(link).send_text_message(sender_id, "Hi")
    assert "Telegram getMe failed (InvalidToken)" in caplog.text
    assert TOKEN not in caplog.text


async def test_a_keyboard_is_taken_off_its_message_and_a_press_answered(
    link, sender_id, telegram_api
):
    output = TelegramOutput(link)
    await output.send_text_with_buttons(sender_id, "Is anyone hurt?", YES_NO)
    [sent] = telegram_api.messages_to(CHAT)
    await output.answer_press("query-1", "No")
    await output.remove_keyboard(str(CHAT), sent["message_id"])
    assert telegram_api.calls("answerCallbackQuery") == [
        {"callback_query_id": "query-1", "text": "No"}
    ]
    assert "reply_markup" not in telegram_api.messages_to(CHAT)[0]
    # A second removal is refused by Telegram ("not modified"): only logged.
    await output.remove_keyboard(str(CHAT), sent["message_id"])
