"""Sends the assistant's and call handlers' messages to a Telegram chat.

Rasa addresses a reply to the conversation's sender id, a keyed hash; the chat
id behind it is looked up in the application database for each message, so
the bot's replies, and a handler's replies from the console (Rasa's
`output_channel=latest`), reach the same chat. A failed call to Telegram is
logged by its error class only: its message can hold the chat or the token.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from rasa.core.channels.channel import OutputChannel
from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import MessageLimit
from telegram.error import TelegramError

from channels.telegram_buttons import keyboard
from channels.telegram_link import TelegramLink
from channels.text_split import split_text, utf16_length

logger = logging.getLogger(__name__)

CHANNEL = "telegram"


class TelegramOutput(OutputChannel):
    """Text and inline keyboards, to the chat behind a sender id."""

    def __init__(self, link: TelegramLink) -> None:
        self._link = link

    @classmethod
    def name(cls) -> str:
        """The channel's name, as Rasa records it on each message."""
        return CHANNEL

    async def send_text_message(
        self, recipient_id: str, text: str, **kwargs: Any
    ) -> None:
        """Sends the text, split into as many messages as Telegram needs."""
        chat_id = self._chat_of(recipient_id)
        if chat_id is not None:
            await self.send_to_chat(chat_id, text)

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        """Sends the text with the buttons as an inline keyboard under it."""
        chat_id = self._chat_of(recipient_id)
        if chat_id is None:
            return
        # Kept before sending, so a press that comes at once finds them.
        self._link.contacts().set_buttons(recipient_id, buttons)
        await self.send_to_chat(chat_id, text, keyboard(buttons))

    async def send_to_chat(
        self, chat_id: str, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Sends to a chat id; the keyboard goes under the last piece of the text."""
        pieces = split_text(text, MessageLimit.MAX_TEXT_LENGTH, utf16_length)
        bot = await self._ready_bot()
        if bot is None:
            return
        for number, piece in enumerate(pieces, start=1):
            last = number == len(pieces)
            sent = await self._call(
                "sendMessage",
                bot.send_message(chat_id, piece, reply_markup=markup if last else None),
            )
            if sent is None:
                return  # the rest would arrive out of context

    async def answer_press(self, query_id: str, notice: str | None) -> None:
        """Stops the pressed button's spinner, showing the notice if there is one."""
        bot = await self._ready_bot()
        if bot is not None:
            await self._call(
                "answerCallbackQuery", bot.answer_callback_query(query_id, text=notice)
            )

    async def remove_keyboard(self, chat_id: str, message_id: int) -> None:
        """Takes the keyboard off a message, so each keyboard is pressed once."""
        bot = await self._ready_bot()
        if bot is not None:
            await self._call(
                "editMessageReplyMarkup",
                bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id),
                level=logging.WARNING,
            )

    async def _ready_bot(self) -> Bot | None:
        try:
            return await self._link.ready_bot()
        except TelegramError as error:
            logger.error("Telegram getMe failed (%s)", type(error).__name__)
            return None

    @staticmethod
    async def _call(
        method: str, request: Awaitable[Any], level: int = logging.ERROR
    ) -> Any | None:
        """The call's result, or None after logging the error's class."""
        try:
            return await request
        except TelegramError as error:
            logger.log(level, "Telegram %s failed (%s)", method, type(error).__name__)
            return None

    def _chat_of(self, recipient_id: str) -> str | None:
        chat_id = self._link.contacts().address_of(recipient_id)
        if chat_id is None:
            logger.warning("No Telegram chat is known for a conversation; not sent.")
        return chat_id
