from channels.sms_output import SmsLine, SmsOutput, SmsTurn

CITIZEN = "+447700900123"
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


async def test_a_turn_goes_to_the_number_behind_the_sender_id(sms_settings, twilio_api):
    line = SmsLine(sms_settings)
    sender_id = line.contacts.remember("sms", CITIZEN)
    await line.send_turn(
        sender_id, [{"text": "Call 999 now."}, {"text": "Safe?", "buttons": YES_NO}]
    )
    [sent] = twilio_api.messages_to(CITIZEN)
    assert sent.body == "Call 999 now.\n\nSafe?\nReply 1 for Yes, 2 for No."
    assert line.contacts.buttons(sender_id) == YES_NO


async def test_a_turn_without_options_forgets_the_last_ones(sms_settings, twilio_api):
    line = SmsLine(sms_settings)
    sender_id = line.contacts.remember("sms", CITIZEN)
    line.contacts.set_buttons(sender_id, YES_NO)
    await line.send_turn(sender_id, [{"text": "In your own words, what happened?"}])
    assert line.contacts.buttons(sender_id) == []


async def test_a_long_turn_is_sent_in_parts_of_at_most_three_segments(
    sms_settings, twilio_api
):
    line = SmsLine(sms_settings)
    sender_id = line.contacts.remember("sms", CITIZEN)
    long = " ".join(f"This is sentence {n} of a long answer." for n in range(40))
    await line.send_turn(sender_id, [{"text": long}])
    sent = twilio_api.messages_to(CITIZEN)
    assert len(sent) == 4
    assert all((m.encoding, m.num_segments <= 3) == ("GSM-7", True) for m in sent)
    assert " ".join(m.body for m in sent) == long


async def test_nothing_is_sent_to_someone_opted_out(sms_settings, twilio_api):
    line = SmsLine(sms_settings)
    sender_id = line.contacts.remember("sms", CITIZEN)
    line.contacts.set_opted_out(sender_id, True)
    await line.send_turn(sender_id, [{"text": "Hello", "buttons": YES_NO}])
    await SmsOutput(line).send_text_message(sender_id, "Hi, I'm Sam.")
    assert twilio_api.messages_to(CITIZEN) == []
    assert line.contacts.buttons(sender_id) == []


async def test_an_unknown_conversation_gets_nothing_and_breaks_nothing(
    sms_settings, twilio_api
):
    await SmsOutput(SmsLine(sms_settings)).send_text_message("sms-unknown", "Hi")
    assert twilio_api.messages_to(CITIZEN) == []


async def test_a_handler_reply_reaches_the_phone(sms_settings, twilio_api):
    line = SmsLine(sms_settings)
    sender_id = line.contacts.remember("sms", CITIZEN)
    output = SmsOutput(line)
    await output.send_response(sender_id, {"text": "Hi, I’m Sam."})
    await output.send_response(sender_id, {"text": "Safe now?", "buttons": YES_NO})
    assert [m.body for m in twilio_api.messages_to(CITIZEN)] == [
        "Hi, I'm Sam.",
        "Safe now?\nReply 1 for Yes, 2 for No.",
    ]


def test_both_output_channels_are_named_for_response_variations():
    assert SmsOutput.name() == SmsTurn.name() == "sms"


async def test_a_turn_collects_what_rasa_sends():
    turn = SmsTurn()
    await turn.send_response("id", {"text": "One", "buttons": YES_NO})
    await turn.send_text_message("id", "Two")
    assert turn.messages == [{"text": "One", "buttons": YES_NO}, {"text": "Two"}]
