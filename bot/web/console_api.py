"""The call-handler console's JSON API and its live stream.

Handlers see the queue, claim a conversation (which pauses the bot), read the
transcript and what the assistant captured, reply on the citizen's channel,
keep internal notes, transfer, resolve, and open and update the linked report.
Every view and action is audited by the stores it goes through, or here.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import yaml
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import audit
from bot.audit import AuditAction
from bot.console.models import Role
from bot.console.sessions import ConsoleSession
from bot.handoff import HandoffEntry, NotPermitted, UnknownHandler
from bot.rasa_api import RasaUnavailable
from bot.report_store import OutcomeRequired, UnknownReference
from bot.reports import STATUSES, Report
from bot.storage import utcnow
from bot.web.console_auth import PAGES, current_session, signed_in

CANNED_REPLIES = Path(__file__).with_name("canned_replies.yml")
MAX_REPLY = 1000
MAX_NOTE = 4000
# How often the stream looks for changes; the queue must show within 2 s.
POLL_SECONDS = 0.3
# An open conversation's transcript comes from the Rasa server: asked less often.
TRANSCRIPT_EVERY = 3
HEARTBEAT_EVERY = 50

T = TypeVar("T")


async def in_thread(work: Callable[[], T]) -> T:
    """Runs a blocking database call without stalling the web app's event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, work)


def request_json(entry: HandoffEntry) -> dict[str, Any]:
    """A queue row as the console shows it."""
    summary = entry.summary or {}
    return {
        "id": entry.id,
        "conversation_id": entry.conversation_id,
        "channel": entry.channel,
        "priority": entry.priority,
        "reason": entry.reason,
        "status": entry.status,
        "requested_at": entry.requested_at.isoformat(),
        "claimed_at": entry.claimed_at.isoformat() if entry.claimed_at else None,
        "handler": entry.handler,
        "waiting_seconds": int((utcnow() - entry.requested_at).total_seconds()),
        "risk_flags": summary.get("risk_flags") or [],
        "reference": summary.get("reference")
        or (summary.get("slots") or {}).get("reference_number"),
    }


def report_json(report: Report) -> dict[str, Any]:
    """What a handler needs from a report to talk to the citizen about it."""
    return {
        "reference": report.reference,
        "status": report.status,
        "crime_type": report.crime_type,
        "created_at": report.created_at.isoformat(),
        "description": report.description,
        "location": report.location,
        "occurred_from": report.occurred_from.isoformat(),
        "victim_name": report.victim_name,
        "contact_phone": report.contact_phone,
        "history": [
            {
                "status": change.status,
                "note": change.note,
                "at": change.changed_at.isoformat(),
                "by": change.changed_by,
            }
            for change in report.history
        ],
        "statuses": list(STATUSES),
    }


def _may_act(entry: HandoffEntry, who: ConsoleSession) -> bool:
    return entry.handler == who.username or who.role is Role.SUPERVISOR


def _error(message: str, status: int) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def _body(request: Request) -> dict[str, Any]:
    try:
        body = request.json
    except Exception:  # Sanic raises its own error for unreadable JSON.
        return {}
    return body if isinstance(body, dict) else {}


def _text(request: Request, limit: int) -> str | None:
    text = _body(request).get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > limit:
        return None
    return text.strip()


