"""Long replies cut into messages a channel accepts, at the most natural break.

Advice answers and report summaries are written as paragraphs; a cut in the
middle of a sentence, or of a phone number, is harder to read and to act on.
So each piece is as long as the channel allows and ends at the last paragraph
break in it, else the last line break, sentence end or space, and is cut
mid-word only when there is none in the second half of the piece.
"""

from __future__ import annotations

from collections.abc import Callable

# Coarsest first. A break is used only in the second half of the room left,
# so a break near the start does not leave a tiny message and many more after.
BREAKS = (("\n\n",), ("\n",), (". ", "? ", "! "), (" ",))


def split_text(text: str, limit: int, size: Callable[[str], int] = len) -> list[str]:
    """The text in pieces of at most `limit` (as measured by `size`), none empty."""
    pieces = []
    rest = text.strip()
    while size(rest) > limit:
        cut = _cut_at(rest, _room(rest, limit, size))
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts: most emoji count twice."""
    return len(text.encode("utf-16-le")) // 2


def _room(text: str, limit: int, size: Callable[[str], int]) -> int:
    """The longest prefix, in characters, whose size is within the limit."""
    shortest, longest = 1, min(len(text), limit)
    while shortest < longest:
        middle = (shortest + longest + 1) // 2
        if size(text[:middle]) <= limit:
            shortest = middle
        else:
            longest = middle - 1
    return shortest


def _cut_at(text: str, room: int) -> int:
    for separators in BREAKS:
        ends = [
            found + len(separator)
            for separator in separators
            if (found := text.rfind(separator, 0, room)) >= 0
        ]
        if ends and max(ends) > room // 2:
            return max(ends)
    return room
