"""Asks the NLU process to understand a message, so it runs on the other core.

The Rasa server is bound by Python's interpreter lock: the dialogue and the
NLU graph share one core however many threads run them. With `NLU_SERVER_URL`
set, each message is sent to the NLU process (`bot.nlu_server`), which holds
the same model. When that process cannot answer in time (stopped, restarting,
overloaded), the caller parses the message itself, so danger now is still
recognised: only speed depends on the NLU process, never an answer.
"""

from __future__ import annotations

import asyncio
import logging
import os
from functools import lru_cache
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

NLU_SERVER_URL_VARIABLE = "NLU_SERVER_URL"
# Long enough for a queue of 20 parses under load; short enough that a hung
# process delays a message by seconds, not by the channel's timeout.
PARSE_TIMEOUT_SECONDS = 3.0


class RemoteParser:
    """Rasa's `/model/parse` on the NLU process, over one keep-alive session."""

    def __init__(
        self, url: str, token: str, timeout: float = PARSE_TIMEOUT_SECONDS
    ) -> None:
        self._url = url.rstrip("/") + "/model/parse"
        # The API token is not personal data; the message goes in the body.
        self._params = {"token": token} if token else {}
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def parse(self, text: str) -> dict[str, Any] | None:
        """The NLU process's reading of `text`, or None when it gives none."""
        try:
            async with self._open_session().post(
                self._url, params=self._params, json={"text": text}
            ) as reply:
                if reply.status == 200:
                    return await reply.json()
                logger.warning(
                    "The NLU process answered %s; parsing here instead", reply.status
                )
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning(
                "The NLU process did not answer (%s); parsing here instead",
                type(error).__name__,
            )
        return None

    def _open_session(self) -> aiohttp.ClientSession:
        # Made on first use: a session belongs to the event loop that made it.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session


@lru_cache(maxsize=1)
def configured_parser() -> RemoteParser | None:
    """The parser `NLU_SERVER_URL` asks for, or None to parse in this process."""
    url = os.environ.get(NLU_SERVER_URL_VARIABLE, "")
    if not url:
        return None
    return RemoteParser(url, os.environ.get("RASA_API_TOKEN", ""))