def create_api_blueprint() -> Blueprint:
    """The console page and its API under /console."""
    api = Blueprint("console_api", url_prefix="/console")

    @api.get("/")
    @signed_in(page=True)
    async def console_page(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "index.html")

    @api.get("/api/me")
    @signed_in()
    async def me(request: Request) -> HTTPResponse:
        who: ConsoleSession = request.ctx.console
        users = await in_thread(request.app.ctx.users.list_users)
        return response.json(
            {
                "username": who.username,
                "role": who.role.value,
                "csrf_token": who.csrf_token,
                "canned_replies": yaml.safe_load(CANNED_REPLIES.read_text("utf-8")),
                "handlers": [u.username for u in users if not u.disabled],
            }
        )

    @api.get("/api/queue")
    @signed_in()
    async def queue(request: Request) -> HTTPResponse:
        entries = await in_thread(request.app.ctx.queue.open_requests)
        return response.json({"requests": [request_json(e) for e in entries]})

    @api.get("/api/requests/<request_id:int>")
    @signed_in()
    async def conversation(request: Request, request_id: int) -> HTTPResponse:
        try:
            found = await conversation_json(request, request_id, audited=True)
        except RasaUnavailable:
            return _error("The assistant could not be reached; try again.", 502)
        if found is None:
            return _error("No such conversation.", 404)
        return response.json(found)

    @api.post("/api/requests/<request_id:int>/claim")
    @signed_in()
    async def claim(request: Request, request_id: int) -> HTTPResponse:
        ctx, who = request.app.ctx, request.ctx.console
        if not await in_thread(partial(ctx.queue.claim, request_id, who.username)):
            return _error("Someone else has this conversation, or it has ended.", 409)
        entry = await in_thread(partial(ctx.queue.get, request_id))
        try:
            await ctx.live.take_over(entry.conversation_id)
        except RasaUnavailable:
            return _error("Claimed, but the assistant could not be paused.", 502)
        return response.json({"request": request_json(entry)})

    @api.post("/api/requests/<request_id:int>/reply")
    @signed_in()
    async def reply(request: Request, request_id: int) -> HTTPResponse:
        ctx, who = request.app.ctx, request.ctx.console
        entry = await in_thread(partial(ctx.queue.get, request_id))
        if entry is None or entry.status != "claimed" or not _may_act(entry, who):
            return _error("Claim this conversation before replying.", 409)
        text = _text(request, MAX_REPLY)
        if text is None:
            return _error(f"Write a reply of up to {MAX_REPLY} characters.", 400)
        try:
            await ctx.live.say(entry.conversation_id, who.username, text)
        except RasaUnavailable:
            return _error("The assistant could not be reached; try again.", 502)
        await in_thread(
            partial(_audit, ctx.database, who, AuditAction.HANDOFF_REPLIED, request_id)
        )
        return response.json({"sent": True})

    @api.post("/api/requests/<request_id:int>/notes")
    @signed_in()
    async def add_note(request: Request, request_id: int) -> HTTPResponse:
        ctx, who = request.app.ctx, request.ctx.console
        entry = await in_thread(partial(ctx.queue.get, request_id))
        if entry is None:
            return _error("No such conversation.", 404)
        text = _text(request, MAX_NOTE)
        if text is None:
            return _error(f"Write a note of up to {MAX_NOTE} characters.", 400)
        await in_thread(partial(ctx.queue.add_note, request_id, who.username, text))
        return response.json({"added": True})

    @api.post("/api/requests/<request_id:int>/transfer")
    @signed_in()
    async def transfer(request: Request, request_id: int) -> HTTPResponse:
        ctx, who = request.app.ctx, request.ctx.console
        target = str(_body(request).get("to") or "")
        try:
            moved = await in_thread(
                partial(ctx.queue.transfer, request_id, who.username, target)
            )
        except UnknownHandler:
            return _error("No such handler.", 400)
        except NotPermitted:
            return _error("Only its handler or a supervisor can transfer it.", 403)
        except LookupError:
            return _error("No such conversation.", 404)
        if not moved:
            return _error("This conversation is not claimed any more.", 409)
        return response.json({"transferred": True})

    @api.post("/api/requests/<request_id:int>/resolve")
    @signed_in()
    async def resolve(request: Request, request_id: int) -> HTTPResponse:
        ctx, who = request.app.ctx, request.ctx.console
        resolution = _body(request).get("resolution")
        if resolution not in ("bot", "closed"):
            return _error("Resolve with 'bot' or 'closed'.", 400)
        entry = await in_thread(partial(ctx.queue.get, request_id))
        try:
            resolved = await in_thread(
                partial(ctx.queue.resolve, request_id, who.username, resolution)
            )
        except NotPermitted:
            return _error("Only its handler or a supervisor can resolve it.", 403)
        except LookupError:
            return _error("No such conversation.", 404)
        if not resolved:
            return _error("This conversation is not claimed any more.", 409)
        try:
            await ctx.live.hand_back(entry.conversation_id)
        except RasaUnavailable:
            return _error("Resolved, but the assistant could not be woken.", 502)
        return response.json({"resolved": resolution})

    @api.get("/api/reports/<reference:str>")
    @signed_in()
    async def report(request: Request, reference: str) -> HTTPResponse:
        who = request.ctx.console
        found = await in_thread(
            partial(request.app.ctx.reports.find, reference, who.username)
        )
        if found is None:
            return _error("No report has that reference.", 404)
        return response.json(report_json(found))

    @api.post("/api/reports/<reference:str>/status")
    @signed_in()
    async def report_status(request: Request, reference: str) -> HTTPResponse:
        who, body = request.ctx.console, _body(request)
        status, note = body.get("status"), body.get("note") or None
        if status not in STATUSES or (note is not None and not isinstance(note, str)):
            return _error("Choose one of the statuses.", 400)
        try:
            changed = await in_thread(
                partial(
                    request.app.ctx.reports.set_status,
                    reference,
                    status,
                    who.username,
                    note,
                )
            )
        except OutcomeRequired:
            return _error("Closing a report needs the outcome as its note.", 400)
        except UnknownReference:
            return _error("No report has that reference.", 404)
        return response.json({"status": changed.status})

    @api.get("/api/stream")
    @signed_in()
    async def stream(request: Request) -> None:
        await live_stream(request)

    return api


