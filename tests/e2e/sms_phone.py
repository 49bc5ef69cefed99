"""A citizen's phone texting the force's Twilio number, for the SMS e2e tests.

Texts arrive at the Rasa server as Twilio delivers them: a signed form post to
the webhook. Replies are read from the fake Twilio API the channel sends to.
"""

from __future__ import annotations

import json
import random
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from twilio.request_validator import RequestValidator

from bot.channel_contacts import ChannelContacts
from bot.storage import Database
from bot.supervisor import AssistantStack
from tests.e2e.conftest import running_stack
from tests.fakes.twilio_api import FakeTwilioApi

ACCOUNT_SID = "AC" + "2" * 32
AUTH_TOKEN = "e2e-sms-auth-token-0123456789abcd"
FORCE_NUMBER = "+447700900000"
CHANNEL_ID_KEY = "e2e-sms-sender-id-key-0123456789"
# The turn is over once no more of its SMS arrive for this long.
QUIET_SECONDS = 1.0


@contextmanager
def sms_stack(
    workdir: Path, **extra_env: str
) -> Iterator[tuple[AssistantStack, FakeTwilioApi]]:
    """The real processes with SMS switched on, sending to a fake Twilio API."""
    with FakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN) as api, running_stack(
        workdir,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM_NUMBER=FORCE_NUMBER,
        TWILIO_API_URL=api.url,
        CHANNEL_ID_KEY=CHANNEL_ID_KEY,
        **extra_env,
    ) as stack:
        yield stack, api


def webhook_url(stack: AssistantStack) -> str:
    """The URL the Rasa server sees for the webhook."""
    return f"http://127.0.0.1:{stack.settings.rasa_port}/webhooks/sms/webhook"


# Ofcom's mobile numbers for drama (07700 900000-900999): no real phone is
# ever texted. Each phone gets its own, so conversations never mix.
_DRAMA_NUMBERS = iter(random.sample(range(200, 1000), 800))


def new_number() -> str:
    return f"+447700900{next(_DRAMA_NUMBERS)}"


def new_message_sid() -> str:
    return "SM" + uuid.uuid4().hex


def twilio_fields(number: str, body: str, message_sid: str = "") -> dict[str, str]:
    """The form Twilio posts for an incoming SMS."""
    sid = message_sid or new_message_sid()
    return {
        "ToCountry": "GB",
        "ToState": "",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": "GB",
        "To": FORCE_NUMBER,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": number,
        "ApiVersion": "2010-04-01",
    }


def signature(url: str, fields: dict[str, str]) -> str:
    return RequestValidator(AUTH_TOKEN).compute_signature(url, fields)


def post_webhook(
    stack: AssistantStack,
    fields: dict[str, str],
    signed_for: str | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """Posts a form as Twilio would, signed for `signed_for` (default: the URL)."""
    url = webhook_url(stack)
    all_headers = {"X-Twilio-Signature": signature(signed_for or url, fields)}
    return requests.post(url, data=fields, headers={**all_headers, **(headers or {})})


def contacts(stack: AssistantStack) -> ChannelContacts:
    """The running stack's channel contacts, as the Rasa server sees them."""
    return ChannelContacts(
        Database(stack.settings.database_url), CHANNEL_ID_KEY.encode()
    )


def tracker_events(stack: AssistantStack, sender_id: str) -> list[dict[str, Any]]:
    """The conversation's events, through Rasa's HTTP API."""
    url = (
        f"http://127.0.0.1:{stack.settings.rasa_port}/conversations/{sender_id}"
        f"/tracker?include_events=ALL&token={stack.api_token}"
    )
    with urllib.request.urlopen(url, timeout=30) as reply:
        return json.load(reply).get("events") or []


def user_texts(stack: AssistantStack, sender_id: str) -> list[str]:
    return [
        event.get("text") or ""
        for event in tracker_events(stack, sender_id)
        if event.get("event") == "user"
    ]


def rasa_log(workdir: Path) -> str:
    return (workdir / "logs" / "rasa_server.log").read_text(errors="replace")


class Phone:
    """One citizen's phone: texts the force and reads what comes back."""

    def __init__(self, stack: AssistantStack, api: FakeTwilioApi) -> None:
        self.stack = stack
        self.api = api
        self.number = new_number()
        self.sender_id = contacts(stack).sender_id("sms", self.number)

    def text(self, body: str, message_sid: str = "") -> requests.Response:
        """One SMS to the force, delivered as a signed webhook."""
        reply = post_webhook(self.stack, twilio_fields(self.number, body, message_sid))
        assert reply.status_code == 200, reply.text
        return reply

    def received(self) -> list[str]:
        """Every SMS the phone has been sent, oldest first."""
        return [message.body for message in self.api.messages_to(self.number)]

    def send(self, body: str) -> list[dict[str, Any]]:
        """Texts, then waits for the whole turn's replies (as REST's `say` gives).

        A button payload (as bench/report_journey.py answers) is sent as the
        number of the option that carries it, as a citizen would reply.
        """
        if body.startswith("/"):
            body = self.option_number(body)
        already = len(self.received())
        self.text(body)
        return [{"text": text} for text in self.replies_after(already)]

    def option_number(self, payload: str) -> str:
        payloads = [b["payload"] for b in contacts(self.stack).buttons(self.sender_id)]
        assert payload in payloads, f"{payload} is not among the options {payloads}"
        return str(payloads.index(payload) + 1)

    def replies_after(self, already: int, timeout: float = 60) -> list[str]:
        """The SMS that arrive after the first `already`, once they stop coming."""
        self.api.wait_for(self.number, already + 1, timeout)
        count = len(self.received())
        while True:
            time.sleep(QUIET_SECONDS)
            if len(self.received()) == count:
                return self.received()[already:]
            count = len(self.received())

    def stays_silent(self, seconds: float = 3.0) -> bool:
        """Nothing arrives for a while (after a turn that must not be answered)."""
        already = len(self.received())
        time.sleep(seconds)
        return len(self.received()) == already


def wait_until(condition: Callable[[], Any], timeout: float = 60) -> None:
    """Polls until the condition holds (a background turn has done its work)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)
