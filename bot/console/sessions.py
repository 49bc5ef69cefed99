"""Signing in to the console: passwords, lockout, sessions and CSRF tokens.

A sign-in gets a new random session token every time (so a token planted
before sign-in is never promoted), and a separate random CSRF token for the
forms. Only the token's SHA-256 is stored. A session ends 8 hours after
sign-in however busy it is, and after 30 minutes without use.

Five wrong passwords in a row lock the account for 15 minutes, during which
even the right password is refused. An unknown username costs the same
password check as a known one, so timing does not tell which usernames exist.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot import audit
from bot.audit import AuditAction
from bot.console.models import ConsoleUser, Role, SessionRecord
from bot.console.passwords import default_hasher, verify
from bot.console.users import InvalidUsername, normalise_username
from bot.storage import Database, utcnow

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=8)
IDLE_TIMEOUT = timedelta(minutes=30)
# last_seen_at is written at most this often: the console polls several times
# a second, and a write per poll would buy idle timing no one needs.
TOUCH_INTERVAL = timedelta(minutes=1)
# The audit log's actor for a sign-in to no account: what was typed as the
# username may be a mistyped password, so it is not recorded.
UNKNOWN_ACTOR = "unknown"


@dataclass(frozen=True)
class ConsoleSession:
    """A signed-in handler, as the web app needs them; no ORM object leaks out.

    Attributes:
        id: the session's row id; stable for the session's life.
        username: who is signed in.
        role: handler or supervisor.
        csrf_token: to embed in forms and compare with `Authenticator.csrf_ok`.
        token: the secret for the session cookie; stored nowhere else.
        expires_at: when the session ends at the latest (UTC).
    """

    id: int
    username: str
    role: Role
    csrf_token: str = field(repr=False)
    token: str = field(repr=False)
    expires_at: datetime


@dataclass(frozen=True)
class _Account:
    id: int
    username: str
    role: Role
    password_hash: str = field(repr=False)
    disabled: bool
    locked_until: datetime | None


class Authenticator:
    """Signs handlers in and out and recognises their sessions.

    Making one costs a password hash (the stand-in for unknown usernames), so
    a web-app process makes one and keeps it.
    """

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime] = utcnow,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self._db = database
        self._clock = clock
        self._hasher = hasher or default_hasher()
        # Checked against when the username is unknown, for equal timing.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))

    def login(
        self, username: str, password: str, *, replacing: str | None = None
    ) -> ConsoleSession | None:
        """A new session when the password is right and the account may sign in.

        Args:
            username: as typed; case and surrounding spaces do not matter.
            password: as typed.
            replacing: the token of the browser's current session, if any;
                it ends when the new one starts.

        Returns:
            None for an unknown, disabled or locked account or a wrong
            password; the caller shows the same message for all of them.
        """
        account = self._account(username)
        matches = verify(
            self._hasher,
            self._dummy_hash if account is None else account.password_hash,
            password,
        )
        now = self._clock()
        if account is None:
            self._refuse(UNKNOWN_ACTOR, "unknown_user")
            return None
        if account.disabled:
            self._refuse(account.username, "disabled")
            return None
        if _locked(account.locked_until, now):
            self._refuse(account.username, "locked")
            return None
        if not matches:
            self._count_failure(account, now)
            return None
        return self._start_session(account, password, now, replacing)

    def session_for(self, token: str | None) -> ConsoleSession | None:
        """The live session with this cookie token, or None.

        An expired or idle session, or one whose account is disabled, is
        deleted and refused. A live one counts as used now.
        """
        if not token:
            return None
        now = self._clock()
        with self._db.session() as session:
            found = session.execute(
                select(SessionRecord, ConsoleUser)
                .join(ConsoleUser, ConsoleUser.id == SessionRecord.user_id)
                .where(SessionRecord.token_hash == token_digest(token))
            ).one_or_none()
            if found is None:
                return None
            record, user = found
            if (
                user.disabled
                or now >= record.expires_at
                or now - record.last_seen_at >= IDLE_TIMEOUT
            ):
                session.delete(record)
                return None
            if now - record.last_seen_at >= TOUCH_INTERVAL:
                record.last_seen_at = now
            return _console_session(record, user, token)

    def logout(self, token: str | None) -> bool:
        """Ends the session with this token; False when there was none."""
        if not token:
            return False
        with self._db.session() as session:
            found = session.execute(
                select(SessionRecord.id, ConsoleUser.username)
                .join(ConsoleUser, ConsoleUser.id == SessionRecord.user_id)
                .where(SessionRecord.token_hash == token_digest(token))
            ).one_or_none()
            if found is None:
                return False
            session_id, username = found
            session.execute(delete(SessionRecord).where(SessionRecord.id == session_id))
            audit.record(
                session, username, AuditAction.LOGGED_OUT, session_id=session_id
            )
        return True

    @staticmethod
    def csrf_ok(session: ConsoleSession, submitted_token: str | None) -> bool:
        """True when a form's CSRF token is the session's, compared in constant time."""
        if not submitted_token:
            return False
        return hmac.compare_digest(
            session.csrf_token.encode(), submitted_token.encode("utf-8", "replace")
        )

    def _account(self, username: str) -> _Account | None:
        try:
            username = normalise_username(username)
        except InvalidUsername:
            return None
        with self._db.session() as session:
            user = session.execute(
                select(ConsoleUser).where(ConsoleUser.username == username)
            ).scalar_one_or_none()
            if user is None:
                return None
            return _Account(
                id=user.id,
                username=user.username,
                role=Role(user.role),
                password_hash=user.password_hash,
                disabled=user.disabled,
                locked_until=user.locked_until,
            )

    def _refuse(self, actor: str, reason: str) -> None:
        with self._db.session() as session:
            audit.record(session, actor, AuditAction.LOGIN_FAILED, reason=reason)

    def _count_failure(self, account: _Account, now: datetime) -> None:
        """One more wrong password; the fifth in a row locks the account."""
        with self._db.session() as session:
            # Counted in SQL, so failures from several processes all count.
            session.execute(
                update(ConsoleUser)
                .where(ConsoleUser.id == account.id)
                .values(failed_logins=ConsoleUser.failed_logins + 1)
                .execution_options(synchronize_session=False)
            )
            failures = session.execute(
                select(ConsoleUser.failed_logins).where(ConsoleUser.id == account.id)
            ).scalar_one()
            audit.record(
                session,
                account.username,
                AuditAction.LOGIN_FAILED,
                reason="wrong_password",
                failures=failures,
            )
            if failures >= MAX_FAILURES:
                until = now + LOCKOUT
                session.execute(
                    update(ConsoleUser)
                    .where(ConsoleUser.id == account.id)
                    .values(failed_logins=0, locked_until=until)
                    .execution_options(synchronize_session=False)
                )
                audit.record(
                    session,
                    account.username,
                    AuditAction.ACCOUNT_LOCKED,
                    until=until.isoformat(),
                )

    def _start_session(
        self,
        account: _Account,
        password: str,
        now: datetime,
        replacing: str | None,
    ) -> ConsoleSession | None:
        changes: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
        if self._hasher.check_needs_rehash(account.password_hash):
            changes["password_hash"] = self._hasher.hash(password)
        token = secrets.token_urlsafe(32)
        with self._db.session() as session:
            # Conditional, so a lockout or disabling since the password check
            # (from another process) still wins.
            allowed = session.execute(
                update(ConsoleUser)
                .where(
                    ConsoleUser.id == account.id,
                    ConsoleUser.disabled.is_(False),
                    or_(
                        ConsoleUser.locked_until.is_(None),
                        ConsoleUser.locked_until <= now,
                    ),
                )
                .values(**changes)
                .execution_options(synchronize_session=False)
            ).rowcount
            if not allowed:
                audit.record(
                    session,
                    account.username,
                    AuditAction.LOGIN_FAILED,
                    reason="locked_or_disabled",
                )
                return None
            _end_stale_sessions(session, account.id, now, replacing)
            record = SessionRecord(
                token_hash=token_digest(token),
                csrf_token=secrets.token_urlsafe(32),
                user_id=account.id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
            session.add(record)
            session.flush()
            audit.record(
                session,
                account.username,
                AuditAction.LOGIN_SUCCEEDED,
                session_id=record.id,
            )
            return ConsoleSession(
                id=record.id,
                username=account.username,
                role=account.role,
                csrf_token=record.csrf_token,
                token=token,
                expires_at=record.expires_at,
            )


def token_digest(token: str) -> str:
    """The SHA-256 hex digest stored in place of a session token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def _end_stale_sessions(
    session: Session, user_id: int, now: datetime, replacing: str | None
) -> None:
    """Deletes the account's dead sessions, and the one being replaced."""
    stale = or_(
        SessionRecord.expires_at <= now,
        SessionRecord.last_seen_at <= now - IDLE_TIMEOUT,
    )
    session.execute(
        delete(SessionRecord).where(SessionRecord.user_id == user_id, stale)
    )
    if replacing:
        session.execute(
            delete(SessionRecord).where(
                SessionRecord.token_hash == token_digest(replacing)
            )
        )


def _console_session(
    record: SessionRecord, user: ConsoleUser, token: str
) -> ConsoleSession:
    return ConsoleSession(
        id=record.id,
        username=user.username,
        role=Role(user.role),
        csrf_token=record.csrf_token,
        token=token,
        expires_at=record.expires_at,
    )
