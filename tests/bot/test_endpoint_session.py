"""An endpoint request carries the same JSON, headers and login as Rasa's own."""

import asyncio
import base64
import json

from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from bot.endpoint_session import endpoint_session

PAYLOAD = {
    "next_action": "validate_report_form",
    "tracker": {
        "sender_id": "citizen/1",
        "slots": {"location": "Café on King's Road, LS1 4AB", "value": 0.1 + 0.2},
        "events": [{"event": "user", "text": "🚲 nicked \u2028 http://x/y"}],
        "big": 2**70,
        "nothing": None,
    },
}


async def post_to_local_server(endpoint_url: str) -> tuple[dict, dict]:
    received: dict = {}

    async def webhook(request: web.Request) -> web.Response:
        received["body"] = await request.read()
        received["headers"] = dict(request.headers)
        return web.json_response({"events": [], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    endpoint = EndpointConfig(
        url=f"http://127.0.0.1:{port}{endpoint_url}",
        headers={"X-Force": "west-yorkshire"},
        basic_auth={"username": "rasa", "password": "s3cret"},
    )
    endpoint.session = lambda: endpoint_session(endpoint)
    try:
        reply = await endpoint.request(json=PAYLOAD, method="post")
    finally:
        await runner.cleanup()
    return reply, received


def test_the_server_reads_the_same_json_with_headers_and_login():
    reply, received = asyncio.run(post_to_local_server("/webhook"))

    assert reply == {"events": [], "responses": []}
    assert json.loads(received["body"]) == PAYLOAD
    assert b"http://x/y" in received["body"]
    assert received["headers"]["X-Force"] == "west-yorkshire"
    login = base64.b64encode(b"rasa:s3cret").decode()
    assert received["headers"]["Authorization"] == f"Basic {login}"
    assert received["headers"]["Content-Type"] == "application/json"
