"""A silent NLU process is given up on quickly, and its failure logs nothing private."""

import asyncio
import logging
import socket
import time

from bot.remote_nlu import RemoteParser
from tests.e2e.conftest import free_port

MESSAGE = "my ex is outside with a knife, 12 Acacia Avenue"


def test_a_stopped_nlu_process_gives_no_reading_and_logs_no_message(caplog):
    parser = RemoteParser(f"http://127.0.0.1:{free_port()}", "token")

    with caplog.at_level(logging.DEBUG, logger="bot.remote_nlu"):
        assert asyncio.run(parser.parse(MESSAGE)) is None

    assert "did not answer" in caplog.text
    assert "Acacia" not in caplog.text and "knife" not in caplog.text


def test_a_hung_nlu_process_is_given_up_on_after_the_timeout(caplog):
    with socket.socket() as hung:  # accepts the connection, never replies
        hung.bind(("127.0.0.1", 0))
        hung.listen()
        parser = RemoteParser(
            f"http://127.0.0.1:{hung.getsockname()[1]}", "token", timeout=0.3
        )
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="bot.remote_nlu"):
            assert asyncio.run(parser.parse(MESSAGE)) is None
        waited = time.monotonic() - started

    assert 0.3 <= waited < 5
    assert "TimeoutError" in caplog.text and "knife" not in caplog.text
