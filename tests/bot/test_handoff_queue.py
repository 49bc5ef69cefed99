from bot.handoff import HandoffQueue, Priority


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
    import pytest
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
