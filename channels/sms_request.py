"""Reading Twilio's webhook: only a signed, well-formed SMS gets through.

Twilio signs every request with the account's auth token over the exact URL
it called and the form fields it sent (`X-Twilio-Signature`). Anything that
fails the check is refused before any of it is used, and anything malformed
gets a short 4xx, never a stack trace. The body is read in chunks and given up
on past 10 kB, far more than any SMS webhook needs, so a flood is not buffered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from multidict import MultiDict
from sanic.headers import parse_content_header
from sanic.request import Request
from twilio.request_validator import RequestValidator

MAX_BODY_BYTES = 10_000
# Twilio sends about 20 fields, a few more for a picture message.
MAX_FIELDS = 100
FORM_TYPE = "application/x-www-form-urlencoded"
_MESSAGE_SID = re.compile(r"(SM|MM)[0-9a-fA-F]{32}")
_E164 = re.compile(r"\+[1-9]\d{6,14}")


class Refused(Exception):
    """A webhook request turned away, with the status and a short reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class InboundSms:
    """One text message from a citizen, as Twilio delivered it."""

    message_sid: str
    # E.164: personal data, never logged above DEBUG nor given to Rasa.
    sender: str
    body: str


async def read_inbound_sms(
    request: Request, validator: RequestValidator, public_url: str
) -> InboundSms:
    """The SMS in a webhook request; `Refused` if unsigned, forged or malformed."""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        raise Refused(403, "Missing signature.")
    content_type, _ = parse_content_header(request.headers.get("content-type", ""))
    if content_type != FORM_TYPE:
        raise Refused(415, f"Expected {FORM_TYPE}.")
    form = _parse_form(await _read_body(request))
    if not validator.validate(public_url, form, signature):
        raise Refused(403, "Invalid signature.")
    return _inbound_sms(form)


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "0")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise Refused(413, "Request too large.")
    body = b""
    async for chunk in request.stream:
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise Refused(413, "Request too large.")
    return body


def _parse_form(body: bytes) -> MultiDict[str]:
    try:
        fields = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=True,
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except ValueError as error:  # UnicodeDecodeError is one too
        raise Refused(400, "Malformed form body.") from error
    return MultiDict(fields)


def _inbound_sms(form: MultiDict[str]) -> InboundSms:
    message_sid, sender, body = (form.get(k) for k in ("MessageSid", "From", "Body"))
    if message_sid is None or not _MESSAGE_SID.fullmatch(message_sid):
        raise Refused(400, "Missing or invalid MessageSid.")
    if sender is None or not _E164.fullmatch(sender):
        raise Refused(400, "Missing or invalid From.")
    if body is None:
        raise Refused(400, "Missing Body.")
    return InboundSms(message_sid, sender, body)
