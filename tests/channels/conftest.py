"""A fake Twilio API and SMS settings pointing at it, for the channel's unit tests."""

import pytest

from bot.settings import Settings
from tests.fakes.twilio_api import FakeTwilioApi

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "f" * 32
FORCE_NUMBER = "+447700900000"


@pytest.fixture
def twilio_api():
    with FakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN) as api:
        yield api


@pytest.fixture
def sms_settings(database, twilio_api, monkeypatch) -> Settings:
    """The channel switched on, with the test database and the fake API."""
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("TWILIO_FROM_NUMBER", FORCE_NUMBER)
    monkeypatch.setenv("TWILIO_API_URL", twilio_api.url)
    monkeypatch.setenv("CHANNEL_ID_KEY", "k" * 32)
    return Settings.from_env()
