"""A local stand-in for Telegram's Bot API, answering as the real one does.

`POST /bot<token>/<method>` with the parameters as a form (the way
python-telegram-bot sends them, objects JSON-encoded), as JSON or in the query
string. Every answer is `{"ok": true, "result": ...}`, or `{"ok": false,
"error_code": ..., "description": ...}` with the same HTTP status, as
Telegram's: a wrong token gets 401 Unauthorized, an unknown method 404.

Methods: getMe, sendMessage (with an inline keyboard), answerCallbackQuery,
editMessageReplyMarkup and setWebhook, each with the real API's checks that
matter here: 1 to 4,096 characters of text (counted in UTF-16 code units),
buttons with text and 1 to 64 bytes of callback data, a webhook secret of 1 to
256 characters from A-Z a-z 0-9 _ -, an HTTPS webhook URL. A chat can be set
to block the bot (403, as when a citizen has blocked it). Every call is
recorded, and a test can wait for a number of messages to reach a chat.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.loopback import JsonHandler, LoopbackServer

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Police",
    "username": "police_contact_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
METHOD_PATH = re.compile(r"/bot([^/]+)/(\w+)")
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Form fields that python-telegram-bot JSON-encodes; the rest are plain text.
JSON_FIELDS = {"reply_markup", "allowed_updates", "show_alert", "message_id"}


class ApiError(Exception):
    """Telegram's answer to a call it refuses."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


@dataclass(frozen=True)
class ApiCall:
    """One call the channel made, with its parameters decoded."""

    method: str
    params: dict[str, Any]


class FakeTelegramApi(LoopbackServer):
    """The fake API on a free loopback port, in a background thread."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.blocked_chats: set[int] = set()
        self._calls: list[ApiCall] = []
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._message_ids = itertools.count(1000)
        self._changed = threading.Condition()
        super().__init__(_handler_for(self))

    def calls(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every accepted call to `method`, oldest first."""
        with self._changed:
            return [call.params for call in self._calls if call.method == method]

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        """Every message sent to the chat, as Telegram returned it, oldest first."""
        with self._changed:
            return [
                message
                for (chat, _), message in sorted(self._messages.items())
                if chat == chat_id
            ]

    def wait_for(
        self, chat_id: int, count: int, timeout: float = 60
    ) -> list[dict[str, Any]]:
        """Blocks until `count` messages have gone to the chat; all of them."""
        with self._changed:
            if not self._changed.wait_for(
                lambda: len(self.messages_to(chat_id)) >= count, timeout
            ):
                raise TimeoutError(f"{count} messages did not reach the chat")
            return self.messages_to(chat_id)

    def answer(self, token: str, method: str, params: dict[str, Any]) -> Any:
        """The result of a call; raises ApiError as Telegram would refuse it."""
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        handler = getattr(self, f"_{_snake(method)}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        with self._changed:
            result = handler(params)
            self._calls.append(ApiCall(method, params))
            self._changed.notify_all()
        return result

    def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = _chat_id(params)
        text = str(params.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        if chat_id in self.blocked_chats:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        message = {
            "message_id": next(self._message_ids),
            "from": {key: BOT_USER[key] for key in ("id", "is_bot", "first_name")},
            "chat": {"id": chat_id, "first_name": "Citizen", "type": "private"},
            "date": int(time.time()),
            "text": text,
        }
        markup = params.get("reply_markup")
        if markup is not None:
            message["reply_markup"] = _inline_keyboard(markup)
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        if not params.get("callback_query_id"):
            raise ApiError(400, "Bad Request: QUERY_ID_INVALID")
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (_chat_id(params), int(params.get("message_id") or 0))
        message = self._messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        keyboard = None if markup is None else _inline_keyboard(markup)
        if keyboard == message.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        if keyboard is None:
            message.pop("reply_markup")
        else:
            message["reply_markup"] = keyboard
        return message

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url") or "").startswith("https://"):
            raise ApiError(
                400,
                "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
            )
        secret = params.get("secret_token")
        if secret is not None and not SECRET_TOKEN.fullmatch(str(secret)):
            raise ApiError(
                400, "Bad Request: secret token contains unallowed characters"
            )
        return True


def _snake(method: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", method).lower()


def _chat_id(params: dict[str, Any]) -> int:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, "Bad Request: chat not found") from None


def _inline_keyboard(markup: Any) -> dict[str, Any]:
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list):
        raise ApiError(
            400, "Bad Request: can't parse reply keyboard markup JSON object"
        )
    for button in (button for row in rows for button in row):
        if not button.get("text"):
            raise ApiError(
                400, "Bad Request: text buttons are unallowed in the inline keyboard"
            )
        if not 1 <= len(str(button.get("callback_data", "")).encode()) <= 64:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return {"inline_keyboard": rows}


def _params(handler: BaseHTTPRequestHandler) -> dict[str, Any]:
    """The call's parameters from the query string and a form or JSON body."""
    params: dict[str, Any] = dict(parse_qsl(urlsplit(handler.path).query))
    length = int(handler.headers.get("Content-Length") or 0)
    body = handler.rfile.read(length) if length else b""
    if handler.headers.get_content_type() == "application/json":
        return {**params, **json.loads(body or b"{}")}
    params.update(parse_qsl(body.decode()))
    return {
        name: json.loads(value) if name in JSON_FIELDS else value
        for name, value in params.items()
    }


def _handler_for(api: FakeTelegramApi) -> type[BaseHTTPRequestHandler]:
    class Handler(JsonHandler):
        def do_POST(self) -> None:
            self._serve()

        def do_GET(self) -> None:
            self._serve()

        def _serve(self) -> None:
            path = METHOD_PATH.fullmatch(urlsplit(self.path).path)
            if path is None:
                return self._reply(
                    404, {"ok": False, "error_code": 404, "description": "Not Found"}
                )
            try:
                result = api.answer(path.group(1), path.group(2), _params(self))
            except ApiError as error:
                return self._reply(
                    error.status,
                    {
                        "ok": False,
                        "error_code": error.status,
                        "description": error.description,
                    },
                )
            self._reply(200, {"ok": True, "result": result})

    return Handler
