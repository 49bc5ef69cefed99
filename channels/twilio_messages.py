"""Sending SMS through Twilio's REST API (Messages.create), off the event loop.

The `twilio` library's client is synchronous; each send runs in a worker
thread so a slow API never holds up the Rasa server's other conversations.
The API's address can be changed (TWILIO_API_URL), so tests talk to a local
fake that speaks the same API. A failure is logged with its class only: a
Twilio error's message can quote the phone number, and the body is the
citizen's conversation.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any

from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

TWILIO_API_URL = "https://api.twilio.com"
SEND_TIMEOUT_SECONDS = 10.0

logger = logging.getLogger(__name__)
# Twilio's client logs every request at INFO, account SID and all; only its
# warnings belong in the Rasa server's log.
_http_logger = logging.getLogger(f"{__name__}.http")
_http_logger.setLevel(logging.WARNING)


class ApiAddressHttpClient(TwilioHttpClient):
    """Twilio's own HTTP client, with the API reached at a chosen address."""

    def __init__(self, api_url: str) -> None:
        super().__init__(timeout=SEND_TIMEOUT_SECONDS, logger=_http_logger)
        self._api_url = api_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        """Rewrites the library's `https://api.twilio.com` to the chosen address."""
        if url.startswith(TWILIO_API_URL):
            url = self._api_url + url[len(TWILIO_API_URL) :]
        return super().request(method, url, *args, **kwargs)


class TwilioMessages:
    """Sends text messages from the force's Twilio number."""

    def __init__(
        self, account_sid: str, auth_token: str, from_number: str, api_url: str
    ) -> None:
        self._client = Client(
            account_sid, auth_token, http_client=ApiAddressHttpClient(api_url)
        )
        self._from_number = from_number

    async def send(self, to: str, body: str) -> bool:
        """Sends one SMS; False (and logged) if Twilio did not take it."""
        create = partial(
            self._client.messages.create, to=to, from_=self._from_number, body=body
        )
        try:
            await asyncio.get_running_loop().run_in_executor(None, create)
        except Exception as error:  # the API, the network, a timeout: all alike
            logger.error("An SMS could not be sent: %s", type(error).__name__)
            return False
        return True
