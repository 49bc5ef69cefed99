"""The web app's own promises: the page, its settings and its security headers."""

import json
import urllib.request


def get(stack, path):
    url = f"http://127.0.0.1:{stack.settings.web_port}{path}"
    with urllib.request.urlopen(url, timeout=10) as reply:
        return reply.status, dict(reply.headers), reply.read()


def test_chat_page_is_served_with_strict_headers(stack):
    status, headers, body = get(stack, "/")
    assert status == 200
    assert b'role="log"' in body and b'id="quick-exit"' in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Frame-Options"] == "DENY"


def test_page_settings_point_at_the_rasa_server(stack):
    _, _, body = get(stack, "/config.json")
    config = json.loads(body)
    assert config["socketUrl"] == f"http://127.0.0.1:{stack.settings.rasa_port}"
    assert config["socketPath"] == "/socket.io/"
    assert config["quickExitUrl"] == stack.settings.quick_exit_url


def test_vendored_socketio_client_is_served_locally(stack):
    status, _, body = get(stack, "/static/vendor/socket.io.min.js")
    assert status == 200 and b"Socket.IO" in body[:400]
