"""Signing in to the call-handler console, and guarding every other console route.

The session lives in an HttpOnly, SameSite=Strict cookie scoped to /console,
whose token is replaced at every sign-in. Every state-changing request carries
a CSRF token: the sign-in form a double-submitted one (cookie and field), and
the console's own calls the session's token in an `X-CSRF-Token` header.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.console.sessions import Authenticator, ConsoleSession
from bot.storage import utcnow

PAGES = Path(__file__).with_name("static") / "console"
SESSION_COOKIE = "console_session"
LOGIN_CSRF_COOKIE = "console_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
COOKIE_PATH = "/console"
# Long enough for a real password, short enough to refuse abuse cheaply.
MAX_CREDENTIAL_LENGTH = 256

Handler = Callable[..., Awaitable[HTTPResponse]]


def set_cookie(
    resp: HTTPResponse, name: str, value: str, secure: bool, max_age: int
) -> None:
    """A console cookie: never readable by script, never sent cross-site."""
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = COOKIE_PATH
    cookie["max-age"] = max_age
    if secure:
        cookie["secure"] = True


def current_session(request: Request) -> ConsoleSession | None:
    """The signed-in handler for this request, if the cookie names a live session."""
    authenticator: Authenticator = request.app.ctx.authenticator
    return authenticator.session_for(request.cookies.get(SESSION_COOKIE))


def signed_in(page: bool = False) -> Callable[[Handler], Handler]:
    """Refuses a request without a live session; POSTs also need the CSRF header.

    Pages redirect to the sign-in page; API calls answer 401 (no session) or
    403 (bad CSRF token) as JSON, so the console's script can tell which.
    """

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            session = current_session(request)
            if session is None:
                if page:
                    return response.redirect("/console/login")
                return response.json({"error": "Please sign in."}, status=401)
            if request.method not in ("GET", "HEAD") and not Authenticator.csrf_ok(
                session, request.headers.get(CSRF_HEADER)
            ):
                return response.json({"error": "Refused: bad CSRF token."}, status=403)
            request.ctx.console = session
            return await handler(request, *args, **kwargs)

        return guarded

    return decorate


def create_auth_blueprint(secure_cookies: bool) -> Blueprint:
    """Sign-in page, sign-in, sign-out and the sign-in form's CSRF token."""
    auth = Blueprint("console_auth", url_prefix="/console")

    @auth.get("/login")
    async def login_page(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "login.html")

    @auth.get("/api/login-token")
    async def login_token(_: Request) -> HTTPResponse:
        token = secrets.token_urlsafe(32)
        resp = response.json({"csrf_token": token})
        set_cookie(resp, LOGIN_CSRF_COOKIE, token, secure_cookies, max_age=3600)
        return resp

    @auth.post("/login")
    async def login(request: Request) -> HTTPResponse:
        form = request.form or {}
        submitted = form.get("csrf_token") or ""
        expected = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
        if not expected or not hmac.compare_digest(
            expected.encode(), submitted.encode("utf-8", "replace")
        ):
            return response.redirect("/console/login?failed=1")
        username = (form.get("username") or "")[:MAX_CREDENTIAL_LENGTH]
        password = (form.get("password") or "")[:MAX_CREDENTIAL_LENGTH]
        authenticator: Authenticator = request.app.ctx.authenticator
        session = authenticator.login(
            username, password, replacing=request.cookies.get(SESSION_COOKIE)
        )
        if session is None:
            return response.redirect("/console/login?failed=1")
        resp = response.redirect("/console")
        max_age = int((session.expires_at - utcnow()).total_seconds())
        set_cookie(resp, SESSION_COOKIE, session.token, secure_cookies, max_age)
        set_cookie(resp, LOGIN_CSRF_COOKIE, "", secure_cookies, max_age=0)
        return resp

    @auth.post("/logout")
    @signed_in()
    async def logout(request: Request) -> HTTPResponse:
        request.app.ctx.authenticator.logout(request.cookies.get(SESSION_COOKIE))
        resp = response.json({"signed_out": True})
        set_cookie(resp, SESSION_COOKIE, "", secure_cookies, max_age=0)
        return resp

    return auth
