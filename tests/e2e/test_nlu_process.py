"""Messages are understood in the NLU process; without it, the Rasa server still is."""

import json
import os
import signal
import urllib.error
import urllib.request
import uuid

import pytest

from tests.e2e.conftest import response_text, say, texts

FALLING_BACK = "parsing here instead"


def rasa_server_log(stack) -> str:
    return (stack.log_dir / "rasa_server.log").read_text(errors="replace")


def parse_on_nlu_process(stack, text: str, token: str | None) -> dict:
    query = f"?token={token}" if token else ""
    request = urllib.request.Request(
        f"{stack.settings.nlu_url}/model/parse{query}",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.load(reply)


def test_the_nlu_process_refuses_a_request_without_the_token(stack):
    with pytest.raises(urllib.error.HTTPError) as refused:
        parse_on_nlu_process(stack, "hello", token=None)
    assert refused.value.code == 401


def test_the_rasa_server_uses_the_nlu_process_reading(stack):
    question = "how do I stop my catalytic converter being nicked"
    reading = parse_on_nlu_process(stack, question, stack.api_token)
    assert reading["intent"]["name"] == "advice"
    log_before = rasa_server_log(stack)

    replies = say(stack, f"e2e-{uuid.uuid4().hex[:12]}", question)

    assert texts(replies) == response_text("utter_advice/vehicle_crime_prevention")
    assert rasa_server_log(stack)[len(log_before) :].count(FALLING_BACK) == 0


def test_danger_now_is_understood_while_the_nlu_process_is_down(stack):
    message = "someone is breaking into my house right now"
    os.killpg(stack.processes["nlu server"].pid, signal.SIGKILL)
    stack.processes["nlu server"].wait()
    log_before = rasa_server_log(stack)
    try:
        replies = say(stack, f"e2e-{uuid.uuid4().hex[:12]}", message)

        assert replies[0]["text"].startswith(
            "If you or anyone else is in danger now, call 999"
        )
        new_log = rasa_server_log(stack)[len(log_before) :]
        assert "The NLU process did not answer" in new_log
        assert "breaking into" not in new_log
    finally:
        stack.restart("nlu server")
