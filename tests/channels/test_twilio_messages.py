import logging

from channels.twilio_messages import TwilioMessages
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, FORCE_NUMBER

CITIZEN = "+447700900123"


def messages(api, token=AUTH_TOKEN) -> TwilioMessages:
    return TwilioMessages(ACCOUNT_SID, token, FORCE_NUMBER, api.url)


async def test_a_message_is_created_through_the_api(twilio_api):
    assert await messages(twilio_api).send(CITIZEN, "Call 999 now.")
    [sent] = twilio_api.messages_to(CITIZEN)
    assert (sent.from_, sent.body) == (FORCE_NUMBER, "Call 999 now.")
    assert sent.sid.startswith("SM") and len(sent.sid) == 34


async def test_a_refused_send_is_logged_by_class_only(twilio_api, caplog):
    caplog.set_level(logging.DEBUG)
    assert not await messages(twilio_api, token="x" * 32).send(CITIZEN, "secret")
    assert twilio_api.messages_to(CITIZEN) == []
    assert "TwilioRestException" in caplog.text
    assert "7700900123" not in caplog.text and "secret" not in caplog.text


async def test_an_api_that_is_down_is_logged_and_survived(twilio_api, caplog):
    twilio_api.failing = True
    assert not await messages(twilio_api).send(CITIZEN, "hello")
    assert "could not be sent: TwilioRestException" in caplog.text


async def test_an_unreachable_api_is_logged_and_survived(caplog):
    unreachable = TwilioMessages(
        ACCOUNT_SID, AUTH_TOKEN, FORCE_NUMBER, "http://127.0.0.1:9"
    )
    assert not await unreachable.send(CITIZEN, "hello")
    assert "could not be sent: ConnectionError" in caplog.text
