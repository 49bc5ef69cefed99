"""The console's handle on live conversations, through Rasa's own HTTP API.

A handler taking a conversation pauses the bot (Rasa's `ConversationPaused`
event), so the citizen's messages are logged for the handler and get no bot
reply. Handler replies are appended as bot events with `output_channel=latest`,
which Rasa sends on the channel the citizen last wrote from. Handing back
resumes the bot. Nothing here keeps conversation data of its own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import aiohttp

HANDLER_JOINED = "utter_handler_joined"
HANDLER_LEFT = "utter_handler_left"
LISTEN = "action_listen"


class RasaUnavailable(Exception):
    """The Rasa server did not answer or refused; the caller tells the handler."""


class LiveConversations:
    """Pauses, resumes and speaks into conversations held by the Rasa server."""

    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        self._base = base_url.rstrip("/")
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def take_over(self, conversation_id: str) -> None:
        """Tells the citizen a person has joined, then silences the bot."""
        await self._execute(conversation_id, HANDLER_JOINED)
        await self._append(conversation_id, [{"event": "pause"}])

    async def hand_back(self, conversation_id: str) -> None:
        """Wakes the bot, then tells the citizen they are back with it."""
        await self._append(conversation_id, [{"event": "resume"}])
        await self._execute(conversation_id, HANDLER_LEFT)

    async def say(self, conversation_id: str, handler: str, text: str) -> None:
        """Sends a handler's reply on the citizen's own channel."""
        event = {"event": "bot", "text": text, "metadata": {"handler": handler}}
        await self._append(conversation_id, [event])

    async def transcript(self, conversation_id: str) -> list[dict[str, Any]]:
        """What the citizen, the bot and handlers said, oldest first."""
        tracker = await self._request(
            "GET", conversation_id, "tracker", params={"include_events": "ALL"}
        )
        return [
            message for message in map(_message, tracker.get("events") or []) if message
        ]

    async def _execute(self, conversation_id: str, action: str) -> None:
        await self._request(
            "POST",
            conversation_id,
            "execute",
            json={"name": action},
            params={"output_channel": "latest"},
        )
        # As after any bot turn: the next message is read as an answer to this
        # one, so the dialogue rules (which expect a listen) apply again.
        await self._append(conversation_id, [{"event": "action", "name": LISTEN}])

    async def _append(self, conversation_id: str, events: list[dict]) -> None:
        await self._request(
            "POST",
            conversation_id,
            "tracker/events",
            json=events,
            params={"output_channel": "latest", "execute_side_effects": "true"},
        )

    async def _request(
        self,
        method: str,
        conversation_id: str,
        path: str,
        params: dict[str, str] | None = None,
        json: Any = None,
    ) -> dict[str, Any]:
        url = f"{self._base}/conversations/{quote(conversation_id, safe='')}/{path}"
        try:
            async with aiohttp.ClientSession(timeout=self._timeout) as session:
                async with session.request(
                    method,
                    url,
                    params={**(params or {}), "token": self._token},
                    json=json,
                ) as reply:
                    if reply.status >= 400:
                        raise RasaUnavailable(f"Rasa answered {reply.status}")
                    return await reply.json()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RasaUnavailable(type(error).__name__) from error


def _message(event: dict[str, Any]) -> dict[str, Any] | None:
    """A transcript line from a tracker event, or None for bookkeeping events."""
    kind = event.get("event")
    if kind == "user":
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        return {
            "from": "citizen",
            "text": event.get("text") or "",
            "at": event.get("timestamp"),
            "intent": intent,
        }
    if kind == "bot" and event.get("text"):
        handler = (event.get("metadata") or {}).get("handler")
        return {
            "from": "handler" if handler else "assistant",
            "handler": handler,
            "text": event["text"],
            "at": event.get("timestamp"),
        }
    return None
