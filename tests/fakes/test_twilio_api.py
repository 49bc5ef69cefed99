import re

import pytest
import requests

from tests.fakes.twilio_api import FakeTwilioApi, segments

ACCOUNT_SID = "AC" + "3" * 32
AUTH_TOKEN = "t" * 32
FIELDS = {"To": "+447700900123", "From": "+447700900000", "Body": "Hello"}


@pytest.fixture
def api():
    with FakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN) as fake:
        yield fake


def create(api, fields=FIELDS, auth=(ACCOUNT_SID, AUTH_TOKEN), account=ACCOUNT_SID):
    url = f"{api.url}/2010-04-01/Accounts/{account}/Messages.json"
    return requests.post(url, data=fields, auth=auth, timeout=10)


def test_a_message_is_created_as_the_real_api_answers(api):
    reply = create(api)
    assert reply.status_code == 201
    message = reply.json()
    assert re.fullmatch(r"SM[0-9a-f]{32}", message["sid"])
    assert (message["status"], message["direction"]) == ("queued", "outbound-api")
    assert (message["to"], message["from"], message["body"]) == (
        "+447700900123",
        "+447700900000",
        "Hello",
    )
    assert message["num_segments"] == "1"
    assert api.wait_for("+447700900123", 1) == ["Hello"]


def test_wrong_credentials_get_401(api):
    assert create(api, auth=(ACCOUNT_SID, "wrong")).status_code == 401
    assert create(api, auth=None).json()["code"] == 20003
    assert api.messages_to("+447700900123") == []


def test_another_account_is_not_found(api):
    assert create(api, account="AC" + "4" * 32).status_code == 404


@pytest.mark.parametrize(("field", "code"), [("To", 21604), ("Body", 21602)])
def test_a_missing_field_gets_twilios_error(api, field, code):
    fields = {name: value for name, value in FIELDS.items() if name != field}
    reply = create(api, fields)
    assert (reply.status_code, reply.json()["code"]) == (400, code)


def test_segments_are_counted_as_twilio_would():
    assert segments("a" * 160) == ("GSM-7", 1)
    assert segments("a" * 161) == ("GSM-7", 2)
    assert segments("a" * 459) == ("GSM-7", 3)
    assert segments("€" * 80) == ("GSM-7", 1)
    assert segments("’" * 70) == ("UCS-2", 1)
    assert segments("’" * 71) == ("UCS-2", 2)
