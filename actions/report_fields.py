"""The crime report's questions: which are asked for which crime, and their labels.

One table, read by the form validator (what to ask next), the summary (how to
show each answer) and the correction action (which answers can be changed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The value of an optional question the citizen skipped; storage maps it to NULL.
NOT_GIVEN = "not given"

# Intents that are never taken as an answer to a question: the citizen is asking
# for something else (mirrors the `not_intent` lists in domain/report.yml).
NOT_AN_ANSWER = (
    "emergency",
    "safeguarding_concern",
    "stop",
    "request_human",
    "ask_why",
    "ask_next_steps",
    "correct_answer",
)

CRIME_TYPE_LABELS = {
    "theft": "Theft",
    "burglary": "Burglary",
    "vehicle_crime": "Vehicle crime",
    "criminal_damage": "Damage or graffiti",
    "fraud": "Fraud or scam",
    "cybercrime": "Online crime or hacking",
    "antisocial_behaviour": "Antisocial behaviour",
    "hate_crime": "Hate crime",
    "assault": "Assault",
    "harassment": "Harassment",
    "other": "Something else",
}
INJURY_LABELS = {
    "none": "Not hurt",
    "minor": "Minor injury",
    "serious": "Serious injury",
}
CONTACT_METHOD_LABELS = {
    "phone": "Phone call",
    "text": "Text message",
    "email": "Email",
}

FRAUD_TYPES = frozenset({"fraud", "cybercrime"})
INJURY_TYPES = frozenset(
    {
        "assault",
        "hate_crime",
        "harassment",
        "burglary",
        "theft",
        "antisocial_behaviour",
        "other",
    }
)
PROPERTY_TYPES = frozenset({"theft", "burglary", "vehicle_crime", "criminal_damage"})
REPEAT_VICTIM_TYPES = frozenset(
    {"harassment", "antisocial_behaviour", "hate_crime", "assault"}
)


@dataclass(frozen=True)
class ReportField:
    """One question of the report.

    Attributes:
        slot: the slot that holds the answer.
        label: how the answer is named in the summary and the change buttons.
        crime_types: the crimes it is asked for; None for every crime.
    """

    slot: str
    label: str
    crime_types: frozenset[str] | None = None

    def applies_to(self, crime_type: object) -> bool:
        """Whether this question is asked for `crime_type`.

        Before validation the slot may hold several tags from one message.
        """
        if self.crime_types is None:
            return True
        return isinstance(crime_type, str) and crime_type in self.crime_types


# Ask order. The summary and the change buttons follow it too.
REPORT_FIELDS: tuple[ReportField, ...] = (
    ReportField("in_danger_now", "In danger now"),
    ReportField("crime_type", "Type of crime"),
    ReportField("force_takes_fraud", "Needs local police", FRAUD_TYPES),
    ReportField("incident_description", "What happened"),
    ReportField("incident_date", "When"),
    ReportField("incident_location", "Where"),
    ReportField("injury", "Injuries", INJURY_TYPES),
    ReportField("suspect_description", "Suspect"),
    ReportField(
        "vehicle_registration", "Vehicle registration", frozenset({"vehicle_crime"})
    ),
    ReportField("stolen_property", "Stolen or damaged", PROPERTY_TYPES),
    ReportField("property_value", "Value", PROPERTY_TYPES),
    ReportField("witnesses", "Witnesses"),
    ReportField("evidence", "Evidence"),
    ReportField("repeat_victim", "Happened before", REPEAT_VICTIM_TYPES),
    ReportField("victim_name", "Your name"),
    ReportField("contact_phone", "Phone"),
    ReportField("contact_email", "Email"),
    ReportField("contact_method", "Best way to contact you"),
    ReportField("safe_contact_times", "Safe times to contact you"),
    ReportField("declaration", "True to the best of your knowledge"),
    ReportField("report_confirmed", "Report confirmed"),
)
FIELDS_BY_SLOT = {field.slot: field for field in REPORT_FIELDS}

# Slots a validator sets alongside an answer; cleared with it when it changes.
DERIVED_SLOTS: dict[str, tuple[str, ...]] = {
    "incident_date": ("incident_start", "incident_end", "incident_over_a_year"),
    "incident_location": ("incident_postcode",),
    "victim_name": ("victim_surname",),
}

# Questions about the report itself rather than its content: not shown in the
# summary and not offered for change.
PROCESS_SLOTS = frozenset(
    {"in_danger_now", "force_takes_fraud", "declaration", "report_confirmed"}
)


def applicable_slots(slots: Mapping[str, Any]) -> list[str]:
    """The questions asked for this report, in order.

    Until the crime type is known only the first two questions are certain.
    """
    crime_type = slots.get("crime_type")
    if crime_type is None:
        return [field.slot for field in REPORT_FIELDS[:2]]
    return [field.slot for field in REPORT_FIELDS if field.applies_to(crime_type)]


def content_slots(slots: Mapping[str, Any]) -> list[str]:
    """The answered questions that make up the report's content, in order."""
    return [
        slot
        for slot in applicable_slots(slots)
        if slot not in PROCESS_SLOTS and slots.get(slot) is not None
    ]
