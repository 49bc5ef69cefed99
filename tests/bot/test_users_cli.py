import getpass
import io
import subprocess
import sys

import pytest
from sqlalchemy import select

from bot.__main__ import main
from bot.audit import AuditEntry
from bot.console.sessions import Authenticator
from tests.conftest import run_bot_command

PASSWORD = "correct horse battery"


@pytest.fixture
def stdin(monkeypatch):
    def feed(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))

    return feed


@pytest.fixture
def typed(monkeypatch):
    """Answers getpass's hidden prompts, in order."""

    def answer(*passwords: str) -> list[str]:
        prompts: list[str] = []
        replies = iter(passwords)

        def fake_getpass(prompt: str = "Password: ") -> str:
            prompts.append(prompt)
            return next(replies)

        monkeypatch.setattr(getpass, "getpass", fake_getpass)
        return prompts

    return answer


def add(username: str, role: str = "handler", *extra: str) -> int:
    return main(["users", "add", username, "--role", role, "--by", "sgt-wood", *extra])


def test_add_from_stdin_then_sign_in(database, stdin, capsys):
    stdin(PASSWORD + "\n")

    assert add("PC-Jones", "handler", "--password-stdin") == 0

    assert capsys.readouterr().out == "Added pc-jones (handler).\n"
    session = Authenticator(database).login("pc-jones", PASSWORD)
    assert (session.username, session.role.value) == ("pc-jones", "handler")
    with database.session() as db:
        added = db.execute(
            select(AuditEntry).where(AuditEntry.action == "user_added")
        ).scalar_one()
    assert (added.actor, added.detail) == (
        "sgt-wood",
        {"username": "pc-jones", "role": "handler"},
    )


def test_add_asks_for_the_password_twice(database, typed, capsys):
    prompts = typed(PASSWORD, PASSWORD)

    assert add("sgt-wood", "supervisor") == 0

    assert prompts == ["Password: ", "Password again: "]
    assert Authenticator(database).login("sgt-wood", PASSWORD).role.value == (
        "supervisor"
    )


def test_two_different_passwords_change_nothing(database, typed, capsys):
    typed(PASSWORD, PASSWORD + "x")

    assert add("pc-jones") == 2

    assert capsys.readouterr().err == (
        "The two passwords differ; nothing was changed.\n"
    )
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out == "No accounts.\n"


def test_short_passwords_and_taken_names_are_refused(database, stdin, capsys):
    stdin("too short\n")
    assert add("pc-jones", "handler", "--password-stdin") == 2
    assert capsys.readouterr().err == "A password needs at least 12 characters.\n"

    stdin("\n")
    assert add("pc-jones", "handler", "--password-stdin") == 2
    assert capsys.readouterr().err == "No password on standard input.\n"

    stdin(PASSWORD + "\n")
    assert add("pc-jones", "handler", "--password-stdin") == 0
    stdin(PASSWORD + "\n")
    assert add("pc-jones", "supervisor", "--password-stdin") == 2
    assert capsys.readouterr().err == "There is already an account called pc-jones.\n"


def test_list_disable_and_new_password(database, stdin, capsys):
    for username, role in (("pc-jones", "handler"), ("sgt-wood", "supervisor")):
        stdin(PASSWORD + "\n")
        add(username, role, "--password-stdin")
    capsys.readouterr()

    assert main(["users", "disable", "pc-jones", "--by", "sgt-wood"]) == 0
    assert capsys.readouterr().out == "pc-jones is disabled and signed out.\n"
    assert main(["users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split() for line in lines] == [
        ["username", "role", "state"],
        ["pc-jones", "handler", "disabled"],
        ["sgt-wood", "supervisor", "active"],
    ]
    assert Authenticator(database).login("pc-jones", PASSWORD) is None

    stdin("another long password\n")
    assert main(["users", "password", "sgt-wood", "--password-stdin"]) == 0
    assert Authenticator(database).login("sgt-wood", "another long password")


def test_unknown_accounts_and_bad_names_are_usage_errors(database, capsys):
    assert main(["users", "disable", "pc-nobody"]) == 2
    assert capsys.readouterr().err == "No account is called pc-nobody.\n"
    for argv in (
        ["users", "add", "pc jones", "--role", "handler"],
        ["users", "add", "pc-jones", "--role", "admin"],
    ):
        with pytest.raises(SystemExit) as exit:
            main(argv)
        assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "'pc jones': a username is 1 to 64 letters" in err
    assert "invalid choice: 'admin'" in err


def test_the_command_line_exits_2_without_a_stack_trace(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'fresh.db'}"

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return run_bot_command("users", *args, stdin=stdin, DATABASE_URL=database_url)

    short = run("add", "pc-jones", "--role", "handler", "--password-stdin", stdin="x")
    added = run(
        "add", "pc-jones", "--role", "handler", "--password-stdin", stdin=PASSWORD
    )
    unknown = run("disable", "pc-nobody")

    assert (short.returncode, short.stdout) == (2, "")
    assert short.stderr == "A password needs at least 12 characters.\n"
    assert (added.returncode, added.stdout) == (0, "Added pc-jones (handler).\n")
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "No account is called pc-nobody.\n",
    )
    assert "Traceback" not in short.stderr + added.stderr + unknown.stderr
