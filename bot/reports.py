"""The tables that hold crime reports, their progress, and checks on them.

A report's columns are the form's answers; optional answers the citizen
skipped are NULL. The current status lives on the report (so staff can list by
it) and every change, the first included, is kept in its status history.
"""

from __future__ import annotations

import enum

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declared_attr, relationship

from bot.storage import Base, UtcDateTime, utcnow


class Status(str, enum.Enum):
    """Where a report is; `closed` carries the outcome in its note."""

    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    WITH_OFFICER = "with_officer"
    INVESTIGATING = "investigating"
    CLOSED = "closed"


STATUSES = tuple(status.value for status in Status)
INJURY_LEVELS = ("none", "minor", "serious")
# The vehicle a report's `vehicle_registration` answer names: the citizen's own.
VICTIM_VEHICLE = "victim"


class Report(Base):
    """One confirmed crime report."""

    __tablename__ = "reports"

    id = Column(Integer, primary_key=True)
    reference = Column(String(14), nullable=False, unique=True)
    # Unique: the same conversation's report sent twice is one report.
    conversation_id = Column(String(128), nullable=False, unique=True)
    channel = Column(String(32), nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    status = Column(String(16), nullable=False, index=True)

    crime_type = Column(String(32), nullable=False)
    description = Column(Text, nullable=False)
    occurred_from = Column(UtcDateTime, nullable=False)
    occurred_to = Column(UtcDateTime)
    location = Column(Text, nullable=False)
    postcode = Column(String(8))
    suspect_description = Column(Text)
    witnesses = Column(Text)
    evidence = Column(Text)

    victim_name = Column(Text, nullable=False)
    victim_surname = Column(Text, nullable=False)
    contact_phone = Column(String(16), nullable=False)
    contact_email = Column(String(320))
    contact_method = Column(String(8), nullable=False)
    safe_contact_times = Column(Text, nullable=False)

    # Risk flags; NULL injury or repeat_victim: not asked for this crime type.
    injury = Column(String(8))
    vulnerability = Column(Boolean, nullable=False)
    repeat_victim = Column(Boolean)
    hate_element = Column(Boolean, nullable=False)
    old_incident = Column(Boolean, nullable=False)
    urgent_review = Column(Boolean, nullable=False)

    property = relationship(
        "ReportProperty", cascade="all, delete-orphan", order_by="ReportProperty.id"
    )
    vehicles = relationship(
        "ReportVehicle", cascade="all, delete-orphan", order_by="ReportVehicle.id"
    )
    history = relationship(
        "ReportStatusChange",
        cascade="all, delete-orphan",
        # Appended in order, so id order is the order things happened.
        order_by="ReportStatusChange.id",
    )


class ReportPart:
    """A row that belongs to one report and goes when the report goes."""

    id = Column(Integer, primary_key=True)

    @declared_attr
    def report_id(cls) -> Column:
        """The owning report."""
        return Column(
            Integer,
            ForeignKey("reports.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )


class ReportProperty(ReportPart, Base):
    """Something stolen or damaged; value in whole pounds when the citizen knew it."""

    __tablename__ = "report_property"

    description = Column(Text, nullable=False)
    value_pounds = Column(Integer)


class ReportVehicle(ReportPart, Base):
    """A vehicle in a report, and whose it is (`role`)."""

    __tablename__ = "report_vehicles"

    registration = Column(String(16), nullable=False)
    role = Column(String(16), nullable=False)


class ReportStatusChange(ReportPart, Base):
    """One step in a report's progress, newest last."""

    __tablename__ = "report_status_history"

    status = Column(String(16), nullable=False)
    note = Column(Text)
    changed_by = Column(String(64), nullable=False)
    changed_at = Column(UtcDateTime, nullable=False, default=utcnow)


class TrackingAttempt(Base):
    """A citizen's attempt to see a report's status; failures feed the lockout."""

    __tablename__ = "tracking_attempts"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    at = Column(UtcDateTime, nullable=False, default=utcnow)
    succeeded = Column(Boolean, nullable=False)
