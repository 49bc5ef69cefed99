"""Crime report references: `CR-YYYY-NNNNNN`, the year of submission and six digits.

The digits come from `secrets` so a reference cannot be guessed from another
one: knowing your own reference must not lead to your neighbour's.
"""

from __future__ import annotations

import re
import secrets

REFERENCE_PATTERN = re.compile(r"CR-\d{4}-\d{6}")


def six_random_digits() -> str:
    """Six digits, leading zeros kept, from the operating system's secure source."""
    return f"{secrets.randbelow(1_000_000):06d}"


def make_reference(year: int, digits: str) -> str:
    """The reference for a report submitted in `year`."""
    reference = f"CR-{year:04d}-{digits}"
    if not is_reference(reference):
        raise ValueError("a reference needs a four-digit year and six digits")
    return reference


def is_reference(text: str) -> bool:
    """True when `text` is exactly a reference in the contract's format."""
    return REFERENCE_PATTERN.fullmatch(text) is not None
