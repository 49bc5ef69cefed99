import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import event, func, select

from bot.audit import AuditEntry
from bot.report_store import OutcomeRequired, ReportStore, UnknownReference
from bot.reports import (
    Report,
    ReportProperty,
    ReportStatusChange,
    ReportVehicle,
    Status,
)
from tests.conftest import report_submission

SUBMITTED_AT = datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)


def fixed_clock() -> datetime:
    return SUBMITTED_AT


def digits_from(*draws: str):
    remaining = iter(draws)
    return lambda: next(remaining)


def count(database, table) -> int:
    with database.session() as session:
        return session.execute(select(func.count()).select_from(table)).scalar_one()


def audit_rows(database) -> list[tuple]:
    with database.session() as session:
        return [
            (row.actor, row.action, row.reference, row.detail)
            for row in session.execute(
                select(AuditEntry).order_by(AuditEntry.id)
            ).scalars()
        ]


def test_a_report_is_stored_with_its_property_first_status_and_audit_row(database):
    store = ReportStore(database, clock=fixed_clock)
    reference = store.submit(
        report_submission(
            crime_type="vehicle_crime",
            vehicle_registration="AB12 CDE",
            stolen_property="sat nav",
            property_value=None,
        )
    )

    assert re.fullmatch(r"CR-2026-\d{6}", reference)
    report = store.find(reference, actor="pc-test")
    assert report.conversation_id == "citizen-1"
    assert report.status == "received"
    assert report.created_at == SUBMITTED_AT
    assert report.occurred_from == datetime(2026, 11, 27, 22, 0, tzinfo=timezone.utc)
    assert report.contact_email is None
    assert [(p.description, p.value_pounds) for p in report.property] == [
        ("sat nav", None)
    ]
    assert [(v.registration, v.role) for v in report.vehicles] == [
        ("AB12 CDE", "victim")
    ]
    assert [(h.status, h.changed_by, h.changed_at) for h in report.history] == [
        ("received", "assistant", SUBMITTED_AT)
    ]
    assert audit_rows(database) == [
        ("assistant", "report_submitted", reference, {"channel": "rest"}),
        ("pc-test", "report_viewed", reference, {"found": True}),
    ]


def test_the_audit_log_holds_no_personal_data(database):
    store = ReportStore(database)
    reference = store.submit(report_submission())
    store.find(reference, actor="pc-test")
    store.set_status(reference, Status.CLOSED, "pc-test", note="Bike found, O'Brien")
    logged = repr(audit_rows(database))
    for personal in ("O'Brien", "Siân", "07700", "447700", "SW1A", "bike", "Tesco"):
        assert personal not in logged


def test_an_injury_or_an_old_crime_starts_under_review(database):
    store = ReportStore(database)
    hurt = store.submit(report_submission(conversation_id="a", injury="minor"))
    old = store.submit(
        report_submission(conversation_id="b", incident_over_a_year=True)
    )
    unhurt = store.submit(report_submission(conversation_id="c", injury="none"))

    statuses = {
        ref: (report.status, report.urgent_review, report.old_incident)
        for ref in (hurt, old, unhurt)
        for report in [store.find(ref, actor="pc-test")]
    }
    assert statuses == {
        hurt: ("under_review", True, False),
        old: ("under_review", True, True),
        unhurt: ("received", False, False),
    }


def test_the_same_conversation_submitted_twice_is_one_report(database):
    store = ReportStore(database)
    first = store.submit(report_submission())
    again = store.submit(report_submission(incident_description="sent it again"))
    assert again == first
    assert count(database, Report) == 1
    assert count(database, AuditEntry) == 1


def test_a_submission_racing_another_process_gets_its_reference(database):
    other_process = ReportStore(database)
    raced = {}

    def digits_after_the_other_process_commits() -> str:
        # Between our check for an existing report and our insert, another
        # process stores the same conversation's report.
        if not raced:
            raced["reference"] = other_process.submit(report_submission())
        return "123456"

    store = ReportStore(database, random_digits=digits_after_the_other_process_commits)
    assert store.submit(report_submission()) == raced["reference"]
    assert count(database, Report) == 1


