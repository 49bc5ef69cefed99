"""The Telegram channel's handles on the Bot API and on the contacts store.

Rasa builds every channel listed in credentials.yml when it starts, configured
or not, so nothing here reaches Telegram or the database until the first update
arrives or the first reply is sent; the Bot's `initialize` (Telegram's getMe,
which also checks the token) runs once, then.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot

from bot.channel_contacts import ChannelContacts, sender_id_key
from bot.settings import Settings
from bot.storage import Database


def make_bot(settings: Settings) -> Bot:
    """A Bot for the configured Bot API (Telegram's own, or a local stand-in)."""
    # httpx logs every request's URL at INFO, and Bot API URLs hold the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    api = settings.telegram_api_url.rstrip("/")
    return Bot(
        settings.telegram_bot_token,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
    )


class TelegramLink:
    """One Bot and one contacts store for the Rasa server's lifetime, made on use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._bot: Bot | None = None
        self._database: Database | None = None
        self._contacts: ChannelContacts | None = None
        self._initializing = asyncio.Lock()

    @property
    def enabled(self) -> bool:
        """Both the bot token and the webhook's secret token are set."""
        return bool(
            self.settings.telegram_bot_token and self.settings.telegram_secret_token
        )

    def bot(self) -> Bot:
        """The Bot, not yet necessarily initialized: enough to read an update."""
        if self._bot is None:
            self._bot = make_bot(self.settings)
        return self._bot

    async def ready_bot(self) -> Bot:
        """The Bot, initialized; raises TelegramError if Telegram cannot be reached."""
        bot = self.bot()
        async with self._initializing:
            await bot.initialize()  # returns at once after the first success
        return bot

    def contacts(self) -> ChannelContacts:
        """Sender ids, chat ids and last buttons, in the application database."""
        if self._contacts is None:
            database = Database(self.settings.database_url)
            database.create_schema()
            self._database = database
            self._contacts = ChannelContacts(database, sender_id_key(self.settings))
        return self._contacts

    async def close(self) -> None:
        """Closes the Bot's HTTP connections and the database engine."""
        if self._bot is not None:
            await self._bot.shutdown()
        if self._database is not None:
            self._database.engine.dispose()
