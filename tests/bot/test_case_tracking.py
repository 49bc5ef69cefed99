from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.case_tracking import CaseStatus, CaseTracker, TrackingLocked
from bot.report_store import ReportStore
from bot.reports import Status, TrackingAttempt
from tests.conftest import report_submission

START = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def reference(database, clock) -> str:
    store = ReportStore(database, clock=clock, random_digits=lambda: "123456")
    return store.submit(report_submission())


@pytest.fixture
def tracker(database, clock) -> CaseTracker:
    return CaseTracker(database, clock=clock)


@pytest.mark.parametrize(
    "verifier",
    ["O'Brien", "o'brien", "  OBRIEN ", "Ó Brien", "Siân O'Brien", "07700 900123"],
)
def test_the_surname_or_phone_on_the_report_shows_its_status(
    tracker, reference, verifier
):
    assert tracker.check("citizen-1", reference, verifier) == CaseStatus(
        reference=reference, status="received", note=None, updated_at=START
    )


def test_the_reference_may_be_typed_in_lower_case(tracker, reference):
    assert tracker.check("citizen-1", f" {reference.lower()} ", "obrien") is not None


def test_the_latest_change_and_its_note_are_shown(database, clock, tracker, reference):
    clock.now = START + timedelta(days=3)
    ReportStore(database, clock=clock).set_status(
        reference, Status.CLOSED, "pc-jones", note="Bike recovered and returned"
    )
    assert tracker.check("citizen-1", reference, "07700900123") == CaseStatus(
        reference=reference,
        status="closed",
        note="Bike recovered and returned",
        updated_at=START + timedelta(days=3),
    )


def test_a_wrong_reference_and_a_wrong_verifier_look_the_same(tracker, reference):
    wrong_reference = tracker.check("citizen-1", "CR-2026-654321", "O'Brien")
    wrong_surname = tracker.check("citizen-1", reference, "Smith")
    wrong_phone = tracker.check("citizen-1", reference, "07700 900999")
    nothing = tracker.check("citizen-1", reference, "  ")
    assert wrong_reference is wrong_surname is wrong_phone is nothing is None


def test_every_attempt_is_recorded(database, tracker, reference):
    tracker.check("citizen-1", reference, "Smith")
    tracker.check("citizen-1", reference, "O'Brien")
    with database.session() as session:
        attempts = session.execute(
            select(TrackingAttempt.conversation_id, TrackingAttempt.succeeded).order_by(
                TrackingAttempt.id
            )
        ).all()
    assert attempts == [("citizen-1", False), ("citizen-1", True)]


def fail_five_times(tracker, clock, reference, conversation_id="citizen-1"):
    for minute in range(5):
        clock.now = START + timedelta(minutes=minute)
        assert tracker.check(conversation_id, reference, "Smith") is None


def test_five_failures_in_an_hour_lock_even_the_right_answer_out(
    tracker, clock, reference
):
    fail_five_times(tracker, clock, reference)
    clock.now = START + timedelta(minutes=30)
    with pytest.raises(TrackingLocked):
        tracker.check("citizen-1", reference, "O'Brien")
    # Another conversation is not locked by this one's failures.
    assert tracker.check("citizen-2", reference, "O'Brien") is not None


def test_the_lock_lifts_an_hour_after_the_failures(tracker, clock, reference):
    fail_five_times(tracker, clock, reference)
    clock.now = START + timedelta(minutes=59)
    with pytest.raises(TrackingLocked):
        tracker.check("citizen-1", reference, "O'Brien")

    clock.now = START + timedelta(minutes=65)
    assert tracker.check("citizen-1", reference, "O'Brien") is not None


def test_failures_spread_over_more_than_an_hour_do_not_lock(tracker, clock, reference):
    for minute in (0, 20, 40, 60, 80, 100):
        clock.now = START + timedelta(minutes=minute)
        assert tracker.check("citizen-1", reference, "Smith") is None
    assert tracker.check("citizen-1", reference, "O'Brien") is not None
