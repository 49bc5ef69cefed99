"""`make run`'s supervisor: everything starts, and everything stops with it."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from rasa.__main__ import create_argument_parser

from bot import nlu_server
from bot.remote_nlu import NLU_SERVER_URL_VARIABLE
from bot.settings import PROJECT_ROOT, Settings
from bot.supervisor import child_environment, service_specs
from tests.e2e.conftest import MODEL, free_port


def answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("token", ["-ml9-6cOEhOmCroTKs9rHbT", "--enable-api", "plain"])
def test_rasa_reads_any_api_token_even_one_that_looks_like_an_option(token):
    """A random token begins with "-" one start in 64; Rasa must not refuse it."""
    rasa = next(
        spec
        for spec in service_specs(Settings.from_env(), MODEL, token)
        if spec.name == "rasa server"
    )
    arguments = create_argument_parser().parse_args(rasa.argv[3:])
    assert arguments.auth_token == token
    assert arguments.enable_api


def test_killing_the_parent_like_make_stops_every_process(tmp_path):
    if not MODEL.exists():
        pytest.skip("no trained model: run `make train` first")
    ports = {
        name: free_port()
        for name in ("RASA_PORT", "ACTION_PORT", "NLU_PORT", "WEB_PORT")
    }
    env = {
        **os.environ,
        **{name: str(port) for name, port in ports.items()},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
    }
    # A shell stands in for make: it does not pass SIGTERM on to its child.
    wrapper = subprocess.Popen(
        ["sh", "-c", f"{sys.executable} -m bot run; true"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    try:
        for line in wrapper.stdout:
            output.append(line)
            if line.startswith("Ready."):
                break
        assert all(answers(port) for port in ports.values()), "".join(output)
        printed = "".join(output) + wrapper.stdout.readline()
        assert f":{ports['WEB_PORT']}/" in printed

        os.kill(wrapper.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while any(answers(port) for port in ports.values()):
            assert time.monotonic() < deadline, "a process outlived its parent"
            time.sleep(0.5)
    finally:
        os.killpg(wrapper.pid, signal.SIGKILL)


@pytest.mark.parametrize("switch", ["true", "false"])
def test_the_nlu_process_runs_unless_switched_off(monkeypatch, switch):
    monkeypatch.setenv("NLU_PROCESS", switch)
    specs = {s.name: s for s in service_specs(Settings.from_env(), MODEL, "t")}

    wanted = switch == "true"
    assert ("nlu server" in specs) is wanted
    told = specs["rasa server"].environment.get(NLU_SERVER_URL_VARIABLE)
    assert told == (Settings.from_env().nlu_url if wanted else None)


def test_the_nlu_process_will_not_serve_without_a_token(monkeypatch, capsys):
    monkeypatch.delenv("RASA_API_TOKEN", raising=False)

    assert nlu_server.main(["--model", str(MODEL), "--port", str(free_port())]) == 2
    assert "RASA_API_TOKEN" in capsys.readouterr().err


def test_each_child_uses_one_blas_thread_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert (
        child_environment(Settings.from_env(), "token")["OPENBLAS_NUM_THREADS"] == "1"
    )

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    assert (
        child_environment(Settings.from_env(), "token")["OPENBLAS_NUM_THREADS"] == "4"
    )
