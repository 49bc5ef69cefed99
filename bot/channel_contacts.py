"""Who is behind an SMS or Telegram conversation, kept apart from the conversation.

A conversation's sender id is a keyed hash of the phone number or chat id, so
the number never appears in Rasa's tracker store, its logs or a listing of
conversations; the address needed to reply is kept here, in the application
database. The same table remembers an SMS opt-out and the buttons last shown
(so "1" can be read as the first of them), and a second one makes each
webhook delivery count once, however often the provider retries it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Integer,
    String,
    UniqueConstraint,
    select,
)
from sqlalchemy.exc import IntegrityError

from bot.settings import VAR_DIR, Settings
from bot.storage import Base, Database, UtcDateTime, utcnow

KEY_FILE = VAR_DIR / "channel_id.key"


def sender_id_key(settings: Settings) -> bytes:
    """`CHANNEL_ID_KEY`, or a random key made once and kept in var/.

    Changing the key changes every SMS and Telegram sender id, so ongoing
    conversations would start afresh: a deployment sets it and keeps it.
    """
    if settings.channel_id_key:
        return settings.channel_id_key.encode()
    VAR_DIR.mkdir(exist_ok=True)
    try:
        descriptor = os.open(KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made before, or by another process just now
    else:
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(secrets.token_hex(32))
    return KEY_FILE.read_text().strip().encode()


class ChannelContact(Base):
    """One citizen on one channel: the address to reply to, and its state."""

    __tablename__ = "channel_contacts"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(80), nullable=False, unique=True)
    channel = Column(String(32), nullable=False)
    # E.164 phone number or Telegram chat id: personal data, stored only here.
    address = Column(String(64), nullable=False)
    opted_out = Column(Boolean, nullable=False, default=False)
    last_buttons = Column(JSON, nullable=False, default=list)
    updated_at = Column(UtcDateTime, nullable=False, default=utcnow, onupdate=utcnow)


class ChannelDelivery(Base):
    """A provider's message or update id, seen once: retries are dropped."""

    __tablename__ = "channel_deliveries"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(32), nullable=False)
    external_id = Column(String(64), nullable=False)
    received_at = Column(UtcDateTime, nullable=False, default=utcnow)


class ChannelContacts:
    """Sender ids, reply addresses, opt-outs, last buttons and delivery dedup."""

    def __init__(self, database: Database, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the sender-id key must be at least 16 bytes")
        self._db = database
        self._key = key

    def sender_id(self, channel: str, address: str) -> str:
        """A stable id for the address that reveals nothing without the key."""
        digest = hmac.new(
            self._key, f"{channel}:{address}".encode(), hashlib.sha256
        ).hexdigest()
        return f"{channel}-{digest[:40]}"

    def remember(self, channel: str, address: str) -> str:
        """Records the address to reply to; returns the conversation's sender id."""
        sender_id = self.sender_id(channel, address)
        with self._db.session() as session:
            if self._find(session, sender_id) is None:
                session.add(
                    ChannelContact(
                        sender_id=sender_id, channel=channel, address=address
                    )
                )
        return sender_id

    def address_of(self, sender_id: str) -> str | None:
        """The phone number or chat id behind a sender id, if known."""
        with self._db.session() as session:
            contact = self._find(session, sender_id)
            return None if contact is None else contact.address

    def set_opted_out(self, sender_id: str, opted_out: bool) -> None:
        """STOP and START: no message goes to an opted-out contact."""
        with self._db.session() as session:
            contact = self._find(session, sender_id)
            if contact is not None:
                contact.opted_out = opted_out

    def is_opted_out(self, sender_id: str) -> bool:
        """Whether the contact has asked for no more messages."""
        with self._db.session() as session:
            contact = self._find(session, sender_id)
            return bool(contact and contact.opted_out)

    def set_buttons(self, sender_id: str, buttons: list[dict[str, Any]]) -> None:
        """The buttons just shown, so a numbered reply can be read back."""
        with self._db.session() as session:
            contact = self._find(session, sender_id)
            if contact is not None:
                contact.last_buttons = [
                    {"title": b.get("title", ""), "payload": b.get("payload", "")}
                    for b in buttons
                ]

    def buttons(self, sender_id: str) -> list[dict[str, str]]:
        """The buttons last shown to the contact, oldest first."""
        with self._db.session() as session:
            contact = self._find(session, sender_id)
            return list(contact.last_buttons or []) if contact else []

    def first_delivery(self, channel: str, external_id: str) -> bool:
        """True the first time a delivery id is seen; False for every retry."""
        try:
            with self._db.session() as session:
                session.add(ChannelDelivery(channel=channel, external_id=external_id))
        except IntegrityError:
            return False
        return True

    @staticmethod
    def _find(session: Any, sender_id: str) -> ChannelContact | None:
        return session.execute(
            select(ChannelContact).where(ChannelContact.sender_id == sender_id)
        ).scalar_one_or_none()
