"""Console accounts from the command line: `python -m bot users add|list|disable`.

Passwords never appear on the command line, where `ps` and shell history would
show them: they are typed twice at a hidden prompt, or piped in as one line
with `--password-stdin`. Every change is audited under `--by NAME`, or the
operating-system login name when it is not given.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.console.models import ROLES
from bot.console.passwords import MIN_LENGTH, WeakPassword
from bot.console.users import (
    InvalidUsername,
    UnknownUser,
    UserExists,
    UserInfo,
    UserStore,
    normalise_username,
)
from bot.settings import Settings
from bot.staff_cli import (
    actor_name,
    database_unusable,
    login_name,
    refuse,
)
from bot.storage import Database, utcnow


class _NoPassword(Exception):
    """No usable password was given; the message says why."""


def add_commands(users: argparse.ArgumentParser) -> None:
    """Adds `add`, `password`, `list` and `disable` under the `users` command."""
    acting = argparse.ArgumentParser(add_help=False)
    acting.add_argument(
        "--by",
        type=actor_name,
        metavar="NAME",
        help="who is doing this, for the audit log (default: your login name)",
    )
    password = argparse.ArgumentParser(add_help=False)
    password.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line from standard input instead of asking",
    )
    commands = users.add_subparsers(dest="users_command", required=True)
    add = commands.add_parser(
        "add", parents=[acting, password], help="add a call handler or supervisor"
    )
    add.add_argument("username", type=_username)
    add.add_argument("--role", choices=ROLES, required=True)
    change = commands.add_parser(
        "password",
        parents=[acting, password],
        help="set a new password; lifts a lockout and signs the account out",
    )
    change.add_argument("username", type=_username)
    commands.add_parser("list", help="every account, with its role and state")
    disable = commands.add_parser(
        "disable", parents=[acting], help="stop an account signing in, at once"
    )
    disable.add_argument("username", type=_username)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Runs a `users` command; returns the process exit code."""
    actor = getattr(args, "by", None) or login_name()
    if actor is None and args.users_command != "list":
        return refuse("Cannot tell who you are: add --by NAME.")
    try:
        password = (
            _read_password(args.password_stdin)
            if args.users_command in ("add", "password")
            else None
        )
    except _NoPassword as refusal:
        return refuse(str(refusal))
    database = Database(settings.database_url)
    try:
        database.create_schema()
        users = UserStore(database)
        if args.users_command == "add":
            added = users.add(args.username, password, args.role, by=actor)
            print(f"Added {added.username} ({added.role.value}).")
        elif args.users_command == "password":
            users.set_password(args.username, password, by=actor)
            print(f"New password set for {args.username}; its sessions have ended.")
        elif args.users_command == "disable":
            users.disable(args.username, by=actor)
            print(f"{args.username} is disabled and signed out.")
        else:
            for line in _listing(users.list_users()):
                print(line)
    except WeakPassword:
        return refuse(f"A password needs at least {MIN_LENGTH} characters.")
    except UserExists:
        return refuse(f"There is already an account called {args.username}.")
    except UnknownUser:
        return refuse(f"No account is called {args.username}.")
    except SQLAlchemyError as error:
        return database_unusable(error)
    finally:
        database.engine.dispose()
    return 0


def _read_password(from_stdin: bool) -> str:
    """One line from stdin, or the same password typed twice at a hidden prompt."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise _NoPassword("No password on standard input.")
        return password
    try:
        password = getpass.getpass("Password: ")
        again = getpass.getpass("Password again: ")
    except (EOFError, KeyboardInterrupt):
        raise _NoPassword("No password given.") from None
    if password != again:
        raise _NoPassword("The two passwords differ; nothing was changed.")
    return password


def _username(text: str) -> str:
    try:
        return normalise_username(text)
    except InvalidUsername as invalid:
        raise argparse.ArgumentTypeError(f"{text!r}: {invalid}") from None


def _listing(users: list[UserInfo]) -> Iterator[str]:
    if not users:
        yield "No accounts."
        return
    yield f"{'username':<24}{'role':<12}state"
    now = utcnow()
    for user in users:
        yield f"{user.username:<24}{user.role.value:<12}{_state(user, now)}"


def _state(user: UserInfo, now: datetime) -> str:
    if user.disabled:
        return "disabled"
    if user.locked_until is not None and user.locked_until > now:
        return f"locked until {user.locked_until:%d/%m/%Y %H:%M} UTC"
    return "active"
