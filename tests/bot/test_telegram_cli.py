import pytest

from bot.__main__ import main
from tests.conftest import run_bot_command
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi

SECRET = "Kq3_vT9-xY2mZ8pL"
WEBHOOK_URL = "https://police.example.org/webhooks/telegram/webhook"


@pytest.fixture
def telegram_api():
    with FakeTelegramApi() as api:
        yield api


@pytest.fixture
def telegram_env(telegram_api, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", SECRET)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", WEBHOOK_URL)
    monkeypatch.setenv("TELEGRAM_API_URL", telegram_api.url)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_set_webhook_registers_the_url_secret_and_update_kinds(
    telegram_env, telegram_api, capsys
):
    assert main(["telegram", "set-webhook"]) == 0
    assert WEBHOOK_URL in one_line(capsys.readouterr().out)
    assert telegram_api.calls("setWebhook") == [
        {
            "url": WEBHOOK_URL,
            "secret_token": SECRET,
            "allowed_updates": ["message", "callback_query"],
        }
    ]


@pytest.mark.parametrize(
    "unset",
    ["TELEGRAM_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN", "TELEGRAM_WEBHOOK_URL"],
)
def test_a_missing_setting_is_named_with_exit_code_2(
    telegram_env, telegram_api, monkeypatch, capsys, unset
):
    monkeypatch.delenv(unset)
    assert main(["telegram", "set-webhook"]) == 2
    assert unset in one_line(capsys.readouterr().err)
    assert telegram_api.calls("setWebhook") == []


def test_a_rejected_token_is_one_line_without_the_token(
    telegram_env, telegram_api, capsys
):
    telegram_api.token = "654321:another-bot"
    assert main(["telegram", "set-webhook"]) == 1
    error = one_line(capsys.readouterr().err)
    assert "TELEGRAM_BOT_TOKEN" in error and TOKEN not in error


def test_telegrams_refusal_is_passed_on_in_one_line(telegram_env, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "http://police.example.org/hook")
    assert main(["telegram", "set-webhook"]) == 1
    assert "https url must be provided" in one_line(capsys.readouterr().err).lower()


def test_an_unreachable_api_is_one_line(telegram_env, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:9")
    assert main(["telegram", "set-webhook"]) == 1
    assert "Could not reach http://127.0.0.1:9" in one_line(capsys.readouterr().err)


def test_python_m_bot_telegram_set_webhook_against_the_fake(telegram_env, telegram_api):
    result = run_bot_command("telegram", "set-webhook")
    assert result.returncode == 0, result.stderr
    assert one_line(result.stdout).startswith("Webhook set")
    assert "Traceback" not in result.stderr
    [registered] = telegram_api.calls("setWebhook")
    assert (registered["url"], registered["secret_token"]) == (WEBHOOK_URL, SECRET)
