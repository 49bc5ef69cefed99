"""A citizen on Telegram, for the e2e tests: updates in, the bot's replies out.

Updates are posted to the Rasa server's webhook as Telegram delivers them,
with the secret token; the bot's replies are read from the fake Bot API. The
channel handles an update before answering the webhook, so every reply to it
has reached the fake by the time `post` returns.
"""

from __future__ import annotations

from typing import Any

import requests

from bot.supervisor import AssistantStack
from channels.telegram import SECRET_HEADER
from tests.fakes import telegram_updates as updates
from tests.fakes.telegram_api import FakeTelegramApi


def webhook_url(stack: AssistantStack) -> str:
    return f"http://127.0.0.1:{stack.settings.rasa_port}/webhooks/telegram/webhook"


class TelegramCitizen:
    """One private chat with the bot."""

    def __init__(
        self, stack: AssistantStack, api: FakeTelegramApi, chat_id: int
    ) -> None:
        self.url = webhook_url(stack)
        self.secret = stack.settings.telegram_secret_token
        self.api = api
        self.chat_id = chat_id
        self.presses = 0

    def post(self, update: dict[str, Any]) -> requests.Response:
        """Delivers one update as Telegram does, with the secret token."""
        return requests.post(
            self.url, json=update, headers={SECRET_HEADER: self.secret}, timeout=60
        )

    def deliver(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        """Delivers an update; the bot's replies to it, as REST-style messages."""
        before = len(self.api.messages_to(self.chat_id))
        assert self.post(update).status_code == 200
        return [reply(sent) for sent in self.api.messages_to(self.chat_id)[before:]]

    def say(self, text: str) -> list[dict[str, Any]]:
        """Types a message."""
        return self.deliver(updates.text_update(self.chat_id, text))

    def press(self, title: str) -> list[dict[str, Any]]:
        """Presses the button with that title under the bot's last message."""
        on, data = self._latest_button(title)
        self.presses += 1
        return self.deliver(updates.press_update(self.chat_id, on, data))

    def send(self, answer: str) -> list[dict[str, Any]]:
        """Presses the button under the last message so titled, or else types."""
        try:
            self._latest_button(answer)
        except LookupError:
            return self.say(answer)
        return self.press(answer)

    def _latest_button(self, title: str) -> tuple[dict[str, Any], str]:
        """The bot's last message and the data of its button with that title."""
        sent = self.api.messages_to(self.chat_id)[-1:]
        for latest in sent:
            rows = (latest.get("reply_markup") or {}).get("inline_keyboard") or []
            for button in (button for row in rows for button in row):
                if button["text"].lower() == title.lower():
                    return latest, button["callback_data"]
        raise LookupError(f"no button titled {title!r} on the bot's last message")


def reply(sent: dict[str, Any]) -> dict[str, Any]:
    """A message the bot sent, shaped like a REST channel reply."""
    rows = (sent.get("reply_markup") or {}).get("inline_keyboard") or []
    buttons = [{"title": button["text"]} for row in rows for button in row]
    return {"text": sent["text"], **({"buttons": buttons} if buttons else {})}
