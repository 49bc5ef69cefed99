"""The tables behind console accounts and their sign-in sessions.

A session row holds only the SHA-256 of its token: the token itself lives in
the handler's cookie, so a copy of the database cannot be used to sign in.
"""

from __future__ import annotations

import enum

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
    select,
    text,
)
from sqlalchemy.orm import Session

from bot.storage import Base, UtcDateTime, utcnow


class Role(str, enum.Enum):
    """What an account may do; supervisors may also move others' requests."""

    HANDLER = "handler"
    SUPERVISOR = "supervisor"


ROLES = tuple(role.value for role in Role)


class ConsoleUser(Base):
    """A call handler's or supervisor's account.

    Accounts are disabled, never deleted, so the usernames in the audit log
    and on handoff requests keep naming someone.
    """

    __tablename__ = "console_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(Text, nullable=False)
    role = Column(String(16), nullable=False)
    # Consecutive wrong passwords since the last success or lockout.
    failed_logins = Column(Integer, nullable=False, default=0, server_default=text("0"))
    locked_until = Column(UtcDateTime)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    disabled = Column(Boolean, nullable=False, default=False, server_default=false())


class SessionRecord(Base):
    """A signed-in browser: found by its token's hash, ended by expiry or logout."""

    __tablename__ = "console_sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    csrf_token = Column(String(64), nullable=False)
    user_id = Column(
        Integer,
        ForeignKey("console_users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    last_seen_at = Column(UtcDateTime, nullable=False, default=utcnow)
    expires_at = Column(UtcDateTime, nullable=False)


def enabled_role(session: Session, username: str) -> Role | None:
    """The role of the enabled account called `username`, or None."""
    role = session.execute(
        select(ConsoleUser.role).where(
            ConsoleUser.username == username, ConsoleUser.disabled.is_(False)
        )
    ).scalar_one_or_none()
    return None if role is None else Role(role)
