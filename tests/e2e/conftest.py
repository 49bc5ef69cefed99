"""The real stack (NLU process, Rasa server, action server, web app) for e2e tests."""

import json
import os
import socket
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import PROJECT_ROOT, Settings
from bot.supervisor import AssistantStack

MODEL = PROJECT_ROOT / "models" / "current.tar.gz"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_stack(workdir: Path, **extra_env: str) -> Iterator[AssistantStack]:
    """The real processes on free ports, with their own databases under `workdir`."""
    web_port = free_port()
    overrides = {
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "NLU_PORT": str(free_port()),
        "WEB_PORT": str(web_port),
        "PUBLIC_HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'assistant.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}",
        # A local page, so the quick-exit navigation completes offline.
        "QUICK_EXIT_URL": f"http://127.0.0.1:{web_port}/healthz",
        **extra_env,
    }
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    running = AssistantStack(Settings.from_env(), MODEL, log_dir=workdir / "logs")
    try:
        running.start()
        running.wait_until_ready(timeout=300)
        yield running
    finally:
        running.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Iterator[AssistantStack]:
    if not MODEL.exists():
        pytest.skip("no trained model: run `make train` first")
    with running_stack(tmp_path_factory.mktemp("stack")) as running:
        yield running


def say(stack: AssistantStack, sender: str, message: Any) -> list[dict[str, Any]]:
    """One citizen message over the REST channel; the bot's replies."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{stack.settings.rasa_port}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        assert reply.status == 200
        return json.load(reply)


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def response_text(name: str) -> str:
    """The first variation of a domain response, as written in domain/."""
    for path in sorted((PROJECT_ROOT / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text()) or {}).get("responses") or {}
        if name in responses:
            return responses[name][-1]["text"]
    raise KeyError(name)
