"""The end of the report form: store a confirmed report, or say why not.

The reference is set only after the report is committed, so a citizen is
never given a reference that does not exist. If the database cannot be
reached, every answer stays in the conversation and a retry submits it; the
same conversation's report submitted twice is still one report.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.handoff import URGENT_REVIEW, queue_for_handler
from actions.report import reset_report_events
from actions.report_fields import NOT_GIVEN
from actions.stores import report_store
from actions.summary import channel_of, intent_history
from bot.handoff import Priority
from bot.report_store import ReportSubmission

logger = logging.getLogger(__name__)


def _answer(tracker: Tracker, slot: str) -> Any:
    value = tracker.get_slot(slot)
    return None if value == NOT_GIVEN else value


def _moment(tracker: Tracker, slot: str) -> datetime | None:
    value = tracker.get_slot(slot)
    return datetime.fromisoformat(value) if value else None


def submission_from(tracker: Tracker) -> ReportSubmission:
    """The confirmed answers as storage wants them; skipped answers become None."""
    crime_type = tracker.get_slot("crime_type")
    return ReportSubmission(
        conversation_id=tracker.sender_id,
        channel=channel_of(tracker),
        crime_type=crime_type,
        incident_description=_answer(tracker, "incident_description"),
        incident_start=_moment(tracker, "incident_start"),
        incident_end=_moment(tracker, "incident_end"),
        incident_over_a_year=bool(tracker.get_slot("incident_over_a_year")),
        incident_location=_answer(tracker, "incident_location"),
        incident_postcode=_answer(tracker, "incident_postcode"),
        victim_name=_answer(tracker, "victim_name"),
        victim_surname=_answer(tracker, "victim_surname"),
        contact_phone=_answer(tracker, "contact_phone"),
        contact_method=_answer(tracker, "contact_method"),
        safe_contact_times=_answer(tracker, "safe_contact_times"),
        contact_email=_answer(tracker, "contact_email"),
        injury=_answer(tracker, "injury"),
        suspect_description=_answer(tracker, "suspect_description"),
        vehicle_registration=_answer(tracker, "vehicle_registration"),
        stolen_property=_answer(tracker, "stolen_property"),
        property_value=_answer(tracker, "property_value"),
        witnesses=_answer(tracker, "witnesses"),
        evidence=_answer(tracker, "evidence"),
        repeat_victim=_answer(tracker, "repeat_victim"),
        # Abuse, self-harm or a person at risk came up in this conversation.
        vulnerability="safeguarding_concern" in intent_history(tracker),
        hate_element=crime_type == "hate_crime",
    )


class ActionFinishReport(Action):
    """Runs when the report form ends; `report_outcome` tells the rules what to say.

    Outcomes: `submitted` (stored, reference set), `not_saved` (database
    unavailable, answers kept), `emergency` (the form found danger now: answers
    kept for the call handler), `not_taken` (fraud for the national service).
    """

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_finish_report"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """Stores a confirmed report; anything else ended the form early."""
        if tracker.get_slot("report_confirmed") is True:
            return self._submit(tracker)
        if tracker.get_slot("force_takes_fraud") is False:
            return [*reset_report_events(), SlotSet("report_outcome", "not_taken")]
        # Danger now, or a recent serious injury: the emergency rule follows.
        # Asked again when the report is picked up, as things may have changed.
        return [
            SlotSet("in_danger_now", None),
            SlotSet("injury", None),
            SlotSet("report_outcome", "emergency"),
        ]

    @staticmethod
    def _submit(tracker: Tracker) -> list[EventType]:
        submission = submission_from(tracker)
        try:
            reference = report_store().submit(submission)
        except (SQLAlchemyError, OSError) as error:
            # The error text can quote report fields: its detail goes to DEBUG only.
            logger.error("could not store a report: %s", type(error).__name__)
            logger.debug("storing the report failed", exc_info=True)
            return [SlotSet("report_outcome", "not_saved")]
        if submission.urgent_review:
            # The report is stored and carries its flag; the queue entry is a nudge,
            # kept out of hours too for the next handler on duty.
            queue_for_handler(tracker, Priority.P2, URGENT_REVIEW, reference=reference)
        return [
            *reset_report_events(),
            SlotSet("reference_number", reference),
            SlotSet("report_urgent", submission.urgent_review),
            SlotSet("report_outcome", "submitted"),
        ]
