"""Serves the citizen web chat page and the call-handler console.

The chat page talks to Rasa's socket.io channel directly. The console works
from the handoff queue in the application database and reaches conversations
through the Rasa server's HTTP API; neither keeps conversation data here.
"""

from __future__ import annotations

from pathlib import Path

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.console.sessions import Authenticator
from bot.console.users import UserStore
from bot.handoff import HandoffQueue
from bot.rasa_api import LiveConversations
from bot.report_store import ReportStore
from bot.settings import Settings
from bot.storage import Database
from bot.web.console_api import create_api_blueprint
from bot.web.console_auth import create_auth_blueprint

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
    """Builds the web app for the given settings; the database is migrated first."""
    app = Sanic("police_web")
    headers = security_headers(settings)
    app.static("/static", str(STATIC_DIR))
    database = Database(settings.database_url)
    database.create_schema()
    app.ctx.database = database
    app.ctx.authenticator = Authenticator(database)
    app.ctx.users = UserStore(database)
    app.ctx.queue = HandoffQueue(database)
    app.ctx.reports = ReportStore(database)
    app.ctx.live = LiveConversations(
        settings.rasa_internal_url, settings.rasa_api_token
    )
    app.blueprint(create_auth_blueprint(settings.secure_cookies))
    app.blueprint(create_api_blueprint())

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
