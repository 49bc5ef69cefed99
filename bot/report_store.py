"""The repository in front of crime reports: submit, find, list and move on.

Each operation is one transaction together with its audit entry, so a report
is never stored without its first status and audit row, and nothing is read
or changed without the audit log saying who did it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot import audit
from bot.audit import ASSISTANT, AuditAction
from bot.references import make_reference, six_random_digits
from bot.reports import (
    INJURY_LEVELS,
    VICTIM_VEHICLE,
    Report,
    ReportProperty,
    ReportStatusChange,
    ReportVehicle,
    Status,
)
from bot.storage import Database, utcnow

logger = logging.getLogger(__name__)

# A million references a year: even a busy force's year of reports leaves most
# free, so running out of draws means something else is wrong.
_REFERENCE_DRAWS = 20


@dataclass(frozen=True)
class ReportSubmission:
    """A confirmed report, as the report form collected it.

    Field names are the form's slot names. The caller maps the form's
    NOT_GIVEN ("not given") to None before building this, so an optional
    answer the citizen skipped is stored as NULL, never as the placeholder.
    Questions not asked for this crime type are None too.

    Attributes:
        conversation_id: the Rasa sender id; one report per conversation.
        channel: the input channel the report came in on.
        crime_type: one of the contract's crime types.
        incident_description: what happened, in the citizen's words.
        incident_start: when it happened, or the start of the window
            (timezone-aware).
        incident_end: the end of the window, when a window was given
            (timezone-aware).
        incident_over_a_year: True when it happened more than a year ago.
        incident_location: where, in the citizen's words.
        incident_postcode: normalised postcode found in the location, if any.
        victim_name: the name as given, tidied.
        victim_surname: the last word of the name; verifies case tracking.
        contact_phone: E.164 UK number; also verifies case tracking.
        contact_method: "phone", "text" or "email".
        safe_contact_times: when it is safe to make contact.
        contact_email: lower-cased email address.
        injury: "none", "minor" or "serious".
        suspect_description: who did it, as described.
        vehicle_registration: the citizen's vehicle, normalised.
        stolen_property: what was stolen or damaged.
        property_value: its value in whole pounds.
        witnesses: who saw it.
        evidence: CCTV, photos, doorbell video and the like.
        repeat_victim: True when it has happened to the citizen before.
        vulnerability: True when the conversation showed the citizen may be
            vulnerable.
        hate_element: True when the crime may be motivated by hostility.
    """

    conversation_id: str
    channel: str
    crime_type: str
    incident_description: str
    incident_start: datetime
    incident_end: datetime | None
    incident_over_a_year: bool
    incident_location: str
    incident_postcode: str | None
    victim_name: str
    victim_surname: str
    contact_phone: str
    contact_method: str
    safe_contact_times: str
    contact_email: str | None = None
    injury: str | None = None
    suspect_description: str | None = None
    vehicle_registration: str | None = None
    stolen_property: str | None = None
    property_value: int | None = None
    witnesses: str | None = None
    evidence: str | None = None
    repeat_victim: bool | None = None
    vulnerability: bool = False
    hate_element: bool = False

    def __post_init__(self) -> None:
        for moment in (self.incident_start, self.incident_end):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("incident times must be timezone-aware")
        if self.injury is not None and self.injury not in INJURY_LEVELS:
            raise ValueError(f"injury must be one of {INJURY_LEVELS}")

    @property
    def urgent_review(self) -> bool:
        """Someone was hurt, or the crime is over a year old and needs review."""
        return self.injury in ("minor", "serious") or self.incident_over_a_year


class UnknownReference(LookupError):
    """No report has the reference given."""


class OutcomeRequired(ValueError):
    """A report is closed only with its outcome in the note."""


class ReportStore:
    """Stores crime reports and their progress, auditing every use."""

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime] = utcnow,
        random_digits: Callable[[], str] = six_random_digits,
    ) -> None:
        self._db = database
        self._clock = clock
        self._random_digits = random_digits

    def submit(self, submission: ReportSubmission) -> str:
        """Stores the report and returns its reference, once committed.

        The same conversation's report submitted again, even at the same time
        from another process, returns the first report's reference. A drawn
        reference that is already taken is drawn again.
        """
        for _ in range(_REFERENCE_DRAWS):
            reference = None
            try:
                with self._db.session() as session:
                    existing = self._reference_for(session, submission.conversation_id)
                    if existing is not None:
                        return existing
                    now = self._clock()
                    reference = make_reference(now.year, self._random_digits())
                    session.add(_new_report(submission, reference, now))
                    audit.record(
                        session,
                        ASSISTANT,
                        AuditAction.REPORT_SUBMITTED,
                        reference,
                        channel=submission.channel,
                    )
            except IntegrityError:
                # Either the reference was taken (draw again) or another process
                # stored this conversation's report (the next pass returns it).
                if reference is None or not self._in_use(
                    reference, submission.conversation_id
                ):
                    raise
                continue
            logger.info("Report %s stored", reference)
            return reference
        raise RuntimeError(f"no free reference after {_REFERENCE_DRAWS} draws")

    def find(self, reference: str, actor: str) -> Report | None:
        """The report with its property, vehicles and history, or None."""
        with self._db.session() as session:
            report = session.execute(
                select(Report)
                .where(Report.reference == reference)
                .options(
                    selectinload(Report.property),
                    selectinload(Report.vehicles),
                    selectinload(Report.history),
                )
            ).scalar_one_or_none()
            audit.record(
                session,
                actor,
                AuditAction.REPORT_VIEWED,
                reference,
                found=report is not None,
            )
        return report

    def list_reports(
        self, actor: str, status: Status | str | None = None
    ) -> list[Report]:
        """Reports oldest first, optionally only those with one status."""
        wanted = None if status is None else Status(status).value
        query = select(Report).order_by(Report.created_at, Report.id)
        if wanted is not None:
            query = query.where(Report.status == wanted)
        with self._db.session() as session:
            reports = list(session.execute(query).scalars())
            audit.record(
                session,
                actor,
                AuditAction.REPORTS_LISTED,
                status=wanted,
                count=len(reports),
            )
        return reports

    def set_status(
        self,
        reference: str,
        status: Status | str,
        changed_by: str,
        note: str | None = None,
    ) -> Report:
        """Moves the report on and appends the change to its history.

        Raises:
            OutcomeRequired: closing without a note (the outcome).
            UnknownReference: no report has this reference; the attempt is
                still audited.
        """
        status = Status(status)
        if status is Status.CLOSED and not (note and note.strip()):
            raise OutcomeRequired("closing a report needs the outcome as its note")
        with self._db.session() as session:
            report = session.execute(
                select(Report).where(Report.reference == reference)
            ).scalar_one_or_none()
            if report is None:
                audit.record(
                    session,
                    changed_by,
                    AuditAction.STATUS_CHANGED,
                    reference,
                    found=False,
                )
            else:
                audit.record(
                    session,
                    changed_by,
                    AuditAction.STATUS_CHANGED,
                    reference,
                    found=True,
                    previous=report.status,
                    status=status.value,
                )
                report.status = status.value
                report.history.append(
                    ReportStatusChange(
                        status=status.value,
                        note=note,
                        changed_by=changed_by,
                        changed_at=self._clock(),
                    )
                )
        if report is None:
            raise UnknownReference(reference)
        return report

    @staticmethod
    def _reference_for(session: Session, conversation_id: str) -> str | None:
        return session.execute(
            select(Report.reference).where(Report.conversation_id == conversation_id)
        ).scalar_one_or_none()

    def _in_use(self, reference: str, conversation_id: str) -> bool:
        with self._db.session() as session:
            matches = session.execute(
                select(func.count(Report.id)).where(
                    or_(
                        Report.reference == reference,
                        Report.conversation_id == conversation_id,
                    )
                )
            ).scalar_one()
        return matches > 0


def _new_report(submission: ReportSubmission, reference: str, now: datetime) -> Report:
    first_status = Status.UNDER_REVIEW if submission.urgent_review else Status.RECEIVED
    report = Report(
        reference=reference,
        conversation_id=submission.conversation_id,
        channel=submission.channel,
        created_at=now,
        status=first_status.value,
        crime_type=submission.crime_type,
        description=submission.incident_description,
        occurred_from=submission.incident_start,
        occurred_to=submission.incident_end,
        location=submission.incident_location,
        postcode=submission.incident_postcode,
        suspect_description=submission.suspect_description,
        witnesses=submission.witnesses,
        evidence=submission.evidence,
        victim_name=submission.victim_name,
        victim_surname=submission.victim_surname,
        contact_phone=submission.contact_phone,
        contact_email=submission.contact_email,
        contact_method=submission.contact_method,
        safe_contact_times=submission.safe_contact_times,
        injury=submission.injury,
        vulnerability=submission.vulnerability,
        repeat_victim=submission.repeat_victim,
        hate_element=submission.hate_element,
        old_incident=submission.incident_over_a_year,
        urgent_review=submission.urgent_review,
    )
    if submission.stolen_property is not None:
        report.property.append(
            ReportProperty(
                description=submission.stolen_property,
                value_pounds=submission.property_value,
            )
        )
    if submission.vehicle_registration is not None:
        report.vehicles.append(
            ReportVehicle(
                registration=submission.vehicle_registration, role=VICTIM_VEHICLE
            )
        )
    report.history.append(
        ReportStatusChange(
            status=first_status.value, changed_by=ASSISTANT, changed_at=now
        )
    )
    return report
