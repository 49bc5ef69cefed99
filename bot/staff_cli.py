"""Staff command line for crime reports: `python -m bot reports list|show|status`.

Output goes to stdout. Every use is audited under the acting person's name:
`--by NAME`, or the operating-system login name when it is not given.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.references import is_reference
from bot.report_store import OutcomeRequired, ReportStore, UnknownReference
from bot.reports import STATUSES, Report
from bot.settings import Settings
from bot.storage import Database

# An unknown reference, an invalid status or a missing outcome: the same exit
# code argparse uses for a usage error, so scripts can tell them from failures.
USAGE_ERROR = 2
ACTOR_MAX_LENGTH = 64


def add_commands(reports: argparse.ArgumentParser) -> None:
    """Adds `list`, `show` and `status` under the `reports` command."""
    acting = argparse.ArgumentParser(add_help=False)
    acting.add_argument(
        "--by",
        type=actor_name,
        metavar="NAME",
        help="who is doing this, for the audit log (default: your login name)",
    )
    commands = reports.add_subparsers(dest="reports_command", required=True)
    listing = commands.add_parser(
        "list", parents=[acting], help="every report, oldest first"
    )
    listing.add_argument("--status", choices=STATUSES, help="only this status")
    show = commands.add_parser(
        "show", parents=[acting], help="one report in full, with its history"
    )
    show.add_argument("reference", type=_reference, help="e.g. CR-2026-123456")
    change = commands.add_parser(
        "status",
        parents=[acting],
        help="move a report on; closing needs the outcome as --note",
    )
    change.add_argument("reference", type=_reference, help="e.g. CR-2026-123456")
    change.add_argument("status", choices=STATUSES)
    change.add_argument(
        "--note", metavar="TEXT", help="what changed; for closed, the outcome"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Runs a `reports` command; returns the process exit code."""
    actor = args.by or login_name()
    if actor is None:
        return refuse("Cannot tell who you are: add --by NAME.")
    database = Database(settings.database_url)
    try:
        database.create_schema()
        store = ReportStore(database)
        if args.reports_command == "list":
            _print_lines(_listing(store.list_reports(actor, args.status)))
        elif args.reports_command == "show":
            report = store.find(args.reference, actor)
            if report is None:
                raise UnknownReference(args.reference)
            _print_lines(_details(report))
        else:
            report = store.set_status(args.reference, args.status, actor, args.note)
            print(f"{report.reference} is now {report.status}.")
    except UnknownReference as unknown:
        return refuse(f"No report has the reference {unknown}.")
    except OutcomeRequired:
        return refuse("Closing a report needs the outcome: add --note TEXT.")
    except SQLAlchemyError as error:
        return database_unusable(error)
    finally:
        database.engine.dispose()
    return 0


def _reference(text: str) -> str:
    reference = text.strip().upper()
    if not is_reference(reference):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a reference like CR-2026-123456"
        )
    return reference


def actor_name(text: str) -> str:
    """An argparse type: the acting person's name for the audit log."""
    name = text.strip()
    if not 0 < len(name) <= ACTOR_MAX_LENGTH:
        raise argparse.ArgumentTypeError(
            f"a name of 1 to {ACTOR_MAX_LENGTH} characters is needed"
        )
    return name


def login_name() -> str | None:
    """The operating-system login name, the default actor; None if there is none."""
    try:
        return getpass.getuser()[:ACTOR_MAX_LENGTH]
    except (KeyError, OSError):  # a container user with no password entry
        return None


def refuse(message: str) -> int:
    """A one-line usage error on stderr; the exit code for it."""
    print(message, file=sys.stderr)
    return USAGE_ERROR


def database_unusable(error: SQLAlchemyError) -> int:
    """One line naming the error's class only (its text can hold stored values)."""
    print(
        f"The database could not be used ({type(error).__name__}); "
        "check DATABASE_URL and that the database is running.",
        file=sys.stderr,
    )
    return 1


def _print_lines(lines: Iterator[str]) -> None:
    for line in lines:
        print(line)


def _listing(reports: list[Report]) -> Iterator[str]:
    if not reports:
        yield "No reports."
        return
    yield f"{'reference':<16}{'received (UTC)':<18}{'status':<15}{'crime':<22}flags"
    for report in reports:
        flags = ", ".join(_flags(report))
        yield (
            f"{report.reference:<16}{_when(report.created_at):<18}"
            f"{report.status:<15}{report.crime_type:<22}{flags}".rstrip()
        )


def _details(report: Report) -> Iterator[str]:
    occurred = _when(report.occurred_from)
    if report.occurred_to is not None:
        occurred = f"between {occurred} and {_when(report.occurred_to)}"
    fields = {
        "Reference": report.reference,
        "Status": report.status,
        "Received (UTC)": f"{_when(report.created_at)} via {report.channel}",
        "Crime type": report.crime_type,
        "Flags": ", ".join(_flags(report)) or "none",
        "Injury": report.injury or "not asked",
        "Repeat victim": _yes_no(report.repeat_victim),
        "When (UTC)": occurred,
        "Where": report.location,
        "Postcode": report.postcode,
        "What happened": report.description,
        "Suspect": report.suspect_description,
        "Witnesses": report.witnesses,
        "Evidence": report.evidence,
        "Name": report.victim_name,
        "Phone": report.contact_phone,
        "Email": report.contact_email,
        "Contact by": report.contact_method,
        "Safe to contact": report.safe_contact_times,
    }
    for label, value in fields.items():
        yield f"{label + ':':<17}{'not given' if value is None else value}"
    for item in report.property:
        value = (
            "value not given" if item.value_pounds is None else f"£{item.value_pounds}"
        )
        yield f"{'Property:':<17}{item.description} ({value})"
    for vehicle in report.vehicles:
        yield f"{'Vehicle:':<17}{vehicle.registration} ({vehicle.role})"
    yield "History (UTC):"
    for change in report.history:
        note = f": {change.note}" if change.note else ""
        when = _when(change.changed_at)
        yield f"  {when}  {change.status} by {change.changed_by}{note}"


def _flags(report: Report) -> Iterator[str]:
    named = {
        "urgent review": report.urgent_review,
        "over a year old": report.old_incident,
        f"injury {report.injury}": report.injury in ("minor", "serious"),
        "vulnerable": report.vulnerability,
        "repeat victim": report.repeat_victim,
        "hate element": report.hate_element,
    }
    return (name for name, present in named.items() if present)


def _yes_no(answer: bool | None) -> str:
    return "not asked" if answer is None else ("yes" if answer else "no")


def _when(moment: datetime) -> str:
    """Day first, the British way."""
    return moment.strftime("%d/%m/%Y %H:%M")
