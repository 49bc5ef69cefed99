"""STOP, START and HELP: the words people expect any text service to honour.

They are answered by the channel itself and never reach Rasa, so "stop" can
never be stored as the answer to a report question. Only a message that is
the keyword alone counts ("stop" does, "stop he's hitting me" does not), as
with Twilio's own opt-out handling; the synonyms are Twilio's standard ones.
"""

from __future__ import annotations

from enum import Enum


class Keyword(Enum):
    """What a keyword asks for."""

    STOP = "stop"
    START = "start"
    HELP = "help"


_KEYWORDS = {
    **dict.fromkeys(
        ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"), Keyword.STOP
    ),
    **dict.fromkeys(("START", "UNSTOP"), Keyword.START),
    **dict.fromkeys(("HELP", "INFO"), Keyword.HELP),
}
# YES is also Twilio's word for opting back in, but it is the everyday answer
# to the bot's yes/no questions: it means START only to someone opted out.
_START_WHEN_OPTED_OUT = "YES"


def keyword_in(body: str, opted_out: bool) -> Keyword | None:
    """The keyword a message is, if it is one."""
    word = body.strip().rstrip(".!").strip().upper()
    if opted_out and word == _START_WHEN_OPTED_OUT:
        return Keyword.START
    return _KEYWORDS.get(word)


def help_reply(force_name: str) -> str:
    """What the service is, and that it must never be relied on in an emergency."""
    return (
        f"This is the {force_name} contact assistant: crime reports, safety "
        "advice and a person when you need one. This number is not monitored for "
        "emergencies. In an emergency call 999. If you can't speak, call 999 and "
        "press 55. For anything else call 101. Reply STOP to stop messages."
    )


def start_reply(force_name: str) -> str:
    """The confirmation that messages will reach the citizen again."""
    return (
        f"You'll get messages from the {force_name} contact assistant again. "
        "Reply HELP for help or STOP to stop. In an emergency call 999."
    )
