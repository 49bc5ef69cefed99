"""Command line: `python -m bot run` (everything) or `python -m bot web`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT, Settings


def main(argv: list[str] | None = None) -> int:
    """Parses the command and runs it."""
    parser = argparse.ArgumentParser(prog="python -m bot")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="start every process; Ctrl-C stops them")
    run.add_argument(
        "--model", type=Path, default=PROJECT_ROOT / "models" / "current.tar.gz"
    )
    commands.add_parser("web", help="serve the web chat page only")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.command == "run":
        from bot.supervisor import run_until_stopped

        return run_until_stopped(settings, args.model)
    from bot.web.app import serve

    serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
