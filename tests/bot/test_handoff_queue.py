import dataclasses
import json
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.audit import AuditEntry
from bot.handoff import (
    HandoffEntry,
    HandoffQueue,
    NotPermitted,
    Priority,
    UnknownHandler,
    UnknownRequest,
)
from bot.storage import Database

START = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
SUMMARY = {"intents": ["request_human"], "last_message": "my ex is outside again"}


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(database, clock) -> HandoffQueue:
    return HandoffQueue(database, clock=clock)


@pytest.fixture
def staff(user_store) -> None:
    for username, role in (
        ("pc-jones", "handler"),
        ("pc-khan", "handler"),
        ("sgt-wood", "supervisor"),
        ("pc-gone", "handler"),
    ):
        user_store.add(username, "a long enough password", role)
    user_store.disable("pc-gone")


def handoff_audit(database) -> list[tuple]:
    with database.session() as session:
        rows = session.execute(
            select(AuditEntry)
            .where(AuditEntry.action.like("handoff_%"))
            .order_by(AuditEntry.id)
        ).scalars()
        return [(row.actor, row.action, row.detail) for row in rows]


def test_queue_orders_by_priority_then_waiting_time(database):
    queue = HandoffQueue(database)
    first = queue.request("a", "rest", Priority.P3, "asked")
    second = queue.request("b", "rest", Priority.P3, "asked")
    urgent = queue.request("c", "socketio", Priority.P1, "emergency")
    assert queue.position(urgent) == 1
    assert queue.position(first) == 2
    assert queue.position(second) == 3


def test_a_later_emergency_raises_the_waiting_request(database):
    queue = HandoffQueue(database)
    queue.request("a", "rest", Priority.P3, "asked", {"intents": ["request_human"]})
    raised = queue.request("a", "rest", Priority.P1, "emergency", {"risk_flags": ["x"]})
    assert raised.priority == 1
    assert raised.reason == "emergency"
    assert raised.summary == {"intents": ["request_human"], "risk_flags": ["x"]}


def test_a_lower_priority_request_does_not_downgrade(database):
    queue = HandoffQueue(database)
    queue.request("a", "rest", Priority.P1, "emergency")
    again = queue.request("a", "rest", Priority.P3, "asked")
    assert again.priority == 1


def test_database_errors_do_not_reveal_stored_values(database):
    from sqlalchemy.exc import IntegrityError

    from bot.storage import HandoffRequest

    with pytest.raises(IntegrityError) as error:
        with database.session() as session:
            session.add(
                HandoffRequest(
                    conversation_id=None,
                    channel="rest",
                    priority=3,
                    reason="asked",
                    summary={"slots": {"surname": "Smith-Private"}},
                )
            )
    # SQLAlchemy leaves the bound values out of the message; the database's own
    # detail can still quote the row, which is why actions log only the error class.
    assert "SQL parameters hidden" in str(error.value)


