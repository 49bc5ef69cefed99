"""The SMS webhook under attack and abuse, against the running servers.

This stack sits "behind a proxy": Twilio calls a public HTTPS URL
(TWILIO_WEBHOOK_URL), which is what its signatures cover. Forged, replayed,
tampered and malformed requests are refused before anything is stored or
Rasa hears of them; a retried delivery is handled once; nothing leaves a
stack trace in the Rasa server's log or stops it.
"""

import threading

import pytest
import requests

from tests.e2e.conftest import MODEL, response_text
from tests.e2e.sms_phone import (
    Phone,
    contacts,
    post_webhook,
    rasa_log,
    signature,
    sms_stack,
    twilio_fields,
    user_texts,
    wait_until,
    webhook_url,
)

PUBLIC_URL = "https://sms.police.example/webhooks/sms/webhook"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@pytest.fixture(scope="module")
def sms(tmp_path_factory, stack):
    # `stack` (SMS switched off) is started first so that the environment
    # each stack sets is restored in the right order when they stop.
    if not MODEL.exists():
        pytest.skip("no trained model: run `make train` first")
    workdir = tmp_path_factory.mktemp("sms-security")
    with sms_stack(workdir, TWILIO_WEBHOOK_URL=PUBLIC_URL) as (stack_on, api):
        yield stack_on, api, workdir


@pytest.fixture
def phone(sms) -> Phone:
    stack, api, _ = sms
    return Phone(stack, api)


def deliver(phone: Phone, fields: dict[str, str], **kwargs) -> requests.Response:
    return post_webhook(phone.stack, fields, signed_for=PUBLIC_URL, **kwargs)


def assert_untouched(phone: Phone) -> None:
    """Nothing stored, nothing said to Rasa, nothing sent."""
    assert contacts(phone.stack).address_of(phone.sender_id) is None
    assert user_texts(phone.stack, phone.sender_id) == []
    assert phone.stays_silent(seconds=1.0)


def test_a_text_signed_for_the_public_url_is_answered(phone):
    reply = deliver(phone, twilio_fields(phone.number, "hiya"))
    assert reply.status_code == 200
    assert reply.text == EMPTY_TWIML
    assert reply.headers["Content-Type"].startswith("text/xml")
    assert phone.replies_after(0)[0].startswith(response_text("utter_greet")[:40])


def test_no_signature_is_refused(phone):
    reply = requests.post(
        webhook_url(phone.stack), data=twilio_fields(phone.number, "hi")
    )
    assert reply.status_code == 403
    assert_untouched(phone)


def test_a_wrong_signature_is_refused(phone):
    fields = twilio_fields(phone.number, "hi")
    reply = deliver(phone, fields, headers={"X-Twilio-Signature": "d3Jvbmc="})
    assert reply.status_code == 403
    assert_untouched(phone)


def test_a_signature_replayed_with_other_fields_is_refused(phone):
    seen = twilio_fields(phone.number, "hello")
    replayed = twilio_fields(phone.number, "a different message")
    reply = deliver(
        phone, replayed, headers={"X-Twilio-Signature": signature(PUBLIC_URL, seen)}
    )
    assert reply.status_code == 403
    assert_untouched(phone)


def test_a_signature_for_another_url_is_refused(phone):
    # Signed for the URL the server sees, not the public one Twilio calls.
    fields = twilio_fields(phone.number, "hi")
    reply = post_webhook(phone.stack, fields)
    assert reply.status_code == 403
    assert_untouched(phone)


def test_a_tampered_field_is_refused(phone):
    fields = twilio_fields(phone.number, "hi")
    genuine = signature(PUBLIC_URL, fields)
    tampered = {**fields, "From": "+447700900999"}
    reply = deliver(phone, tampered, headers={"X-Twilio-Signature": genuine})
    assert reply.status_code == 403
    assert_untouched(phone)


def test_a_retried_delivery_is_handled_once(phone):
    fields = twilio_fields(phone.number, "hiya")
    replies = []

    def retry() -> None:
        replies.append(deliver(phone, fields).status_code)

    retries = [threading.Thread(target=retry) for _ in range(3)]
    for thread in retries:
        thread.start()
    for thread in retries:
        thread.join()
    assert deliver(phone, fields).status_code == 200
    assert replies == [200, 200, 200]

    assert len(phone.replies_after(0)) == 1
    assert phone.stays_silent()
    assert user_texts(phone.stack, phone.sender_id) == ["hiya"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"Body": "hi", "From": "+447700900200"}', "application/json", 415),
        (b"Body=hi", "text/plain", 415),
        (b"Body=" + b"a" * 20_000, "application/x-www-form-urlencoded", 413),
        (b"\x00\xff\xfe\x89PNG\r\n", "application/x-www-form-urlencoded", 400),
        (b"Body=%ff%fe", "application/x-www-form-urlencoded", 400),
        (b"just text", "application/x-www-form-urlencoded", 400),
    ],
    ids=["json", "plain text", "oversized", "binary", "bad utf-8", "not a form"],
)
def test_a_malformed_request_gets_a_clear_4xx(sms, body, content_type, status):
    stack, _, _ = sms
    reply = requests.post(
        webhook_url(stack),
        data=body,
        headers={"Content-Type": content_type, "X-Twilio-Signature": "c2lnbmF0dXJl"},
    )
    assert reply.status_code == status
    assert "Traceback" not in reply.text and len(reply.text) < 100


@pytest.mark.parametrize("missing", ["MessageSid", "From", "Body"])
def test_a_signed_form_missing_what_an_sms_needs_is_refused(phone, missing):
    fields = twilio_fields(phone.number, "hi")
    del fields[missing]
    reply = deliver(phone, fields)
    assert reply.status_code == 400
    assert missing in reply.text
    assert_untouched(phone)


def test_only_post_is_answered(sms):
    stack, _, _ = sms
    assert requests.get(webhook_url(stack)).status_code == 405


def test_a_failing_twilio_api_is_logged_without_the_number(sms, phone):
    stack, api, workdir = sms
    failure = "An SMS could not be sent: TwilioRestException"
    api.failing = True
    try:
        deliver(phone, twilio_fields(phone.number, "hiya"))
        wait_until(lambda: failure in rasa_log(workdir))
    finally:
        api.failing = False
    assert phone.received() == []


def test_the_webhook_answers_503_while_sms_is_switched_off(stack):
    fields = twilio_fields("+447700900200", "hi")
    reply = post_webhook(stack, fields)
    assert reply.status_code == 503
    assert "switched off" in reply.text


def test_nothing_left_a_stack_trace_a_number_or_a_stopped_server(sms):
    # Last in the module: every request above has been made by now.
    stack, _, workdir = sms
    log = rasa_log(workdir)
    assert "Traceback" not in log
    assert "7700900" not in log  # any of the phones' numbers, or the force's
    assert stack.exited() is None
