"""Every setting the processes read, from environment variables with embedded defaults.

One place so an operator can see every switch (ports, databases, public URLs)
and so `make run` works on a fresh machine with no configuration at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


def _sqlite_url(name: str) -> str:
    return f"sqlite:///{VAR_DIR / name}"


@dataclass(frozen=True)
class Settings:
    """The assistant's configuration, read once at start-up."""

    host: str
    public_host: str
    rasa_port: int
    action_port: int
    web_port: int
    nlu_port: int
    nlu_process: bool
    database_url: str
    tracker_store_url: str
    redis_url: str
    quick_exit_url: str
    force_name: str
    handler_hours: str
    minutes_per_handoff: int
    rasa_api_token: str
    secure_cookies: bool
    channel_id_key: str
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_from_number: str
    twilio_webhook_url: str
    twilio_api_url: str
    telegram_bot_token: str
    telegram_secret_token: str
    telegram_webhook_url: str
    telegram_api_url: str

    @classmethod
    def from_env(cls) -> Settings:
        """Reads the environment; SQLite files under `var/` unless told otherwise."""
        env = os.environ
        database_url = env.get("DATABASE_URL") or _sqlite_url("assistant.db")
        return cls(
            host=env.get("HOST", "127.0.0.1"),
            public_host=env.get("PUBLIC_HOST", "localhost"),
            rasa_port=int(env.get("RASA_PORT", "5005")),
            action_port=int(env.get("ACTION_PORT", "5055")),
            web_port=int(env.get("WEB_PORT", "8000")),
            # Messages are understood in a process of their own, on the other
            # core (bot/nlu_server.py); "false" saves its memory (~1.4 GB).
            nlu_port=int(env.get("NLU_PORT", "5006")),
            nlu_process=env.get("NLU_PROCESS", "true").lower() != "false",
            database_url=database_url,
            tracker_store_url=env.get("TRACKER_STORE_URL")
            or (env.get("DATABASE_URL") or _sqlite_url("tracker.db")),
            # Several Rasa servers (or SANIC_WORKERS > 1) share one Redis lock
            # store, so one conversation's messages are handled one at a time.
            redis_url=env.get("REDIS_URL", ""),
            quick_exit_url=env.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather"),
            force_name=env.get("FORCE_NAME", "Police"),
            # See bot/opening_hours.py for the format; control rooms never close.
            handler_hours=env.get("HANDLER_HOURS", "24/7"),
            # A rough figure for "about N minutes" while a citizen waits.
            minutes_per_handoff=int(env.get("MINUTES_PER_HANDOFF", "5")),
            # Lets the web app (console) use the Rasa server's HTTP API; `make
            # run` makes a random one for each start when none is set.
            rasa_api_token=env.get("RASA_API_TOKEN", ""),
            # Set true when the console is served over HTTPS (it should be).
            secure_cookies=env.get("SECURE_COOKIES", "false").lower() == "true",
            # Keys the hash that stands for a phone number or chat id; without
            # it one is made and kept in var/ (see bot/channel_contacts.py).
            channel_id_key=env.get("CHANNEL_ID_KEY", ""),
            # SMS (channels/): off until the account's details are set.
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
            twilio_from_number=env.get("TWILIO_FROM_NUMBER", ""),
            # The exact public URL Twilio calls, which its signature covers
            # (behind a proxy it differs from the URL this server sees).
            twilio_webhook_url=env.get("TWILIO_WEBHOOK_URL", ""),
            twilio_api_url=env.get("TWILIO_API_URL", "https://api.twilio.com"),
            # Telegram (channels/): off until the bot's token is set.
            telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN", ""),
            telegram_secret_token=env.get("TELEGRAM_SECRET_TOKEN", ""),
            telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL", ""),
            telegram_api_url=env.get("TELEGRAM_API_URL", "https://api.telegram.org"),
        )

    @property
    def rasa_url(self) -> str:
        """Where browsers and tests reach the Rasa server."""
        return env_url(self.public_host, self.rasa_port)

    @property
    def rasa_internal_url(self) -> str:
        """Where the web app reaches the Rasa server's HTTP API."""
        return env_url(self.host, self.rasa_port)

    @property
    def action_endpoint(self) -> str:
        """Where the Rasa server reaches the action server."""
        return f"http://{self.host}:{self.action_port}/webhook"

    @property
    def nlu_url(self) -> str:
        """Where the Rasa server reaches the NLU process."""
        return env_url(self.host, self.nlu_port)

    @property
    def web_url(self) -> str:
        """The citizen web chat page."""
        return env_url(self.public_host, self.web_port)


def lock_store_environment(redis_url: str) -> dict[str, str]:
    """The variables endpoints.yml's `lock_store` reads, from one REDIS_URL.

    Empty: Rasa's in-memory lock store, right for a single server. Otherwise
    Rasa's Redis lock store, made atomic (bot/lock_store.py), at
    `redis://[:password@]host[:port][/db]`.
    """
    if not redis_url:
        return {
            "LOCK_STORE_TYPE": "in_memory",
            "LOCK_STORE_HOST": "",
            "LOCK_STORE_PORT": "6379",
            "LOCK_STORE_DB": "1",
            "LOCK_STORE_PASSWORD": "",
        }
    parts = urlsplit(redis_url)
    if parts.scheme != "redis" or not parts.hostname:
        raise ValueError(
            "REDIS_URL must look like redis://[:password@]host[:port][/db]"
        )
    return {
        "LOCK_STORE_TYPE": "bot.lock_store.AtomicRedisLockStore",
        "LOCK_STORE_HOST": parts.hostname,
        "LOCK_STORE_PORT": str(parts.port or 6379),
        "LOCK_STORE_DB": parts.path.strip("/") or "1",
        "LOCK_STORE_PASSWORD": unquote(parts.password or ""),
    }


def env_url(host: str, port: int) -> str:
    """An http URL for a host and port."""
    return f"http://{host}:{port}"