def test_waiting_and_open_requests_are_plain_entries_in_queue_order(queue, clock):
    later = queue.request("a", "rest", Priority.P3, "asked", SUMMARY).id
    clock.advance(minutes=1)
    claimed = queue.request("b", "rest", Priority.P3, "asked").id
    clock.advance(minutes=1)
    urgent = queue.request("c", "socketio", Priority.P1, "emergency").id
    clock.advance(minutes=1)
    review = queue.request("d", "rest", Priority.P2, "urgent review").id
    clock.advance(minutes=1)
    assert queue.claim(claimed, "pc-jones")

    assert [entry.id for entry in queue.waiting()] == [urgent, review, later]
    assert [entry.id for entry in queue.open_requests()] == [
        urgent,
        review,
        later,
        claimed,
    ]
    first = queue.waiting()[2]
    assert first == HandoffEntry(
        id=later,
        conversation_id="a",
        channel="rest",
        priority=3,
        reason="asked",
        status="waiting",
        requested_at=START,
        claimed_at=None,
        handler=None,
        summary=SUMMARY,
    )
    taken = queue.open_requests()[3]
    assert (taken.status, taken.handler, taken.claimed_at) == (
        "claimed",
        "pc-jones",
        clock.now,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        taken.handler = "pc-khan"


def test_a_request_is_claimed_once(queue):
    request = queue.request("a", "rest", Priority.P3, "asked")

    assert queue.claim(request.id, "pc-jones") is True
    assert queue.claim(request.id, "pc-khan") is False
    assert queue.claim(request.id + 100, "pc-khan") is False
    assert queue.get(request.id).handler == "pc-jones"
    assert queue.get(request.id + 100) is None
    assert queue.waiting() == []


def test_two_handlers_claiming_at_once_get_exactly_one_winner(database, queue):
    url = database.engine.url.render_as_string(hide_password=False)
    request_ids = [
        queue.request(f"citizen-{n}", "rest", Priority.P3, "asked").id for n in range(5)
    ]
    results: dict[tuple[int, str], bool] = {}
    errors: list[BaseException] = []

    def handler_console(name: str, start: threading.Barrier, request_id: int) -> None:
        # Each handler's console is its own process, with its own connection.
        console_database = Database(url)
        try:
            start.wait()
            claimed = HandoffQueue(console_database).claim(request_id, name)
            results[(request_id, name)] = claimed
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            console_database.engine.dispose()

    for request_id in request_ids:
        start = threading.Barrier(2)
        threads = [
            threading.Thread(target=handler_console, args=(name, start, request_id))
            for name in ("pc-jones", "pc-khan")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert errors == []
        won = [name for name in ("pc-jones", "pc-khan") if results[(request_id, name)]]
        assert len(won) == 1
        assert queue.get(request_id).handler == won[0]


@pytest.mark.usefixtures("staff")
def test_the_owner_or_a_supervisor_transfers_to_an_enabled_account(queue):
    request_id = queue.request("a", "rest", Priority.P3, "asked").id
    assert queue.transfer(request_id, "pc-jones", "pc-khan") is False  # waiting
    queue.claim(request_id, "pc-jones")

    with pytest.raises(NotPermitted):
        queue.transfer(request_id, "pc-khan", "pc-khan")
    with pytest.raises(UnknownHandler):
        queue.transfer(request_id, "pc-jones", "pc-nobody")
    with pytest.raises(UnknownHandler):
        queue.transfer(request_id, "pc-jones", "pc-gone")
    assert queue.get(request_id).handler == "pc-jones"

    assert queue.transfer(request_id, "pc-jones", "pc-khan") is True
    assert queue.get(request_id).handler == "pc-khan"
    with pytest.raises(NotPermitted):
        queue.transfer(request_id, "pc-jones", "pc-jones")
    assert queue.transfer(request_id, "sgt-wood", "pc-jones") is True
    assert queue.get(request_id).handler == "pc-jones"
    assert queue.get(request_id).status == "claimed"

    with pytest.raises(UnknownRequest):
        queue.transfer(request_id + 100, "sgt-wood", "pc-jones")


@pytest.mark.usefixtures("staff")
def test_a_disabled_owner_can_no_longer_move_their_request(queue, user_store):
    request_id = queue.request("a", "rest", Priority.P3, "asked").id
    queue.claim(request_id, "pc-khan")
    user_store.disable("pc-khan")

    with pytest.raises(NotPermitted):
        queue.resolve(request_id, "pc-khan", "closed")
    assert queue.transfer(request_id, "sgt-wood", "pc-jones") is True


@pytest.mark.usefixtures("staff")
def test_the_owner_or_a_supervisor_resolves(queue, clock):
    first = queue.request("a", "rest", Priority.P3, "asked").id
    second = queue.request("b", "rest", Priority.P3, "asked").id
    queue.claim(first, "pc-jones")
    queue.claim(second, "pc-jones")
    clock.advance(minutes=10)

    with pytest.raises(NotPermitted):
        queue.resolve(first, "pc-khan", "bot")
    for wrong in ("cancelled", "solved"):
        with pytest.raises(ValueError):
            queue.resolve(first, "pc-jones", wrong)
    assert queue.resolve(first, "pc-jones", "bot") is True
    assert queue.resolve(first, "pc-jones", "closed") is False
    assert queue.resolve(second, "sgt-wood", "closed") is True

    ended = queue.get(first)
    assert (ended.status, ended.resolution, ended.resolved_at) == (
        "resolved",
        "bot",
        clock.now,
    )
    assert queue.get(second).resolution == "closed"
    assert queue.open_requests() == []
    assert queue.active_for("a") is None
    with pytest.raises(UnknownRequest):
        queue.resolve(first + 100, "sgt-wood", "closed")

    again = queue.request("a", "rest", Priority.P3, "asked again")
    assert again.id not in (first, second)
    assert queue.active_for("a").id == again.id


def test_the_citizen_stops_waiting(queue):
    waiting = queue.request("a", "rest", Priority.P3, "asked").id
    assert queue.active_for("a").id == waiting

    assert queue.cancel_waiting("a") is True
    assert queue.cancel_waiting("a") is False
    assert queue.cancel_waiting("never-queued") is False
    cancelled = queue.get(waiting)
    assert (cancelled.status, cancelled.resolution) == ("cancelled", "cancelled")
    assert queue.active_for("a") is None
    assert queue.claim(waiting, "pc-jones") is False


def test_a_claimed_request_stays_with_its_handler(queue):
    request_id = queue.request("a", "rest", Priority.P3, "asked").id
    queue.claim(request_id, "pc-jones")

    assert queue.cancel_waiting("a") is False
    raised = queue.request("a", "rest", Priority.P1, "emergency")

    assert raised.id == request_id
    assert queue.active_for("a") == queue.get(request_id)
    assert (queue.get(request_id).priority, queue.get(request_id).status) == (
        1,
        "claimed",
    )
    assert queue.waiting() == []


def test_notes_are_kept_in_order_for_their_request(queue, clock):
    request_id = queue.request("a", "rest", Priority.P3, "asked").id
    other = queue.request("b", "rest", Priority.P3, "asked").id

    first = queue.add_note(request_id, "pc-jones", "  Caller sounds frightened ")
    clock.advance(minutes=2)
    queue.add_note(request_id, "sgt-wood", "Check for previous reports")

    assert first.text == "Caller sounds frightened"
    assert [(n.author, n.text, n.created_at) for n in queue.notes(request_id)] == [
        ("pc-jones", "Caller sounds frightened", START),
        ("sgt-wood", "Check for previous reports", clock.now),
    ]
    assert queue.notes(other) == []
    for empty_or_long in ("   ", "x" * 4001):
        with pytest.raises(ValueError):
            queue.add_note(request_id, "pc-jones", empty_or_long)
    with pytest.raises(UnknownRequest):
        queue.add_note(request_id + 100, "pc-jones", "lost")
    assert len(queue.notes(request_id)) == 2


@pytest.mark.usefixtures("staff")
def test_the_queue_version_changes_with_every_change_and_only_then(queue):
    versions = [queue.queue_version()]

    def changed() -> bool:
        versions.append(queue.queue_version())
        return versions[-1] != versions[-2]

    first = queue.request("a", "rest", Priority.P3, "asked").id
    assert changed()
    queue.request("a", "rest", Priority.P3, "asked again")
    assert not changed()
    queue.request("a", "rest", Priority.P1, "emergency")
    assert changed()
    second = queue.request("b", "rest", Priority.P3, "asked").id
    assert changed()
    queue.waiting(), queue.open_requests(), queue.get(first), queue.notes(first)
    assert not changed()
    assert queue.claim(first, "pc-jones")
    assert changed()
    assert not queue.claim(first, "pc-khan")
    assert not changed()
    queue.transfer(first, "pc-jones", "pc-khan")
    assert changed()
    queue.add_note(first, "pc-khan", "Handed over")
    assert changed()
    queue.resolve(first, "pc-khan", "bot")
    assert changed()
    queue.cancel_waiting("b")
    assert changed()
    assert queue.get(second).status == "cancelled"
    assert versions == sorted(versions)


@pytest.mark.usefixtures("staff")
def test_every_step_is_audited_without_message_or_note_text(database, queue):
    request_id = queue.request("a", "rest", Priority.P3, "asked", SUMMARY).id
    queue.claim(request_id, "pc-jones")
    queue.claim(request_id, "pc-khan")
    queue.add_note(request_id, "pc-jones", "Lives with the suspect")
    queue.transfer(request_id, "pc-jones", "pc-khan")
    with pytest.raises(NotPermitted):
        queue.resolve(request_id, "pc-jones", "closed")
    queue.resolve(request_id, "pc-khan", "closed")
    other = queue.request("b", "rest", Priority.P3, "asked").id
    queue.cancel_waiting("b")

    rows = handoff_audit(database)
    note_id = queue.notes(request_id)[0].id
    assert rows == [
        ("assistant", "handoff_requested", {"request": request_id, "priority": 3}),
        ("pc-jones", "handoff_claimed", {"request": request_id, "done": True}),
        ("pc-khan", "handoff_claimed", {"request": request_id, "done": False}),
        ("pc-jones", "handoff_note_added", {"request": request_id, "note": note_id}),
        (
            "pc-jones",
            "handoff_transferred",
            {"request": request_id, "to": "pc-khan", "done": True},
        ),
        (
            "pc-jones",
            "handoff_resolved",
            {"request": request_id, "resolution": "closed", "done": False},
        ),
        (
            "pc-khan",
            "handoff_resolved",
            {"request": request_id, "resolution": "closed", "done": True},
        ),
        ("assistant", "handoff_requested", {"request": other, "priority": 3}),
        ("citizen", "handoff_cancelled", {"request": other}),
    ]
    logged = json.dumps(rows)
    for secret in ("suspect", "outside again", "request_human"):
        assert secret not in logged
