"""The NLU process: Rasa's HTTP API over the assistant's model, used for `/model/parse`.

`python -m bot run` starts it beside the Rasa server, which sends it every
message to understand (`bot.remote_nlu`), so that understanding and dialogue
run on different cores. It has no channels, no tracker store and no action
server: it keeps nothing of any conversation. It refuses to start without
`RASA_API_TOKEN`, which every request must carry.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from functools import partial

from rasa.core.run import configure_app, load_agent_on_start
from rasa.core.utils import AvailableEndpoints
from rasa.utils.common import (
    configure_logging_and_warnings,
    update_sanic_log_level,
)
from rasa.utils.log_utils import configure_structlog
from rasa.utils.tensorflow import environment as tf_environment


def main(argv: list[str] | None = None) -> int:
    """Loads the model and serves Rasa's API until stopped."""
    parser = argparse.ArgumentParser(prog="python -m bot.nlu_server")
    parser.add_argument("--model", required=True)
    parser.add_argument("--interface", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    token = os.environ.get("RASA_API_TOKEN", "")
    if not token:
        print("RASA_API_TOKEN must be set", file=sys.stderr)
        return 2
    configure_logging_and_warnings(logging.INFO, warn_only_once=True)
    configure_structlog(logging.INFO)
    tf_environment.setup_tf_environment()
    nothing = AvailableEndpoints()
    app = configure_app(
        input_channels=[], auth_token=token, endpoints=nothing, port=args.port
    )
    app.register_listener(
        partial(load_agent_on_start, args.model, nothing, None), "before_server_start"
    )
    # As `rasa run`: Sanic's access log would record each URL, token included.
    update_sanic_log_level()
    app.run(host=args.interface, port=args.port, workers=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
