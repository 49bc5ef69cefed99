"""Connecting the Telegram bot: `python -m bot telegram set-webhook`.

Tells Telegram to deliver the bot's updates to TELEGRAM_WEBHOOK_URL, with
TELEGRAM_SECRET_TOKEN in a header of each delivery (the channel refuses any
request without it), and only the kinds of update the channel reads. Prints
one line; a problem is one line on stderr, never a traceback, since
Telegram's error messages can repeat the bot's token.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError

from bot.settings import Settings
from bot.staff_cli import refuse
from channels.telegram_link import make_bot

ALLOWED_UPDATES = ["message", "callback_query"]


def add_commands(telegram: argparse.ArgumentParser) -> None:
    """Adds `set-webhook` under the `telegram` command."""
    commands = telegram.add_subparsers(dest="telegram_command", required=True)
    commands.add_parser(
        "set-webhook",
        help="register TELEGRAM_WEBHOOK_URL with Telegram, with the secret token",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Runs a `telegram` command; returns the process exit code."""
    missing = [
        name
        for name, value in (
            ("TELEGRAM_BOT_TOKEN", settings.telegram_bot_token),
            ("TELEGRAM_SECRET_TOKEN", settings.telegram_secret_token),
            ("TELEGRAM_WEBHOOK_URL", settings.telegram_webhook_url),
        )
        if not value
    ]
    if missing:
        return refuse(f"Set {' and '.join(missing)} first (see README, Telegram).")
    try:
        asyncio.run(_set_webhook(settings))
    except InvalidToken:
        return _fail(
            "Telegram did not accept TELEGRAM_BOT_TOKEN; check it with @BotFather."
        )
    except BadRequest as refusal:
        return _fail(f"Telegram refused the webhook: {refusal.message}")
    except NetworkError as error:
        return _fail(
            f"Could not reach {settings.telegram_api_url} ({type(error).__name__})."
        )
    except TelegramError as error:
        return _fail(f"Telegram refused the webhook ({type(error).__name__}).")
    print(
        f"Webhook set: Telegram now delivers updates to {settings.telegram_webhook_url}"
    )
    return 0


async def _set_webhook(settings: Settings) -> None:
    async with make_bot(settings) as bot:
        await bot.set_webhook(
            url=settings.telegram_webhook_url,
            secret_token=settings.telegram_secret_token,
            allowed_updates=ALLOWED_UPDATES,
        )


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1
