"""Console accounts: add one, set its password, disable it, list them.

Every change is audited under the name of whoever made it, with the account's
username and role only: never a password or its hash.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import audit
from bot.audit import AuditAction
from bot.console.models import ConsoleUser, Role, SessionRecord
from bot.console.passwords import check_strength, default_hasher
from bot.storage import Database, utcnow

# Who changed an account when the caller does not say: a setup script, say.
SYSTEM = "system"
# Lower case, so "PC.Jones" and "pc.jones" cannot be two accounts.
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class InvalidUsername(ValueError):
    """Usernames are 1 to 64 letters, digits, dots, dashes or underscores."""


class UnknownRole(ValueError):
    """Roles are `handler` and `supervisor`."""


class UserExists(ValueError):
    """An account already has this username."""


class UnknownUser(LookupError):
    """No account has this username."""


@dataclass(frozen=True)
class UserInfo:
    """An account as the console and CLI show it; never the password hash.

    Attributes:
        username: the sign-in name, lower case.
        role: handler or supervisor.
        disabled: True once disabled; it can no longer sign in.
        locked_until: when a lockout after wrong passwords ends (UTC), or None.
        created_at: when the account was added (UTC).
    """

    username: str
    role: Role
    disabled: bool
    locked_until: datetime | None
    created_at: datetime


def normalise_username(text: str) -> str:
    """The username in its stored form, lower case without spaces around it.

    Raises:
        InvalidUsername: it has other characters, or is empty or too long.
    """
    username = text.strip().lower()
    if not _USERNAME.fullmatch(username):
        raise InvalidUsername(
            "a username is 1 to 64 letters, digits, dots, dashes or underscores"
        )
    return username


class UserStore:
    """Adds and changes console accounts."""

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime] = utcnow,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self._db = database
        self._clock = clock
        self._hasher = hasher or default_hasher()

    def add(
        self, username: str, password: str, role: Role | str, *, by: str = SYSTEM
    ) -> UserInfo:
        """Adds an enabled account.

        Raises:
            InvalidUsername: the username has characters not allowed.
            UnknownRole: the role is not handler or supervisor.
            WeakPassword: the password is shorter than 12 characters.
            UserExists: the username is taken, even by a disabled account.
        """
        username = normalise_username(username)
        role = _role(role)
        check_strength(password)
        user = ConsoleUser(
            username=username,
            password_hash=self._hasher.hash(password),
            role=role.value,
            failed_logins=0,
            created_at=self._clock(),
            disabled=False,
        )
        try:
            with self._db.session() as session:
                session.add(user)
                audit.record(
                    session,
                    by,
                    AuditAction.USER_ADDED,
                    username=username,
                    role=role.value,
                )
        except IntegrityError:
            if self.get(username) is None:
                raise
            raise UserExists(username) from None
        return _info(user)

    def set_password(self, username: str, password: str, *, by: str = SYSTEM) -> None:
        """Replaces the password, lifts any lockout and ends the account's sessions.

        Raises:
            WeakPassword: the password is shorter than 12 characters.
            UnknownUser: no account has this username.
        """
        check_strength(password)
        password_hash = self._hasher.hash(password)
        with self._db.session() as session:
            user = _account(session, username)
            user.password_hash = password_hash
            user.failed_logins = 0
            user.locked_until = None
            _end_sessions(session, user)
            audit.record(session, by, AuditAction.PASSWORD_SET, username=user.username)

    def disable(self, username: str, *, by: str = SYSTEM) -> None:
        """Stops the account signing in and ends its sessions at once.

        Raises:
            UnknownUser: no account has this username.
        """
        with self._db.session() as session:
            user = _account(session, username)
            user.disabled = True
            _end_sessions(session, user)
            audit.record(session, by, AuditAction.USER_DISABLED, username=user.username)

    def get(self, username: str) -> UserInfo | None:
        """The account called `username`, disabled or not, or None."""
        with self._db.session() as session:
            user = _find(session, username)
            return None if user is None else _info(user)

    def list_users(self) -> list[UserInfo]:
        """Every account, by username."""
        with self._db.session() as session:
            users = session.execute(
                select(ConsoleUser).order_by(ConsoleUser.username)
            ).scalars()
            return [_info(user) for user in users]


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UnknownRole(
            f"{role!r} is not a role: use handler or supervisor"
        ) from None


def _find(session: Session, username: str) -> ConsoleUser | None:
    try:
        username = normalise_username(username)
    except InvalidUsername:
        return None
    return session.execute(
        select(ConsoleUser).where(ConsoleUser.username == username)
    ).scalar_one_or_none()


def _account(session: Session, username: str) -> ConsoleUser:
    user = _find(session, username)
    if user is None:
        raise UnknownUser(username)
    return user


def _end_sessions(session: Session, user: ConsoleUser) -> None:
    session.execute(delete(SessionRecord).where(SessionRecord.user_id == user.id))


def _info(user: ConsoleUser) -> UserInfo:
    return UserInfo(
        username=user.username,
        role=Role(user.role),
        disabled=user.disabled,
        locked_until=user.locked_until,
        created_at=user.created_at,
    )
