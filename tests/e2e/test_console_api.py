"""The call-handler console over HTTP against the real stack: sign-in, guards, claims.

The Rasa server is real, so claiming pauses the bot, a reply reaches the
conversation and resolving hands it back, all through Rasa's own HTTP API.
"""

import threading
import uuid

import pytest
from sqlalchemy import select

from bot.audit import AuditEntry
from bot.report_store import ReportStore
from bot.settings import Settings
from bot.storage import Database
from tests.conftest import report_submission
from tests.e2e.conftest import response_text, say, texts
from tests.e2e.console_client import Console, add_user, session_cookie


@pytest.fixture(scope="module")
def handlers(stack):
    for name in ("sam", "alex"):
        add_user(name)
    add_user("chris", role="supervisor")
    return ("sam", "alex")


def signed_in(stack, username):
    console = Console(stack)
    assert console.login(username).headers["Location"] == "/console"
    return console


def queued_citizen(stack) -> str:
    sender = f"citizen-{uuid.uuid4().hex[:8]}"
    replies = say(stack, sender, "can i speak to a real person please")
    assert "in the queue" in texts(replies)
    return sender


def audit_rows(action: str) -> list[AuditEntry]:
    database = Database(Settings.from_env().database_url)
    with database.session() as session:
        rows = session.execute(
            select(AuditEntry).where(AuditEntry.action == action)
        ).scalars()
        found = list(rows)
    database.engine.dispose()
    return found


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/queue"),
        ("get", "/api/me"),
        ("get", "/api/requests/1"),
        ("get", "/api/reports/CR-2026-000001"),
        ("get", "/api/stream"),
        ("post", "/api/requests/1/claim"),
        ("post", "/api/requests/1/reply"),
        ("post", "/api/reports/CR-2026-000001/status"),
    ],
)
def test_nothing_answers_without_a_session(stack, method, path):
    console = Console(stack)
    reply = console.get(path) if method == "get" else console.post(path)
    assert reply.status_code == 401


def test_the_console_page_sends_a_stranger_to_sign_in(stack):
    reply = Console(stack).get("/")
    assert reply.status_code in (302, 303)
    assert reply.headers["Location"] == "/console/login"


def test_sign_in_sets_a_strict_http_only_cookie_and_rotates_it(stack, handlers):
    console = Console(stack)
    first = session_cookie(console.login("sam"))
    second = session_cookie(console.login("sam"))
    assert "HttpOnly" in first and "SameSite=Strict" in first
    assert "Path=/console" in first
    assert first.split(";")[0] != second.split(";")[0]
    assert console.get("/api/me").json()["username"] == "sam"


def test_a_wrong_password_is_refused(stack, handlers):
    console = Console(stack)
    reply = console.login("sam", "not the password at all")
    assert reply.headers["Location"] == "/console/login?failed=1"
    assert console.get("/api/me").status_code == 401


def test_sign_in_without_its_csrf_token_is_refused(stack, handlers):
    console = Console(stack)
    console.http.get(f"{console.base}/api/login-token")
    reply = console.http.post(
        f"{console.base}/login",
        data={"username": "sam", "password": "correct horse battery staple"},
        allow_redirects=False,
    )
    assert reply.headers["Location"] == "/console/login?failed=1"


def test_five_wrong_passwords_lock_the_account(stack, handlers):
    add_user("locky")
    console = Console(stack)
    for _ in range(5):
        console.login("locky", "wrong wrong wrong")
    assert console.login("locky").headers["Location"] == "/console/login?failed=1"
    assert audit_rows("account_locked")


def test_a_forged_csrf_token_is_refused(stack, handlers):
    sender = queued_citizen(stack)
    console = signed_in(stack, "sam")
    entry = console.request_for(sender)
    reply = console.post(f"/api/requests/{entry['id']}/claim", csrf="forged")
    assert reply.status_code == 403
    assert console.request_for(sender)["status"] == "waiting"


def test_two_handlers_claiming_at_once_exactly_one_wins(stack, handlers):
    sender = queued_citizen(stack)
    consoles = [signed_in(stack, name) for name in handlers]
    request_id = consoles[0].request_for(sender)["id"]
    codes = []
    start = threading.Barrier(len(consoles))

    def claim(console):
        start.wait()
        codes.append(console.post(f"/api/requests/{request_id}/claim").status_code)

    threads = [threading.Thread(target=claim, args=(c,)) for c in consoles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 409]


