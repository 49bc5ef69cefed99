from rasa_sdk.events import ActiveLoop
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.emergency import ActionHandleEmergency
from bot.storage import HandoffRequest
from tests.conftest import (
    action_event,
    forget_action_server_databases,
    make_tracker,
    user_event,
)

DOMAIN = {"responses": {}}


async def test_an_urgent_handoff_is_queued(database):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        [
            user_event("greet", "hi"),
            action_event("utter_greet"),
            user_event("emergency"),
        ],
        sender_id="web-123",
    )
    await ActionHandleEmergency().run(dispatcher, tracker, DOMAIN)

    with database.session() as session:
        request = session.execute(select(HandoffRequest)).scalar_one()
    assert (request.conversation_id, request.priority, request.reason) == (
        "web-123",
        1,
        "emergency",
    )
    assert request.summary["risk_flags"] == ["emergency"]


async def test_emergency_mid_form_leaves_the_form_but_keeps_answers(database):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        [
            user_event("report_crime"),
            action_event("report_form"),
            user_event("emergency"),
        ],
        slots={"crime_type": "burglary", "requested_slot": None},
        active_loop="report_form",
    )
    events = await ActionHandleEmergency().run(dispatcher, tracker, DOMAIN)
    assert ActiveLoop(None) in events
    assert not any(e.get("name") == "crime_type" for e in events)
    with database.session() as session:
        request = session.execute(select(HandoffRequest)).scalar_one()
    assert request.summary["slots"] == {"crime_type": "burglary"}


async def test_a_storage_fault_does_not_break_the_emergency_path(monkeypatch, tmp_path):
    # SQLite cannot open a database whose directory is a plain file.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{blocker}/sub/assistant.db")
    forget_action_server_databases()
    try:
        events = await ActionHandleEmergency().run(
            CollectingDispatcher(), make_tracker([user_event("emergency")]), DOMAIN
        )
    finally:
        forget_action_server_databases()
    assert ActiveLoop(None) in events


async def test_a_storage_fault_is_logged_without_its_detail(
    monkeypatch, tmp_path, caplog
):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{blocker}/sub/assistant.db")
    forget_action_server_databases()
    caplog.set_level("INFO")
    try:
        await ActionHandleEmergency().run(
            CollectingDispatcher(),
            make_tracker([user_event("emergency", "he is at my door at 4 Elm Road")]),
            DOMAIN,
        )
    finally:
        forget_action_server_databases()
    assert "could not queue handoff: NotADirectoryError" in caplog.text
    assert "Elm Road" not in caplog.text and "not-a-dir" not in caplog.text
