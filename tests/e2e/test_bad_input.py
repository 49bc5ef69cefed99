"""Bad input gets a clear answer, never an error, and loses nothing captured."""

import uuid

import pytest

from tests.e2e.conftest import response_text, say, texts

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
    say(stack, sender, "no")
    for message in ("/restart", "", "😀"):
        say(stack, sender, message)
    replies = say(stack, sender, '/report_crime{"crime_type": "burglary"}')
    assert response_text("utter_ask_incident_description") in texts(replies)

    for message in ("😀", "a" * 20000):
        replies = say(stack, sender, message)
        assert response_text("utter_invalid_incident_description") in texts(replies)
    # A third failure on the same question queues a person, and asks again.
    replies = say(stack, sender, "\x00\x01")
    assert response_text("utter_handed_off_after_failures") in texts(replies)
    assert texts(replies).endswith(response_text("utter_ask_incident_description"))
    replies = say(stack, sender, "they smashed the back door and took my laptop")
    assert response_text("utter_ask_incident_date") in texts(replies)
