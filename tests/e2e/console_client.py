"""A call handler's side of the console over HTTP, for the e2e tests."""

from __future__ import annotations

import re
from typing import Any

import requests

from bot.supervisor import AssistantStack
from tests.conftest import run_bot_command

PASSWORD = "correct horse battery staple"


def add_user(username: str, role: str = "handler", password: str = PASSWORD) -> None:
    """Adds an account with the real CLI, against the running stack's database."""
    result = run_bot_command(
        "users",
        "add",
        username,
        "--role",
        role,
        "--password-stdin",
        "--by",
        "e2e",
        stdin=password + "\n",
    )
    assert result.returncode == 0, result.stderr


class Console:
    """One browser's worth of console: its own cookies and CSRF token."""

    def __init__(self, stack: AssistantStack) -> None:
        self.base = f"http://127.0.0.1:{stack.settings.web_port}/console"
        self.http = requests.Session()
        self.csrf = ""

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        token = self.http.get(f"{self.base}/api/login-token").json()["csrf_token"]
        reply = self.http.post(
            f"{self.base}/login",
            data={"username": username, "password": password, "csrf_token": token},
            allow_redirects=False,
        )
        if reply.headers.get("Location") == "/console":
            self.csrf = self.get("/api/me").json()["csrf_token"]
        return reply

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.base}{path}", allow_redirects=False)

    def post(self, path: str, body: Any = None, csrf: str | None = None):
        return self.http.post(
            f"{self.base}{path}",
            json=body or {},
            headers={"X-CSRF-Token": self.csrf if csrf is None else csrf},
            allow_redirects=False,
        )

    def request_for(self, conversation_id: str) -> dict[str, Any]:
        """The open queue entry of a conversation."""
        for entry in self.get("/api/queue").json()["requests"]:
            if entry["conversation_id"] == conversation_id:
                return entry
        raise AssertionError(f"{conversation_id} is not in the queue")


def session_cookie(reply: requests.Response) -> str:
    """The Set-Cookie header of the session cookie, attributes included."""
    header = reply.headers.get("Set-Cookie", "")
    match = re.search(r"console_session=[^,]*(?:;[^,]*)*", header)
    return match.group(0) if match else ""
