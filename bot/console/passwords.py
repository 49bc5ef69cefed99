"""Password rules and hashing (Argon2id) for console accounts."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12


class WeakPassword(ValueError):
    """The password is too short to be allowed."""


def check_strength(password: str) -> None:
    """Raises WeakPassword unless the password is long enough.

    Length is what makes a password hard to guess; composition rules mostly
    make people write passwords down.
    """
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")


def default_hasher() -> PasswordHasher:
    """argon2-cffi's current recommended parameters."""
    return PasswordHasher()


def verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    """True when the password matches; a wrong or unreadable hash is just False."""
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
