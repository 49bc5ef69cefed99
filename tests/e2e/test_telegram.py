"""The Telegram channel against the running servers, with a fake Telegram Bot API.

The fake starts first and the stack is pointed at it (TELEGRAM_API_URL), so
every reply the bot sends is a real Bot API call. Updates are posted to the
webhook as Telegram delivers them. The webhook's refusals are tested here too,
and at the end the Rasa log is checked for tracebacks, chat ids and the token.
"""

import itertools
import re
import sqlite3

import pytest
import requests
from sqlalchemy import select

from bench.report_journey import BURGLARY_ANSWERS, OPENING, walk_report
from bot.channel_contacts import ChannelContacts
from bot.reports import Report
from bot.storage import Database, HandoffRequest
from channels.telegram import SECRET_HEADER, STALE_BUTTON
from channels.telegram_updates import NOT_TEXT
from tests.e2e.conftest import MODEL, response_text, running_stack, texts
from tests.e2e.console_client import Console, add_user
from tests.e2e.telegram_citizen import TelegramCitizen, webhook_url
from tests.fakes import telegram_updates as updates
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi

SECRET = "e2e_Secret-token_0123456789"
CHANNEL_ID_KEY = "telegram-e2e-key-0123456789abcdef"
# The buttons a citizen presses rather than types, by the question they answer.
PRESSED = {
    "in_danger_now": "No",
    "injury": "No one was hurt",
    "contact_method": "Text message",
    "declaration": "Yes",
    "report_confirmed": "Send my report",
}
# Every chat id begins so, for the checks that none is stored or logged.
CHAT_ID_PREFIX = "5550001"
_chat_ids = itertools.count(int(CHAT_ID_PREFIX + "001"))


@pytest.fixture(scope="module")
def telegram_api():
    with FakeTelegramApi() as api:
        yield api


@pytest.fixture(scope="module")
def telegram_stack(telegram_api, tmp_path_factory):
    if not MODEL.exists():
        pytest.skip("no trained model: run `make train` first")
    with running_stack(
        tmp_path_factory.mktemp("telegram"),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_SECRET_TOKEN=SECRET,
        TELEGRAM_API_URL=telegram_api.url,
        CHANNEL_ID_KEY=CHANNEL_ID_KEY,
    ) as running:
        yield running


@pytest.fixture
def citizen(telegram_stack, telegram_api) -> TelegramCitizen:
    return TelegramCitizen(telegram_stack, telegram_api, next(_chat_ids))


def sender_id_of(stack, citizen: TelegramCitizen) -> str:
    """The conversation's id: a keyed hash of the chat id."""
    database = Database(stack.settings.database_url)
    contacts = ChannelContacts(database, CHANNEL_ID_KEY.encode())
    database.engine.dispose()
    return contacts.sender_id("telegram", str(citizen.chat_id))


def one_row(stack, query):
    database = Database(stack.settings.database_url)
    with database.session() as session:
        row = session.execute(query).scalar_one()
    database.engine.dispose()
    return row


def post_raw(stack, body: bytes, **headers: str) -> requests.Response:
    return requests.post(
        webhook_url(stack),
        data=body,
        headers={"Content-Type": "application/json", **headers},
        timeout=60,
    )


# The channel switched off


def test_the_channel_is_switched_off_without_its_tokens(stack):
    """First in the module, so the shared stack starts before the Telegram one
    has set its environment (running_stack keeps it until it stops)."""
    assert not stack.settings.telegram_bot_token
    reply = post_raw(stack, b"{}", **{SECRET_HEADER: SECRET})
    assert (reply.status_code, reply.text) == (
        503,
        "The Telegram channel is switched off.",
    )
    assert stack.exited() is None


# Conversations


def test_a_burglary_report_over_telegram_ends_with_a_stored_reference(
    telegram_stack, telegram_api, citizen
):
    answers = {**BURGLARY_ANSWERS, **PRESSED}
    journey = walk_report(citizen.send, OPENING, answers)

    assert journey.reference, texts(journey.last_replies)
    assert re.fullmatch(r"CR-\d{4}-\d{6}", journey.reference)
    assert citizen.presses >= 3
    assert journey.questions[-2:] == ["declaration", "report_confirmed"]
    assert len(telegram_api.calls("answerCallbackQuery")) >= citizen.presses
    report = one_row(
        telegram_stack, select(Report).where(Report.reference == journey.reference)
    )
    assert report.channel == "telegram"
    assert report.conversation_id == sender_id_of(telegram_stack, citizen)
    assert report.injury == "none" and report.contact_method == "text"
    # Each keyboard is taken off its message once pressed.
    assert all(
        "reply_markup" not in m for m in telegram_api.messages_to(citizen.chat_id)
    )


def test_an_advice_question_gets_the_topic_answer(citizen):
    replies = citizen.say("how do I stop my catalytic converter being nicked")
    assert texts(replies) == response_text("utter_advice/vehicle_crime_prevention")


def test_danger_now_is_answered_with_999_first(telegram_stack, citizen):
    replies = citizen.say("theres a man in my house with a knife")
    assert replies[0]["text"].startswith(
        "If you or anyone else is in danger now, call 999"
    )
    conversation_id = sender_id_of(telegram_stack, citizen)
    request = one_row(
        telegram_stack,
        select(HandoffRequest).where(HandoffRequest.conversation_id == conversation_id),
    )
    assert (request.priority, request.channel) == (1, "telegram")


def test_the_start_button_is_greeted_with_the_menu(citizen):
    [greeting] = [r for r in citizen.say("/start") if r.get("buttons")]
    assert [b["title"] for b in greeting["buttons"]] == [
        "Report a crime",
        "Safety advice",
        "Track my case",
        "Talk to a person",
    ]