def test_claim_reply_resolve_over_http(stack, handlers):
    sender = queued_citizen(stack)
    sam, alex = signed_in(stack, "sam"), signed_in(stack, "alex")
    request_id = sam.request_for(sender)["id"]
    assert sam.post(f"/api/requests/{request_id}/claim").status_code == 200

    # The bot is paused: the citizen's message reaches the handler only.
    assert say(stack, sender, "hello is anyone there") == []
    # Only the owner (or a supervisor) may speak in the conversation.
    other = alex.post(f"/api/requests/{request_id}/reply", {"text": "hi"})
    assert other.status_code == 409
    reply = sam.post(f"/api/requests/{request_id}/reply", {"text": "Hi, I'm Sam."})
    assert reply.status_code == 200
    assert sam.post(f"/api/requests/{request_id}/notes", {"text": "calm"}).ok

    seen = sam.get(f"/api/requests/{request_id}").json()
    lines = [(line["from"], line["text"]) for line in seen["transcript"]]
    assert ("citizen", "hello is anyone there") in lines
    assert ("handler", "Hi, I'm Sam.") in lines
    assert [note["text"] for note in seen["notes"]] == ["calm"]
    assert seen["summary"]["intents"][-1] == "request_human"

    resolved = sam.post(f"/api/requests/{request_id}/resolve", {"resolution": "bot"})
    assert resolved.status_code == 200
    assert response_text("utter_iamabot")[:30] in texts(
        say(stack, sender, "am i talking to a robot")
    )
    for action in ("handoff_claimed", "conversation_viewed", "handoff_replied"):
        assert any(row.actor == "sam" for row in audit_rows(action)), action


def test_a_supervisor_can_transfer_a_conversation(stack, handlers):
    sender = queued_citizen(stack)
    sam, chris = signed_in(stack, "sam"), signed_in(stack, "chris")
    request_id = sam.request_for(sender)["id"]
    assert sam.post(f"/api/requests/{request_id}/claim").ok
    moved = chris.post(f"/api/requests/{request_id}/transfer", {"to": "alex"})
    assert moved.status_code == 200
    assert sam.request_for(sender)["handler"] == "alex"
    assert sam.post(f"/api/requests/{request_id}/reply", {"text": "x"}).status_code == (
        409
    )


def test_danger_now_is_answered_with_999_even_while_a_handler_has_it(stack, handlers):
    sender = queued_citizen(stack)
    sam = signed_in(stack, "sam")
    request_id = sam.request_for(sender)["id"]
    assert sam.post(f"/api/requests/{request_id}/claim").ok

    replies = texts(say(stack, sender, "hes back and hes got a knife"))
    assert response_text("utter_emergency")[:40] in replies
    entry = sam.get(f"/api/requests/{request_id}").json()["request"]
    assert (entry["priority"], entry["handler"]) == (1, "sam")
    # Still the handler's conversation: an ordinary message gets no bot reply.
    assert say(stack, sender, "ok calling them now") == []


def test_a_handler_opens_a_report_and_moves_it_on(stack, handlers):
    store = ReportStore(Database(Settings.from_env().database_url))
    reference = store.submit(report_submission(conversation_id=uuid.uuid4().hex))
    sam = signed_in(stack, "sam")

    report = sam.get(f"/api/reports/{reference}").json()
    assert (report["status"], report["crime_type"]) == ("received", "theft")
    closing = sam.post(f"/api/reports/{reference}/status", {"status": "closed"})
    assert closing.status_code == 400  # the outcome is needed to close
    moved = sam.post(
        f"/api/reports/{reference}/status",
        {"status": "investigating", "note": "CCTV requested"},
    )
    assert moved.json() == {"status": "investigating"}
    history = sam.get(f"/api/reports/{reference}").json()["history"]
    assert (history[-1]["status"], history[-1]["by"]) == ("investigating", "sam")
    viewed = [row for row in audit_rows("report_viewed") if row.reference == reference]
    assert [row.actor for row in viewed] == ["sam", "sam"]
