import asyncio
import logging

import pytest

from channels import sms
from channels.sms import TwilioSMSInput, _handle
from channels.sms_output import SmsLine, SmsOutput
from channels.sms_request import InboundSms

CITIZEN = "+447700900123"
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


class FakeRasa:
    """Stands in for Rasa's agent: records each message, answers with yes/no."""

    def __init__(self) -> None:
        self.received = []

    async def __call__(self, message) -> None:
        self.received.append(message)
        await message.output_channel.send_response(
            message.sender_id, {"text": "Are you safe?", "buttons": list(YES_NO)}
        )


@pytest.fixture
def line(sms_settings) -> SmsLine:
    return SmsLine(sms_settings)


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


def texted(body: str, number: int = 1) -> InboundSms:
    return InboundSms(f"SM{number:032x}", CITIZEN, body)


async def test_a_text_is_a_turn_of_the_bot_under_a_hashed_sender_id(
    line, rasa, twilio_api
):
    await _handle(line, texted("hello"), rasa)
    [message] = rasa.received
    assert message.text == "hello"
    assert message.sender_id == line.contacts.sender_id("sms", CITIZEN)
    assert "7700900123" not in message.sender_id
    assert (message.input_channel, message.metadata) == ("sms", None)
    assert message.message_id == texted("hello").message_sid
    assert twilio_api.messages_to(CITIZEN)[0].body == (
        "Are you safe?\nReply 1 for Yes, 2 for No."
    )


async def test_a_slow_turn_sends_what_is_ready_at_once(line, twilio_api, monkeypatch):
    monkeypatch.setattr(sms, "SLOW_TURN_SECONDS", 0.1)
    sent_while_busy = []

    async def slow_rasa(message) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "999"})
        await asyncio.sleep(1.0)  # an action server that hangs
        sent_while_busy.extend(m.body for m in twilio_api.messages_to(CITIZEN))
        await message.output_channel.send_response(message.sender_id, {"text": "Ok"})

    await _handle(line, texted("knife"), slow_rasa)
    assert sent_while_busy == ["999"]
    assert [m.body for m in twilio_api.messages_to(CITIZEN)] == ["999", "Ok"]


async def test_a_number_reaches_rasa_as_the_button_it_names(line, rasa):
    await _handle(line, texted("hello", 1), rasa)
    await _handle(line, texted(" 2. ", 2), rasa)
    await _handle(line, texted("7", 3), rasa)
    assert [m.text for m in rasa.received] == ["hello", "/deny", "7"]


async def test_stop_opts_out_and_never_reaches_rasa(line, rasa, twilio_api):
    await _handle(line, texted("STOP"), rasa)
    sender_id = line.contacts.sender_id("sms", CITIZEN)
    assert line.contacts.is_opted_out(sender_id)
    assert rasa.received == []
    # Later texts still reach the bot (danger now still raises a P1 for a
    # handler), but nothing at all is sent back.
    await _handle(line, texted("hello", 2), rasa)
    await SmsOutput(line).send_text_message(sender_id, "Hi, I'm Sam.")
    assert [m.text for m in rasa.received] == ["hello"]
    assert twilio_api.messages_to(CITIZEN) == []


async def test_start_and_yes_opt_back_in_with_a_confirmation(line, rasa, twilio_api):
    await _handle(line, texted("stop", 1), rasa)
    await _handle(line, texted("Yes", 2), rasa)
    [confirmation] = twilio_api.messages_to(CITIZEN)
    assert "again" in confirmation.body
    assert not line.contacts.is_opted_out(line.contacts.sender_id("sms", CITIZEN))
    assert rasa.received == []


async def test_help_explains_the_service_and_never_reaches_rasa(line, rasa, twilio_api):
    await _handle(line, texted("help"), rasa)
    [reply] = twilio_api.messages_to(CITIZEN)
    assert "not monitored for emergencies" in reply.body
    assert "call 999 and press 55" in reply.body
    assert rasa.received == []


async def test_a_failing_turn_is_logged_by_class_only(line, twilio_api, caplog):
    async def broken_rasa(message) -> None:
        raise RuntimeError(f"could not handle {message.text}")

    await _handle(line, texted("my secret"), broken_rasa)
    assert "could not be handled: RuntimeError" in caplog.text
    assert "secret" not in caplog.text and "7700900123" not in caplog.text


async def test_nothing_about_the_number_is_logged_above_debug(line, rasa, caplog):
    caplog.set_level(logging.INFO)
    for number, body in enumerate(["hello", "1", "HELP", "STOP", "hello"]):
        await _handle(line, texted(body, number), rasa)
    assert "7700900123" not in caplog.text


def test_switched_off_without_settings(monkeypatch):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"):
        monkeypatch.delenv(name, raising=False)
    channel = TwilioSMSInput.from_credentials(None)
    assert channel.name() == "sms"
    assert channel.get_output_channel() is None
    assert channel.blueprint(FakeRasa()) is not None


def test_switched_on_it_sends_through_its_own_output_channel(sms_settings):
    channel = TwilioSMSInput(sms_settings)
    assert isinstance(channel.get_output_channel(), SmsOutput)
