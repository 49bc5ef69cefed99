"""Sending to a citizen's phone: the bot's turns and call handlers' replies.

Rasa knows a conversation only by its sender id, a keyed hash; the number
behind it is looked up in the application database at the moment of sending.
Nothing at all is sent to someone who has texted STOP, whoever is speaking.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from rasa.core.channels.channel import OutputChannel

from bot.channel_contacts import ChannelContacts, sender_id_key
from bot.settings import Settings
from bot.storage import Database
from channels.sms_text import shape_turn
from channels.twilio_messages import TwilioMessages

CHANNEL = "sms"

logger = logging.getLogger(__name__)


class SmsLine:
    """The force's SMS number: its Twilio account and who it is talking to."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.messages = TwilioMessages(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_from_number,
            settings.twilio_api_url,
        )

    @cached_property
    def contacts(self) -> ChannelContacts:
        """Opened on first use, so a database that is down cannot stop Rasa starting."""
        database = Database(self.settings.database_url)
        database.create_schema()
        return ChannelContacts(database, sender_id_key(self.settings))

    async def send_turn(
        self, sender_id: str, messages: Iterable[dict[str, Any]]
    ) -> None:
        """Shapes messages into as few SMS as fit and sends them, in order."""
        turn = shape_turn(messages)
        if not turn.bodies:
            return
        contacts = self.contacts
        address = contacts.address_of(sender_id)
        if address is None:
            logger.warning("An SMS reply has no number to go to.")
            return
        if contacts.is_opted_out(sender_id):
            logger.info("SMS reply not sent: the citizen has opted out.")
            return
        # The options just shown, so a reply of "2" can be read as the second.
        contacts.set_buttons(sender_id, turn.buttons)
        for body in turn.bodies:
            if not await self.messages.send(address, body):
                return


class SmsOutput(OutputChannel):
    """Rasa's output channel for SMS: each message is sent as it comes."""

    def __init__(self, line: SmsLine) -> None:
        self._line = line

    @classmethod
    def name(cls) -> str:
        """Matches the input channel, so `output_channel=latest` finds it."""
        return CHANNEL

    async def send_text_message(
        self, recipient_id: str, text: str, **kwargs: Any
    ) -> None:
        """A call handler's reply, or a message the bot sends on its own."""
        await self._line.send_turn(recipient_id, [{"text": text}])

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        """The text with its buttons as numbered options, in one message."""
        await self._line.send_turn(recipient_id, [{"text": text, "buttons": buttons}])


class SmsTurn(OutputChannel):
    """Collects one turn's messages, so they can be joined into fewer SMS.

    Its name is the channel's, so Rasa picks SMS variations of responses.
    """

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    @classmethod
    def name(cls) -> str:
        """The SMS channel's name: response variations are chosen by it."""
        return CHANNEL

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Keeps the message (text and buttons) to be sent with the rest."""
        self.messages.append(message)

    async def send_text_message(
        self, recipient_id: str, text: str, **kwargs: Any
    ) -> None:
        """Kept like any other message (Rasa calls `send_response` itself)."""
        self.messages.append({"text": text})

    def take(self) -> list[dict[str, Any]]:
        """The messages collected so far, which are then forgotten."""
        taken, self.messages = self.messages, []
        return taken
