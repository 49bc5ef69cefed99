"""Command line: `python -m bot run` (everything), `web`, or a staff command.

`reports` and `users` are for staff: crime reports, and console accounts;
`telegram set-webhook` connects the Telegram bot (README, Telegram).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import staff_cli, telegram_cli, users_cli
from bot.settings import PROJECT_ROOT, Settings


def main(argv: list[str] | None = None) -> int:
    """Parses the command and runs it."""
    parser = argparse.ArgumentParser(prog="python -m bot")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="start every process; Ctrl-C stops them")
    run.add_argument(
        "--model", type=Path, default=PROJECT_ROOT / "models" / "current.tar.gz"
    )
    run.add_argument(
        "--only",
        metavar="PROCESS",
        help='start just this process, e.g. "rasa server" (one per host or container)',
    )
    commands.add_parser("web", help="serve the web chat page only")
    staff_cli.add_commands(
        commands.add_parser("reports", help="crime reports: list, show, change status")
    )
    users_cli.add_commands(
        commands.add_parser("users", help="console accounts: add, list, disable")
    )
    telegram_cli.add_commands(
        commands.add_parser("telegram", help="Telegram: register the webhook")
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.command == "run":
        from bot.supervisor import run_until_stopped

        return run_until_stopped(settings, args.model, args.only)
    if args.command == "reports":
        return staff_cli.run(args, settings)
    if args.command == "users":
        return users_cli.run(args, settings)
    if args.command == "telegram":
        return telegram_cli.run(args, settings)
    from bot.web.app import serve

    serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