def test_a_call_handler_speaks_to_the_citizen_from_the_console(
    telegram_stack, telegram_api, citizen
):
    assert "in the queue" in texts(citizen.say("can i speak to a real person please"))
    add_user("tg-sam")
    sam = Console(telegram_stack)
    assert sam.login("tg-sam").headers["Location"] == "/console"
    entry = sam.request_for(sender_id_of(telegram_stack, citizen))
    assert entry["channel"] == "telegram"
    sent = len(telegram_api.messages_to(citizen.chat_id))

    assert sam.post(f"/api/requests/{entry['id']}/claim").status_code == 200
    joined = telegram_api.wait_for(citizen.chat_id, sent + 1)[-1]
    assert joined["text"] == response_text("utter_handler_joined")
    assert citizen.say("hello is anyone there") == []
    reply = sam.post(
        f"/api/requests/{entry['id']}/reply", {"text": "Hi, I'm Sam. Are you safe?"}
    )
    assert reply.status_code == 200
    answer = telegram_api.wait_for(citizen.chat_id, sent + 2)[-1]
    assert answer["text"] == "Hi, I'm Sam. Are you safe?"


# What the webhook refuses or handles once


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "not-the-secret"}])
def test_a_wrong_or_missing_secret_token_is_refused(
    telegram_stack, telegram_api, headers
):
    chat_id = next(_chat_ids)
    body = updates.text_update(chat_id, "hello")
    refused = requests.post(webhook_url(telegram_stack), json=body, headers=headers)
    assert refused.status_code == 403
    assert telegram_api.messages_to(chat_id) == []


def test_a_repeated_update_is_handled_once(citizen, telegram_api):
    update = updates.text_update(citizen.chat_id, "hiya")
    first = citizen.deliver(update)
    assert first
    assert citizen.post(update).status_code == 200
    assert len(telegram_api.messages_to(citizen.chat_id)) == len(first)


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[" * 60000,
        b"[]",
        b"{}",
        b'{"update_id": "1"}',
        b'{"update_id": 1, "message": "hello"}',
        b'{"update_id": 2, "message": {"message_id": 1, "date": 0,'
        b' "chat": {"id": 1, "type": "private"}, "text": {"a": 1}}}',
    ],
)
def test_a_body_that_is_not_an_update_gets_400(telegram_stack, body):
    reply = post_raw(telegram_stack, body, **{SECRET_HEADER: SECRET})
    assert reply.status_code == 400
    assert "Traceback" not in reply.text


def test_an_oversized_body_gets_413_declared_or_streamed(telegram_stack, citizen):
    update = updates.text_update(citizen.chat_id, "a" * 70000)
    assert citizen.post(update).status_code == 413

    def chunks():
        yield b'{"update_id": 1, "message": {"text": "'
        for _ in range(100):
            yield b"a" * 1024

    streamed = requests.post(
        webhook_url(telegram_stack), data=chunks(), headers={SECRET_HEADER: SECRET}
    )
    assert streamed.status_code == 413
    assert citizen.api.messages_to(citizen.chat_id) == []


@pytest.mark.parametrize("data", ["b:00000000:0", "b:x:99", "/affirm", ""])
def test_a_press_with_unknown_data_is_answered_politely(citizen, telegram_api, data):
    citizen.say("hiya")
    menu = telegram_api.messages_to(citizen.chat_id)[-1]
    press = updates.press_update(citizen.chat_id, menu, data)
    assert citizen.deliver(press) == []
    query_id = press["callback_query"]["id"]
    answered = [
        call
        for call in telegram_api.calls("answerCallbackQuery")
        if call["callback_query_id"] == query_id
    ]
    assert answered == [{"callback_query_id": query_id, "text": STALE_BUTTON}]


def test_a_keyboard_answered_by_typing_is_used_up(citizen, telegram_api):
    citizen.say("hiya")
    menu = telegram_api.messages_to(citizen.chat_id)[-1]
    data = menu["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    citizen.say("how do I stop my bike being stolen")
    assert citizen.deliver(updates.press_update(citizen.chat_id, menu, data)) == []
    assert telegram_api.calls("answerCallbackQuery")[-1]["text"] == STALE_BUTTON


def test_a_sticker_is_told_only_text_is_read(citizen):
    assert citizen.deliver(updates.sticker_update(citizen.chat_id)) == [
        {"text": NOT_TEXT}
    ]


def test_an_edited_message_is_told_to_send_it_again(citizen):
    [answer] = citizen.deliver(updates.edited_update(citizen.chat_id, "tuesday"))
    assert "new message" in answer["text"] and "999" in answer["text"]


def test_an_update_that_is_no_message_is_left_alone(citizen):
    assert citizen.deliver(updates.blocked_update(citizen.chat_id)) == []


def test_chat_ids_stay_out_of_conversations(telegram_stack):
    tracker_db = telegram_stack.settings.tracker_store_url.removeprefix("sqlite:///")
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute("SELECT sender_id, data FROM events").fetchall()
    assert rows
    stored = "\n".join(f"{sender}\t{data}" for sender, data in rows)
    assert CHAT_ID_PREFIX not in stored


def test_the_rasa_log_has_no_traceback_chat_id_or_token(telegram_stack):
    """Last in the module: it reads what every test above left in the log."""
    log = (telegram_stack.log_dir / "rasa_server.log").read_text(errors="replace")
    assert "Traceback" not in log
    assert CHAT_ID_PREFIX not in log
    assert TOKEN.split(":")[1] not in log
    assert telegram_stack.exited() is None
