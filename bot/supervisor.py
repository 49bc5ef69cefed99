"""Starts every process the assistant needs and stops them all together.

Each child runs in its own process group so that stopping the assistant also
stops anything a child started (Rasa's Sanic workers), leaving no orphans.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.remote_nlu import NLU_SERVER_URL_VARIABLE
from bot.settings import PROJECT_ROOT, VAR_DIR, Settings, lock_store_environment

STOP_GRACE_SECONDS = 10.0


@dataclass
class ServiceSpec:
    """One process: how to start it and where it answers when ready."""

    name: str
    argv: list[str]
    health_url: str
    environment: dict[str, str] = field(default_factory=dict)


def service_specs(settings: Settings, model: Path, api_token: str) -> list[ServiceSpec]:
    """The NLU process (unless switched off), action server, Rasa server and web app."""
    python = sys.executable
    local = "http://127.0.0.1"
    nlu = [
        ServiceSpec(
            "nlu server",
            [
                python,
                "-m",
                "bot.nlu_server",
                "--model",
                str(model),
                "--interface",
                settings.host,
                "--port",
                str(settings.nlu_port),
            ],
            f"{local}:{settings.nlu_port}/",
        )
    ]
    return [
        *(nlu if settings.nlu_process else []),
        ServiceSpec(
            "action server",
            [
                python,
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(settings.action_port),
            ],
            f"{local}:{settings.action_port}/health",
        ),
        ServiceSpec(
            "rasa server",
            [
                python,
                "-m",
                "bot.rasa_server",
                "run",
                "--model",
                str(model),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
                "--interface",
                settings.host,
                "--port",
                str(settings.rasa_port),
                "--cors",
                "*",
                # The console pauses, resumes and speaks into conversations
                # through Rasa's HTTP API; without the token it refuses.
                # Joined with "=": a token may begin with "-", which argparse
                # would otherwise read as an option and refuse (exit 2).
                "--enable-api",
                f"--auth-token={api_token}",
            ],
            f"{local}:{settings.rasa_port}/webhooks/rest/",
            {NLU_SERVER_URL_VARIABLE: settings.nlu_url} if settings.nlu_process else {},
        ),
        ServiceSpec(
            "web app",
            [python, "-m", "bot", "web"],
            f"{local}:{settings.web_port}/healthz",
        ),
    ]


def child_environment(settings: Settings, api_token: str) -> dict[str, str]:
    """The environment every child sees: embedded defaults filled in."""
    env = dict(os.environ)
    env["RASA_API_TOKEN"] = api_token
    env.setdefault("ACTION_ENDPOINT_URL", settings.action_endpoint)
    env.setdefault("TRACKER_STORE_URL", settings.tracker_store_url)
    for name, value in lock_store_environment(settings.redis_url).items():
        env.setdefault(name, value)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # One BLAS thread a process: the Rasa server and the NLU process each
    # have a core, and OpenBLAS's second thread waiting for work on the
    # other's core cost throughput with MiniLM's sentence vectors
    # (bench/latency.py, 20 conversations: 44.4 msg/s and p95 879 ms with
    # two threads, 49.3 msg/s and p95 676 ms with one).
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
    )
    return env


@dataclass
class AssistantStack:
    """The running processes of one assistant."""

    settings: Settings
    model: Path
    log_dir: Path | None = None
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    api_token: str = ""

    def __post_init__(self) -> None:
        # One token per start unless the operator set one: nothing to leak.
        self.api_token = self.settings.rasa_api_token or secrets.token_urlsafe(32)

    def start(self, only: str | None = None) -> None:
        """Starts every process or just `only`; logs to files when a log dir is set."""
        VAR_DIR.mkdir(exist_ok=True)
        env = child_environment(self.settings, self.api_token)
        for spec in service_specs(self.settings, self.model, self.api_token):
            if only is not None and spec.name != only:
                continue
            output = None
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                output = open(self._log_path(spec.name), "ab")  # noqa: SIM115
            self.processes[spec.name] = subprocess.Popen(
                spec.argv,
                cwd=PROJECT_ROOT,
                env={**env, **spec.environment},
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
                start_new_session=True,
            )

    def restart(self, name: str, timeout: float = 180.0) -> None:
        """Stops one process and starts it again, as an operator's redeploy would."""
        process = self.processes[name]
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()
        self.start(only=name)
        self.wait_until_ready(timeout)

    def wait_until_ready(self, timeout: float = 180.0) -> None:
        """Blocks until every started process answers its health check."""
        deadline = time.monotonic() + timeout
        for spec in service_specs(self.settings, self.model, self.api_token):
            if spec.name not in self.processes:
                continue
            while not _answers(spec.health_url):
                process = self.processes[spec.name]
                if process.poll() is not None:
                    raise RuntimeError(
                        f"{spec.name} exited with {process.returncode}"
                        + self._log_tail(spec.name)
                    )
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{spec.name} not ready after {timeout:.0f}s")
                time.sleep(0.5)

    def _log_path(self, name: str) -> Path:
        assert self.log_dir is not None
        return self.log_dir / (name.replace(" ", "_") + ".log")

    def _log_tail(self, name: str, lines: int = 20) -> str:
        """The end of a process's log, so a failed start explains itself."""
        if self.log_dir is None:
            return ""  # its output went to the terminal already
        log = self._log_path(name)
        if not log.exists():
            return ""
        tail = log.read_text(errors="replace").splitlines()[-lines:]
        return ":\n" + "\n".join(tail)

    def exited(self) -> str | None:
        """The name of a process that has stopped on its own, if any."""
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name
        return None

    def stop(self) -> None:
        """SIGTERM to every process group, then SIGKILL to any that linger."""
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(process, signal.SIGKILL)
            process.wait()
        self.processes.clear()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _print_urls(settings: Settings) -> None:
    print(
        f"\nReady.\n  Citizen web chat:  {settings.web_url}/\n"
        f"  Handler console:   {settings.web_url}/console "
        "(add an account: .venv/bin/python -m bot users add NAME)\n"
        f"  REST channel:      {settings.rasa_url}/webhooks/rest/webhook\n"
        f"  Action server:     http://{settings.host}:{settings.action_port}\n"
        "Press Ctrl-C to stop.",
        flush=True,
    )


def run_until_stopped(settings: Settings, model: Path, only: str | None = None) -> int:
    """`make run`: start everything, print the URLs, stop all on Ctrl-C or SIGTERM.

    `only` starts one process with the same defaults, for running each on a
    host or container of its own (several Rasa servers, say).
    """
    names = [spec.name for spec in service_specs(settings, model, "")]
    if only is not None and only not in names:
        print(f"--only takes one of: {', '.join(names)}", file=sys.stderr)
        return 2
    stack = AssistantStack(settings, model)
    stopping = False
    parent = os.getppid()

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    stack.start(only=only)
    try:
        print("Starting the assistant's processes...", flush=True)
        stack.wait_until_ready()
        if only is not None:
            print(f"\nReady: {only}.\nPress Ctrl-C to stop.", flush=True)
        else:
            _print_urls(settings)
        while not stopping:
            if os.getppid() != parent:
                # `make` was killed (it does not pass SIGTERM on): stop with it.
                print("Parent process gone; stopping.", flush=True)
                return 0
            failed = stack.exited()
            if failed:
                print(f"{failed} stopped unexpectedly; stopping the rest.", flush=True)
                return 1
            time.sleep(0.5)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"Could not start: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        print("Stopping...", flush=True)
        stack.stop()
