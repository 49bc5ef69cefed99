"""The fake Bot API itself, over plain HTTP: JSON bodies and Telegram's errors."""

import pytest
import requests

from tests.fakes.telegram_api import TOKEN, FakeTelegramApi


@pytest.fixture
def api():
    with FakeTelegramApi() as running:
        yield running


def call(api, method, token=TOKEN, **params):
    return requests.post(f"{api.url}/bot{token}/{method}", json=params, timeout=10)


def test_a_json_send_message_answers_with_the_message(api):
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "b:1:0"}]]}
    reply = call(api, "sendMessage", chat_id=42, text="Safe?", reply_markup=markup)
    assert reply.status_code == 200
    body = reply.json()
    assert body["ok"] is True
    sent = body["result"]
    assert (sent["chat"]["id"], sent["text"], sent["reply_markup"]) == (
        42,
        "Safe?",
        markup,
    )
    assert isinstance(sent["message_id"], int) and isinstance(sent["date"], int)
    assert api.wait_for(42, 1) == [sent]


@pytest.mark.parametrize(
    ("method", "token", "params", "status"),
    [
        ("getMe", "654321:wrong", {}, 401),
        ("sendMessage", TOKEN, {"chat_id": 42, "text": ""}, 400),
        ("sendMessage", TOKEN, {"chat_id": 42, "text": "x" * 4097}, 400),
        (
            "sendMessage",
            TOKEN,
            {
                "chat_id": 42,
                "text": "x",
                "reply_markup": {
                    "inline_keyboard": [[{"text": "Yes", "callback_data": "y" * 65}]]
                },
            },
            400,
        ),
        ("setWebhook", TOKEN, {"url": "https://x.example", "secret_token": "a b"}, 400),
        ("sendVoice", TOKEN, {"chat_id": 42}, 404),
    ],
)
def test_refusals_look_like_telegrams(api, method, token, params, status):
    reply = call(api, method, token, **params)
    assert reply.status_code == status
    body = reply.json()
    assert (body["ok"], body["error_code"]) == (False, status)
    assert body["description"]
    assert api.messages_to(42) == []
