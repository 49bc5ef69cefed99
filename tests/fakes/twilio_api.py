"""A local stand-in for Twilio's REST API: Messages.create, as the real one answers it.

`POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with the form fields
To, From and Body, authenticated with HTTP basic auth (account SID and auth
token), answers 201 with the message resource; bad credentials get 401 and
missing fields 400, with Twilio's error codes. Every accepted message is
recorded, and a test can wait for the messages to a number to arrive.

Its segment count is worked out from its own GSM 03.38 table, not the
channel's, so it is an independent check of what the channel sends.
"""

from __future__ import annotations

import base64
import math
import re
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from tests.fakes.loopback import JsonHandler, LoopbackServer

MESSAGES_PATH = re.compile(r"/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json")
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "\f^{}\\[~]|€"


@dataclass(frozen=True)
class SentMessage:
    """One message the channel asked Twilio to send."""

    sid: str
    to: str
    from_: str
    body: str
    encoding: str
    num_segments: int


def segments(body: str) -> tuple[str, int]:
    """The encoding Twilio would use and how many SMS segments the body takes."""
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in body):
        length = len(body) + sum(char in GSM_EXTENSION for char in body)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        length = len(body.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    return encoding, 1 if length <= single else math.ceil(length / part)


class FakeTwilioApi(LoopbackServer):
    """The fake API on a free loopback port, in a background thread."""

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.failing = False
        self._sent: list[SentMessage] = []
        self._arrived = threading.Condition()
        super().__init__(_handler_for(self))

    def messages_to(self, number: str) -> list[SentMessage]:
        """Every message sent to the number so far, oldest first."""
        with self._arrived:
            return [message for message in self._sent if message.to == number]

    def wait_for(self, number: str, count: int, timeout: float = 60) -> list[str]:
        """Blocks until `count` messages have gone to the number; their bodies."""
        with self._arrived:
            if not self._arrived.wait_for(
                lambda: len(self.messages_to(number)) >= count, timeout
            ):
                raise TimeoutError(f"{count} messages did not arrive in {timeout}s")
            return [message.body for message in self.messages_to(number)]

    def record(self, fields: dict[str, str]) -> dict[str, Any]:
        """Accepts a message; the resource the real API would answer with."""
        sid = "SM" + uuid.uuid4().hex
        encoding, num_segments = segments(fields["Body"])
        message = SentMessage(
            sid, fields["To"], fields["From"], fields["Body"], encoding, num_segments
        )
        with self._arrived:
            self._sent.append(message)
            self._arrived.notify_all()
        now = format_datetime(datetime.now(timezone.utc), usegmt=True)
        path = f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}"
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": message.body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": message.from_,
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": str(num_segments),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued",
            "subresource_uris": {"media": f"{path}/Media.json"},
            "to": message.to,
            "uri": f"{path}.json",
        }


def _handler_for(api: FakeTwilioApi) -> type[BaseHTTPRequestHandler]:
    class Handler(JsonHandler):
        def do_POST(self) -> None:
            path = MESSAGES_PATH.fullmatch(self.path)
            if path is None or path.group(1) != api.account_sid:
                return self._error(404, 20404, "The requested resource was not found")
            if not self._authenticated():
                return self._error(401, 20003, "Authenticate")
            if api.failing:
                return self._error(500, 20500, "Internal Server Error")
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode("utf-8"))
            fields = {name: values[0] for name, values in form.items()}
            for name, code, text in (
                ("To", 21604, "A 'To' phone number is required."),
                ("From", 21603, "A 'From' phone number is required."),
                ("Body", 21602, "Message body is required."),
            ):
                if not fields.get(name):
                    return self._error(400, code, text)
            if len(fields["Body"]) > 1600:
                return self._error(
                    400,
                    21617,
                    "The concatenated message body exceeds the 1600 "
                    "character limit.",
                )
            self._reply(201, api.record(fields))

        def _authenticated(self) -> bool:
            expected = base64.b64encode(
                f"{api.account_sid}:{api.auth_token}".encode()
            ).decode()
            return self.headers.get("Authorization") == f"Basic {expected}"

        def _error(self, status: int, code: int, message: str) -> None:
            self._reply(
                status,
                {
                    "code": code,
                    "message": message,
                    "more_info": f"https://www.twilio.com/docs/errors/{code}",
                    "status": status,
                },
            )

    return Handler
