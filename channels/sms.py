"""The SMS channel: citizens text the force's Twilio number and the bot texts back.

Twilio posts each incoming text to `POST /webhooks/sms/webhook` and retries if
no answer comes within 15 seconds. So the webhook checks the signature,
records the message id (a retry is then recognised and dropped), answers at
once with empty TwiML, and the conversation turn runs in the background; the
bot's replies go out through Twilio's REST API. Until the TWILIO_ settings are
given the channel is off and its webhook answers 503: Rasa starts either way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError
from twilio.request_validator import RequestValidator

from bot.settings import Settings
from channels.sms_keywords import Keyword, help_reply, keyword_in, start_reply
from channels.sms_output import CHANNEL, SmsLine, SmsOutput, SmsTurn
from channels.sms_request import InboundSms, Refused, read_inbound_sms
from channels.sms_text import button_payload

# Turns normally take well under a second; see `_bot_turn`.
SLOW_TURN_SECONDS = 5.0
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class TwilioSMSInput(InputChannel):
    """Rasa's input channel for SMS through Twilio (credentials.yml names it)."""

    def __init__(self, settings: Settings) -> None:
        self._webhook_url = settings.twilio_webhook_url
        self._validator = RequestValidator(settings.twilio_auth_token)
        self._line = SmsLine(settings) if _configured(settings) else None
        # Background turns, held so they are not garbage-collected mid-way.
        self._turns: set[asyncio.Task] = set()

    @classmethod
    def name(cls) -> str:
        """The webhook is at /webhooks/sms/webhook."""
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Configured from the environment, like every other setting."""
        return cls(Settings.from_env())

    def get_output_channel(self) -> OutputChannel | None:
        """Lets call handlers' replies (`output_channel=latest`) reach the phone."""
        return None if self._line is None else SmsOutput(self._line)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The webhook Twilio calls for each incoming text."""
        webhook = Blueprint("sms_webhook", __name__)

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            if self._line is None:
                return response.text("The SMS channel is switched off.", status=503)
            # Behind a proxy Twilio calls another URL than the one seen here.
            public_url = self._webhook_url or request.url
            try:
                sms = await read_inbound_sms(request, self._validator, public_url)
            except Refused as refused:
                logger.info("SMS webhook refused (%s): %s", refused.status, refused)
                return response.text(refused.reason, status=refused.status)
            try:
                first = self._line.contacts.first_delivery(CHANNEL, sms.message_sid)
            except SQLAlchemyError as error:
                # Twilio retries later, and the message is not lost.
                logger.error("SMS not taken: database %s", type(error).__name__)
                return response.text("Try again later.", status=503)
            if first:
                self._start_turn(self._line, sms, on_new_message)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return webhook

    def _start_turn(
        self, line: SmsLine, sms: InboundSms, on_new_message: OnNewMessage
    ) -> None:
        turn = asyncio.create_task(_handle(line, sms, on_new_message))
        self._turns.add(turn)
        turn.add_done_callback(self._turns.discard)


def _configured(settings: Settings) -> bool:
    return all(
        (
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_from_number,
        )
    )


async def _handle(line: SmsLine, sms: InboundSms, on_new_message: OnNewMessage) -> None:
    """One text: a keyword answered here, anything else a turn of the bot."""
    try:
        contacts = line.contacts
        sender_id = contacts.remember(CHANNEL, sms.sender)
        keyword = keyword_in(sms.body, contacts.is_opted_out(sender_id))
        if keyword is not None:
            await _answer_keyword(line, sender_id, keyword)
        else:
            text = button_payload(sms.body, contacts.buttons(sender_id)) or sms.body
            await _bot_turn(line, sender_id, text, sms.message_sid, on_new_message)
    except Exception as error:  # a turn's failure must not take the server down
        logger.error("An SMS could not be handled: %s", type(error).__name__)


async def _bot_turn(
    line: SmsLine,
    sender_id: str,
    text: str,
    message_id: str,
    on_new_message: OnNewMessage,
) -> None:
    """Rasa's answer to one text, joined into as few SMS as fit.

    A slow turn (an action server that hangs) must not hold back what is
    ready, above all the 999 instruction, which Rasa says before any action:
    that much is sent at once, and the rest when the turn ends.
    """
    turn = SmsTurn()
    message = UserMessage(
        text, turn, sender_id, input_channel=CHANNEL, message_id=message_id
    )
    handling = asyncio.ensure_future(on_new_message(message))
    if not (await asyncio.wait({handling}, timeout=SLOW_TURN_SECONDS))[0]:
        await line.send_turn(sender_id, turn.take())
    await handling
    await line.send_turn(sender_id, turn.take())


async def _answer_keyword(line: SmsLine, sender_id: str, keyword: Keyword) -> None:
    force_name = line.settings.force_name
    if keyword is Keyword.STOP:
        # Twilio confirms an opt-out itself; from here on nothing is sent.
        line.contacts.set_opted_out(sender_id, True)
    elif keyword is Keyword.START:
        line.contacts.set_opted_out(sender_id, False)
        await line.send_turn(sender_id, [{"text": start_reply(force_name)}])
    else:
        await line.send_turn(sender_id, [{"text": help_reply(force_name)}])
