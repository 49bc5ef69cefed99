"""Case tracking: a citizen sees a report's status once they show it is theirs.

They show it with the reference and the surname or phone number on the
report. A wrong reference and a wrong surname get the same answer, so the
check cannot be used to learn which references exist; and five failures
within an hour from one conversation stop the checking, so neither can be
guessed by trying.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.identifiers import normalise_uk_phone
from bot.reports import Report, ReportStatusChange, TrackingAttempt
from bot.storage import Database, utcnow

MAX_FAILURES = 5
LOCKOUT_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class CaseStatus:
    """What a verified citizen may see: where the report is and since when.

    Attributes:
        reference: the report's reference.
        status: one of `bot.reports.Status`'s values.
        note: the latest change's note; for `closed`, the outcome.
        updated_at: when the status last changed (UTC).
    """

    reference: str
    status: str
    note: str | None
    updated_at: datetime


class TrackingLocked(Exception):
    """Too many failed checks from this conversation within the past hour."""


class CaseTracker:
    """Checks a reference and verifier, recording every attempt."""

    def __init__(
        self, database: Database, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._db = database
        self._clock = clock

    def check(
        self, conversation_id: str, reference: str, verifier: str
    ) -> CaseStatus | None:
        """The report's status, or None when the reference or verifier is wrong.

        Attempts made while locked count as failures too, so the lock lifts
        only once the conversation has had fewer than five failures in the
        past hour.

        Raises:
            TrackingLocked: five or more failures from this conversation in
                the past hour; nothing is checked, not even a right answer.
        """
        now = self._clock()
        with self._db.session() as session:
            failures = self._recent_failures(session, conversation_id, now)
            locked = failures >= MAX_FAILURES
            found = None if locked else _verified_status(session, reference, verifier)
            session.add(
                TrackingAttempt(
                    conversation_id=conversation_id, at=now, succeeded=found is not None
                )
            )
        if locked:
            raise TrackingLocked()
        return found

    @staticmethod
    def _recent_failures(session: Session, conversation_id: str, now: datetime) -> int:
        return session.execute(
            select(func.count(TrackingAttempt.id)).where(
                TrackingAttempt.conversation_id == conversation_id,
                TrackingAttempt.succeeded.is_(False),
                TrackingAttempt.at > now - LOCKOUT_WINDOW,
            )
        ).scalar_one()


def _verified_status(
    session: Session, reference: str, verifier: str
) -> CaseStatus | None:
    report = session.execute(
        select(Report).where(Report.reference == reference.strip().upper())
    ).scalar_one_or_none()
    if report is None or not _verifies(report, verifier):
        return None
    latest = session.execute(
        select(ReportStatusChange)
        .where(ReportStatusChange.report_id == report.id)
        .order_by(ReportStatusChange.id.desc())
        .limit(1)
    ).scalar_one()
    return CaseStatus(
        reference=report.reference,
        status=report.status,
        note=latest.note,
        updated_at=latest.changed_at,
    )


def _verifies(report: Report, verifier: str) -> bool:
    phone = normalise_uk_phone(verifier)
    if phone is not None:
        return phone == report.contact_phone
    # The whole name on the report is accepted too: it proves no less.
    given = _name_key(verifier)
    return bool(given) and given in (
        _name_key(report.victim_surname),
        _name_key(report.victim_name),
    )


def _name_key(name: str) -> str:
    """'  Ó Briain-Smith ' and 'o briain smith' -> 'obriainsmith'."""
    decomposed = unicodedata.normalize("NFKD", name).casefold()
    # Accents decompose into combining marks, which are not alphanumeric.
    return "".join(char for char in decomposed if char.isalnum())
