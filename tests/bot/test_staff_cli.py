import getpass
import subprocess
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.__main__ import main
from bot.audit import AuditEntry
from bot.report_store import ReportStore
from tests.conftest import report_submission, run_bot_command

SUBMITTED_AT = datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def store(database) -> ReportStore:
    return ReportStore(database, clock=lambda: SUBMITTED_AT)


def last_audit_row(database) -> tuple:
    with database.session() as session:
        row = session.execute(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
        ).scalar_one()
    return row.actor, row.action, row.reference, row.detail


def test_list_shows_each_report_on_one_line(database, store, capsys):
    received = store.submit(report_submission(conversation_id="a"))
    urgent = store.submit(report_submission(conversation_id="b", injury="serious"))

    assert main(["reports", "list", "--by", "pc-jones"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:4] == [received, "28/11/2026", "09:30", "received"]
    assert lines[2].startswith(f"{urgent}  28/11/2026 09:30")
    assert "urgent review, injury serious" in lines[2]
    assert last_audit_row(database) == (
        "pc-jones",
        "reports_listed",
        None,
        {"status": None, "count": 2},
    )


def test_list_by_status_and_the_login_name_as_actor(database, store, capsys):
    store.submit(report_submission(conversation_id="a"))
    urgent = store.submit(report_submission(conversation_id="b", injury="minor"))

    assert main(["reports", "list", "--status", "under_review"]) == 0

    out = capsys.readouterr().out
    assert urgent in out and out.count("CR-") == 1
    assert last_audit_row(database)[:2] == (getpass.getuser(), "reports_listed")


def test_list_with_nothing_to_show(database, capsys):
    assert main(["reports", "list", "--status", "closed"]) == 0
    assert capsys.readouterr().out == "No reports.\n"


def test_show_prints_the_whole_report_and_its_history(database, store, capsys):
    reference = store.submit(
        report_submission(vehicle_registration="AB12 CDE", property_value=None)
    )

    assert main(["reports", "show", reference.lower(), "--by", "pc-jones"]) == 0

    out = capsys.readouterr().out
    for expected in (
        f"Reference:       {reference}",
        "Received (UTC):  28/11/2026 09:30 via rest",
        "When (UTC):      27/11/2026 22:00",
        "Name:            Siân O'Brien",
        "Email:           not given",
        "Repeat victim:   not asked",
        "Property:        red mountain bike (value not given)",
        "Vehicle:         AB12 CDE (victim)",
        "  28/11/2026 09:30  received by assistant",
    ):
        assert expected in out
    assert last_audit_row(database) == (
        "pc-jones",
        "report_viewed",
        reference,
        {"found": True},
    )


def test_status_moves_the_report_on_and_is_audited(database, store, capsys):
    reference = store.submit(report_submission())

    code = main(
        [
            "reports",
            "status",
            reference,
            "closed",
            "--note",
            "Bike returned",
            "--by",
            "pc-jones",
        ]
    )

    assert code == 0
    assert capsys.readouterr().out == f"{reference} is now closed.\n"
    report = store.find(reference, actor="pc-test")
    assert [(h.status, h.note, h.changed_by) for h in report.history] == [
        ("received", None, "assistant"),
        ("closed", "Bike returned", "pc-jones"),
    ]
    with database.session() as session:
        changed = session.execute(
            select(AuditEntry).where(AuditEntry.action == "status_changed")
        ).scalar_one()
    assert (changed.actor, changed.reference, changed.detail) == (
        "pc-jones",
        reference,
        {"found": True, "previous": "received", "status": "closed"},
    )


def test_closing_without_the_outcome_is_refused(database, store, capsys):
    reference = store.submit(report_submission())

    assert main(["reports", "status", reference, "closed"]) == 2

    assert "needs the outcome" in capsys.readouterr().err
    assert store.find(reference, actor="pc-test").status == "received"


def test_an_unknown_reference_is_a_clear_error_and_is_audited(database, capsys):
    assert main(["reports", "show", "CR-2026-000000", "--by", "pc-jones"]) == 2
    assert capsys.readouterr().err == "No report has the reference CR-2026-000000.\n"
    assert last_audit_row(database) == (
        "pc-jones",
        "report_viewed",
        "CR-2026-000000",
        {"found": False},
    )

    assert main(["reports", "status", "CR-2026-000000", "investigating"]) == 2
    assert "No report has the reference" in capsys.readouterr().err
    assert last_audit_row(database)[1:] == (
        "status_changed",
        "CR-2026-000000",
        {"found": False},
    )


def test_an_invalid_status_or_reference_is_a_usage_error(database, store, capsys):
    reference = store.submit(report_submission())
    for argv in (
        ["reports", "status", reference, "solved"],
        ["reports", "show", "CR-26-1"],
    ):
        with pytest.raises(SystemExit) as exit:
            main(argv)
        assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'solved'" in err
    assert "'CR-26-1' is not a reference like CR-2026-123456" in err


def run_command(*args: str, database_url: str) -> subprocess.CompletedProcess:
    return run_bot_command("reports", *args, DATABASE_URL=database_url)


def test_the_command_line_exits_2_without_a_stack_trace(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"

    unknown = run_command("show", "CR-2026-000000", database_url=url)
    invalid = run_command("status", "CR-2026-000000", "done", database_url=url)

    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr == "No report has the reference CR-2026-000000.\n"
    assert invalid.returncode == 2
    assert "invalid choice: 'done'" in invalid.stderr
    assert "Traceback" not in unknown.stderr + invalid.stderr
