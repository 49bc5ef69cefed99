from urllib.parse import urlencode

import pytest
from multidict import CIMultiDict
from twilio.request_validator import RequestValidator

from channels.sms_request import InboundSms, Refused, read_inbound_sms

TOKEN = "12345678901234567890123456789012"
URL = "https://sms.police.example/webhooks/sms/webhook"
VALIDATOR = RequestValidator(TOKEN)
FIELDS = {
    "MessageSid": "SM" + "a" * 32,
    "AccountSid": "AC" + "b" * 32,
    "From": "+447700900123",
    "To": "+447700900000",
    "Body": "my bike was nicked",
    "NumMedia": "0",
}
FORM = "application/x-www-form-urlencoded"


class StubRequest:
    """What read_inbound_sms uses of a Sanic request: headers and a body stream."""

    def __init__(self, body: bytes, headers: dict[str, str]) -> None:
        self.headers = CIMultiDict(headers)
        self.stream = self._chunks(body)

    @staticmethod
    async def _chunks(body: bytes):
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]


def signed(fields, url=URL, content_type=FORM, signature=None, body=None):
    headers = {"Content-Type": content_type}
    signature = (
        VALIDATOR.compute_signature(url, fields) if signature is None else signature
    )
    if signature:
        headers["X-Twilio-Signature"] = signature
    return StubRequest(urlencode(fields).encode() if body is None else body, headers)


async def refusal(request) -> int:
    with pytest.raises(Refused) as refused:
        await read_inbound_sms(request, VALIDATOR, URL)
    return refused.value.status


async def test_a_signed_sms_is_read():
    sms = await read_inbound_sms(signed(FIELDS), VALIDATOR, URL)
    assert sms == InboundSms(
        FIELDS["MessageSid"], "+447700900123", "my bike was nicked"
    )


async def test_charset_in_the_content_type_is_fine():
    request = signed(FIELDS, content_type=f"{FORM}; charset=UTF-8")
    assert (await read_inbound_sms(request, VALIDATOR, URL)).body == FIELDS["Body"]


async def test_an_empty_body_is_a_message_too():
    fields = {**FIELDS, "Body": ""}
    assert (await read_inbound_sms(signed(fields), VALIDATOR, URL)).body == ""


async def test_no_signature_is_refused():
    assert await refusal(signed(FIELDS, signature="")) == 403


async def test_a_wrong_signature_is_refused():
    assert await refusal(signed(FIELDS, signature="bm90IGEgc2lnbmF0dXJl")) == 403


async def test_a_tampered_field_is_refused():
    signature = VALIDATOR.compute_signature(URL, FIELDS)
    tampered = {**FIELDS, "Body": "something else"}
    assert await refusal(signed(tampered, signature=signature)) == 403


async def test_a_signature_for_another_url_is_refused():
    elsewhere = "https://attacker.example/webhooks/sms/webhook"
    assert await refusal(signed(FIELDS, url=elsewhere)) == 403


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", ""])
async def test_a_body_that_is_not_a_form_is_refused(content_type):
    request = signed(FIELDS, content_type=content_type, body=b'{"Body": "hi"}')
    assert await refusal(request) == 415


async def test_a_huge_body_is_refused_without_reading_it_all():
    request = signed(FIELDS, body=b"Body=" + b"a" * 20_000)
    assert await refusal(request) == 413


async def test_a_huge_declared_length_is_refused_at_once():
    request = signed(FIELDS)
    request.headers["Content-Length"] = "50000"
    assert await refusal(request) == 413


@pytest.mark.parametrize(
    "body", [b"\xff\xfe\x00\x01binary", b"Body=%ff%fe", b"", b"no-equals-sign"]
)
async def test_a_malformed_form_is_refused(body):
    assert await refusal(signed(FIELDS, body=body)) == 400


@pytest.mark.parametrize(
    "changes",
    [
        {"MessageSid": None},
        {"MessageSid": "SM123"},
        {"MessageSid": "XX" + "a" * 32},
        {"From": None},
        {"From": "07700900123"},
        {"From": "POLICE"},
        {"Body": None},
    ],
    ids=str,
)
async def test_a_signed_form_without_what_an_sms_needs_is_refused(changes):
    fields = {**FIELDS, **changes}
    fields = {name: value for name, value in fields.items() if value is not None}
    assert await refusal(signed(fields)) == 400
