"""Runs the Rasa test stories in this folder against the trained model.

`rasa test` parses each story's user text with the model and checks every
predicted intent and action, so these are whole conversations, NLU included.
(It replays the events a story lists instead of calling the action server;
the actions themselves are exercised by the unit and e2e tests.)
"""

import os
import subprocess
import sys

import pytest

from bot.settings import PROJECT_ROOT, lock_store_environment
from tests.e2e.conftest import MODEL

STORIES = PROJECT_ROOT / "tests" / "conversations"


def test_every_conversation_story_passes(tmp_path):
    if not MODEL.exists():
        pytest.skip("no trained model: run `make train` first")
    env = {
        **os.environ,
        "ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "RASA_TELEMETRY_ENABLED": "false",
        **lock_store_environment(""),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--model",
            str(MODEL),
            "--stories",
            str(STORIES),
            "--out",
            str(tmp_path / "results"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    failed = (tmp_path / "results" / "failed_test_stories.yml").read_text()
    assert "predicted" not in failed, failed
