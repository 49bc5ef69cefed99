"""Serves the citizen web chat page and the settings its script needs.

The page talks to Rasa's socket.io channel directly; this app only serves
files, so it holds no conversation data.
"""

from __future__ import annotations

from pathlib import Path

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import Settings

STATIC_DIR = Path(__file__).with_name("static")


def security_headers(settings: Settings) -> dict:
    """Headers that keep the chat out of caches, frames and other sites' referrers."""
    rasa = settings.rasa_url
    socket = rasa.replace("http", "ws", 1)
    return {
        "Content-Security-Policy": (
            f"default-src 'self'; connect-src 'self' {rasa} {socket}; "
            "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'"
        ),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        # The quick-exit target must not learn which page the citizen came from.
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


def create_app(settings: Settings) -> Sanic:
    """Builds the web app for the given settings."""
    app = Sanic("police_web")
    headers = security_headers(settings)
    app.static("/static", str(STATIC_DIR))

    @app.get("/")
    async def chat_page(_: Request) -> HTTPResponse:
        return await response.file(STATIC_DIR / "index.html", headers=headers)

    @app.get("/config.json")
    async def chat_config(_: Request) -> HTTPResponse:
        return response.json(
            {
                "socketUrl": settings.rasa_url,
                "socketPath": "/socket.io/",
                "quickExitUrl": settings.quick_exit_url,
                "forceName": settings.force_name,
            },
            headers=headers,
        )

    @app.get("/healthz")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.on_response
    async def add_security_headers(_: Request, resp: HTTPResponse) -> None:
        for name, value in headers.items():
            resp.headers.setdefault(name, value)

    return app


def serve(settings: Settings) -> None:
    """Runs the web app in this process until it is told to stop."""
    create_app(settings).run(
        host=settings.host,
        port=settings.web_port,
        access_log=False,
        workers=1,
    )
