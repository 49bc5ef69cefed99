"""Telegram as a Rasa channel: `POST /webhooks/telegram/webhook`, replies to the chat.

Configured from the environment (`bot.settings`), not credentials.yml. Without
a bot token and a secret token the channel is off: its webhook answers 503 and
Rasa starts as usual. A request must carry the secret token given to Telegram
with the webhook (403 otherwise, before the body is read), be at most 64 kB
(413) and hold a Telegram Update (400). Each update_id is handled once, however
often Telegram retries it.

Updates are handled before the webhook answers: a turn takes well under a
second, Telegram waits far longer than that, and handling inline keeps a chat's
messages in order. A conversation's sender id is a keyed hash of the chat id
(`bot.channel_contacts`); the chat id itself is kept only in the application
database, never in the tracker, message metadata or a log.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import Settings
from channels.telegram_buttons import pressed_button
from channels.telegram_link import TelegramLink
from channels.telegram_output import CHANNEL, TelegramOutput
from channels.telegram_updates import (
    ButtonPress,
    Incoming,
    NotAnUpdate,
    Unreadable,
    read_update,
    update_from_body,
)

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few kB; anything far larger is not from Telegram.
MAX_BODY_BYTES = 64 * 1024
STALE_BUTTON = (
    "That button is out of date. Please type your answer, or use the buttons "
    "on my latest message."
)
# Telegram's Start button sends /start, which Rasa would read as an intent.
COMMANDS = {"/start": "/greet"}

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class TelegramInput(InputChannel):
    """The webhook Telegram calls with each update for the bot."""

    @classmethod
    def name(cls) -> str:
        """Gives the webhook its path, /webhooks/telegram/webhook."""
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        """Reads the environment; credentials.yml holds nothing for this channel."""
        return cls(Settings.from_env())

    def __init__(self, settings: Settings) -> None:
        self._link = TelegramLink(settings)
        self._output = TelegramOutput(self._link)

    def get_output_channel(self) -> TelegramOutput | None:
        """Where Rasa sends replies outside a webhook call (a handler's, say)."""
        return self._output if self._link.enabled else None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The webhook route, and closing the Bot's connections at shutdown."""
        telegram_webhook = Blueprint("telegram_webhook", __name__)

        @telegram_webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        @telegram_webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self._link.close()

        return telegram_webhook

    async def _receive(
        self, request: Request, on_new_message: OnNewMessage
    ) -> HTTPResponse:
        if not self._link.enabled:
            return response.text("The Telegram channel is switched off.", 503)
        given = request.headers.get(SECRET_HEADER, "").encode()
        expected = self._link.settings.telegram_secret_token.encode()
        if not hmac.compare_digest(given, expected):
            return response.text("Forbidden.", 403)
        body = await _read_body(request, MAX_BODY_BYTES)
        if body is None:
            return response.text("Too large for a Telegram update.", 413)
        try:
            update = update_from_body(body, self._link.bot())
            incoming = read_update(update)
        except NotAnUpdate:
            return response.text("Not a Telegram update.", 400)
        try:
            await self._link.ready_bot()
            if not self._link.contacts().first_delivery(CHANNEL, str(update.update_id)):
                return response.text("Already handled.")
            if incoming is not None:
                await self._handle(incoming, on_new_message)
        except Exception as error:  # logged without a traceback: it can hold text
            logger.error(
                "Telegram update %s not handled (%s)",
                update.update_id,
                type(error).__name__,
            )
            # Telegram retries; a retry after the update was counted is dropped.
            return response.text("Not handled.", 500)
        return response.text("OK")

    async def _handle(self, incoming: Incoming, on_new_message: OnNewMessage) -> None:
        if isinstance(incoming, Unreadable):
            await self._output.send_to_chat(str(incoming.chat_id), incoming.answer)
            return
        contacts = self._link.contacts()
        if isinstance(incoming, ButtonPress):
            sender_id = contacts.sender_id(CHANNEL, str(incoming.chat_id))
            text = await self._payload_of(sender_id, incoming)
            if text is None:
                return
        else:
            sender_id = contacts.remember(CHANNEL, str(incoming.chat_id))
            text = COMMANDS.get(incoming.text.strip(), incoming.text)
        # Whether pressed or answered by typing, a keyboard is used up.
        contacts.set_buttons(sender_id, [])
        await on_new_message(
            UserMessage(text, self._output, sender_id, input_channel=CHANNEL)
        )

    async def _payload_of(self, sender_id: str, press: ButtonPress) -> str | None:
        """The pressed button's payload; None, and a polite notice, if it is stale."""
        button = pressed_button(press.data, self._link.contacts().buttons(sender_id))
        # The pressed title is echoed briefly, as the keyboard goes away.
        notice = STALE_BUTTON if button is None else str(button.get("title") or "")
        await self._output.answer_press(press.query_id, notice or None)
        if press.message_id is not None:
            await self._output.remove_keyboard(str(press.chat_id), press.message_id)
        return None if button is None else str(button.get("payload", ""))


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it is known to be over the limit."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream:
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)