def test_a_reference_already_taken_is_drawn_again(database):
    first = ReportStore(
        database, clock=fixed_clock, random_digits=digits_from("000042")
    )
    assert first.submit(report_submission(conversation_id="a")) == "CR-2026-000042"

    store = ReportStore(
        database, clock=fixed_clock, random_digits=digits_from("000042", "000043")
    )
    assert store.submit(report_submission(conversation_id="b")) == "CR-2026-000043"
    assert count(database, Report) == 2


def test_a_failure_part_way_through_the_write_leaves_nothing(database):
    def fail_on_history(conn, cursor, statement, *args):
        if statement.startswith("INSERT INTO report_status_history"):
            raise RuntimeError("disk full")

    event.listen(database.engine, "before_cursor_execute", fail_on_history)
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            ReportStore(database).submit(report_submission())
    finally:
        event.remove(database.engine, "before_cursor_execute", fail_on_history)

    for table in (Report, ReportProperty, ReportVehicle, ReportStatusChange):
        assert count(database, table) == 0
    assert count(database, AuditEntry) == 0


def test_naive_incident_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        report_submission(incident_start=datetime(2026, 11, 27, 22, 0))


def test_an_unknown_injury_level_is_refused():
    with pytest.raises(ValueError, match="injury"):
        report_submission(injury="bad")


def test_status_changes_are_kept_in_order_and_audited(database):
    clock_times = iter(
        [SUBMITTED_AT, datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)]
    )
    store = ReportStore(database, clock=lambda: next(clock_times))
    reference = store.submit(report_submission())

    changed = store.set_status(
        reference, "with_officer", "pc-jones", note="PC Jones will call"
    )

    assert changed.status == "with_officer"
    assert [(h.status, h.note, h.changed_by) for h in changed.history] == [
        ("received", None, "assistant"),
        ("with_officer", "PC Jones will call", "pc-jones"),
    ]
    assert audit_rows(database)[-1] == (
        "pc-jones",
        "status_changed",
        reference,
        {"found": True, "previous": "received", "status": "with_officer"},
    )


def test_closing_needs_the_outcome(database):
    store = ReportStore(database)
    reference = store.submit(report_submission())
    with pytest.raises(OutcomeRequired):
        store.set_status(reference, Status.CLOSED, "pc-jones", note="  ")
    assert store.find(reference, actor="pc-jones").status == "received"


def test_an_unknown_reference_is_refused_and_audited(database):
    store = ReportStore(database)
    with pytest.raises(UnknownReference):
        store.set_status("CR-2026-999999", Status.INVESTIGATING, "pc-jones")
    assert store.find("CR-2026-999999", actor="pc-jones") is None
    assert audit_rows(database) == [
        ("pc-jones", "status_changed", "CR-2026-999999", {"found": False}),
        ("pc-jones", "report_viewed", "CR-2026-999999", {"found": False}),
    ]


def test_listing_filters_by_status_oldest_first_and_is_audited(database):
    times = iter(
        datetime(2026, 11, day, 12, 0, tzinfo=timezone.utc) for day in (1, 2, 3, 4)
    )
    store = ReportStore(database, clock=lambda: next(times))
    first = store.submit(report_submission(conversation_id="a"))
    hurt = store.submit(report_submission(conversation_id="b", injury="serious"))
    third = store.submit(report_submission(conversation_id="c"))

    listed = store.list_reports("pc-jones")
    received = store.list_reports("pc-jones", Status.RECEIVED)

    assert [r.reference for r in listed] == [first, hurt, third]
    assert [r.reference for r in received] == [first, third]
    assert audit_rows(database)[-2:] == [
        ("pc-jones", "reports_listed", None, {"status": None, "count": 3}),
        ("pc-jones", "reports_listed", None, {"status": "received", "count": 2}),
    ]