async def conversation_json(
    request: Request, request_id: int, audited: bool
) -> dict[str, Any] | None:
    """The request, its summary, the transcript and notes; the view is audited."""
    ctx, who = request.app.ctx, request.ctx.console
    entry = await in_thread(partial(ctx.queue.get, request_id))
    if entry is None:
        return None
    if audited:
        await in_thread(
            partial(
                _audit, ctx.database, who, AuditAction.CONVERSATION_VIEWED, request_id
            )
        )
    transcript = await ctx.live.transcript(entry.conversation_id)
    notes = await in_thread(partial(ctx.queue.notes, request_id))
    summary = dict(entry.summary or {})
    summary.setdefault("reference", request_json(entry)["reference"])
    return {
        "request": request_json(entry),
        "summary": summary,
        "transcript": transcript,
        "notes": [
            {"author": n.author, "text": n.text, "at": n.created_at.isoformat()}
            for n in notes
        ],
    }


async def live_stream(request: Request) -> None:
    """Server-sent events: the queue on every change, and the open conversation."""
    ctx = request.app.ctx
    resp = await request.respond(
        content_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
    watched = request.args.get("request")
    request_id = int(watched) if watched and watched.isdigit() else None
    last_version: Any = None
    last_conversation = ""
    tick = 0
    while not request.transport.is_closing():
        if tick % HEARTBEAT_EVERY == 0:
            if current_session(request) is None:
                break  # signed out or expired: the page will go to sign-in
            await resp.send(": still here\n\n")
        version = await in_thread(ctx.queue.queue_version)
        if version != last_version:
            last_version = version
            entries = await in_thread(ctx.queue.open_requests)
            payload = {"requests": [request_json(e) for e in entries]}
            await resp.send(_event("queue", payload))
        if request_id is not None and tick % TRANSCRIPT_EVERY == 0:
            try:
                found = await conversation_json(request, request_id, audited=tick == 0)
            except RasaUnavailable:
                found = None
            changes = _what_changes(found)
            if changes and changes != last_conversation:
                last_conversation = changes
                await resp.send(_event("conversation", found))
        tick += 1
        await asyncio.sleep(POLL_SECONDS)


def _what_changes(found: dict[str, Any] | None) -> str:
    """The parts of a conversation worth a push (not its ticking wait time)."""
    if not found:
        return ""
    request = found["request"]
    return json.dumps(
        [found["transcript"], found["notes"], request["status"], request["handler"]]
    )


def _event(name: str, payload: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(payload)}\n\n"


def _audit(
    database: Any, who: ConsoleSession, action: AuditAction, request_id: int
) -> None:
    with database.session() as session:
        audit.record(session, who.username, action, request=request_id)
