"""Case tracking: check a reference and a verifying fact, then show the status.

The check itself (matching, the same answer for a wrong reference and a wrong
verifier, the lockout after repeated failures) lives in `bot.case_tracking`;
here are the form's validation and what the citizen is told.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.answer_parsing import parse_phone
from actions.stores import case_tracker
from bot.case_tracking import CaseStatus, TrackingLocked
from bot.identifiers import find_reference

logger = logging.getLogger(__name__)
UK_TIME = ZoneInfo("Europe/London")
# "my surname is Smith", "it's smith thanks" -> "smith".
_VERIFIER_LEAD_IN = re.compile(
    r"^\s*(?:(?:my\s+)?(?:sur|last\s*|family\s*)?name\s*(?:is|'s|:)?|it'?s|its)\s+",
    re.IGNORECASE,
)
_VERIFIER_TAIL = re.compile(r"[\s,.!]*(?:thanks|thank you|ta|cheers)?[\s,.!]*$", re.I)


def verifier_from(answer: str) -> str:
    """The phone number in E.164, or the name with its lead-in words removed."""
    phone = parse_phone(answer)
    if phone is not None:
        return phone
    return _VERIFIER_TAIL.sub("", _VERIFIER_LEAD_IN.sub("", answer.strip()))


class ValidateTrackCaseForm(FormValidationAction):
    """Accepts a reference in the contract's format, written any common way."""

    def name(self) -> str:
        """Rasa runs this after each answer while `track_case_form` is active."""
        return "validate_track_case_form"

    def validate_reference_number(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """'cr 2026 123456' and 'CR-2026-123456' both become 'CR-2026-123456'."""
        reference = find_reference(str(value or ""))
        if reference is None:
            dispatcher.utter_message(response="utter_invalid_reference_number")
        return {"reference_number": reference}

    def validate_tracking_verifier(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Anything non-empty: whether it matches is the check's business."""
        verifier = verifier_from(str(value or ""))
        if not verifier:
            dispatcher.utter_message(response="utter_ask_tracking_verifier")
            return {"tracking_verifier": None}
        return {"tracking_verifier": verifier}


class ActionCheckCaseStatus(Action):
    """Looks the case up and sets `case_lookup` for the rules to answer."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_check_case_status"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        """The answers are forgotten either way, so a retry asks for them afresh."""
        forget = [SlotSet("reference_number", None), SlotSet("tracking_verifier", None)]
        try:
            status = case_tracker().check(
                tracker.sender_id,
                tracker.get_slot("reference_number") or "",
                tracker.get_slot("tracking_verifier") or "",
            )
        except TrackingLocked:
            return [SlotSet("case_lookup", "locked"), *forget]
        except (SQLAlchemyError, OSError) as error:
            # The error text can quote stored values: its detail goes to DEBUG only.
            logger.error("could not check a case: %s", type(error).__name__)
            logger.debug("case check failed", exc_info=True)
            return [SlotSet("case_lookup", "unavailable"), *forget]
        if status is None:
            return [SlotSet("case_lookup", "not_found"), *forget]
        return [SlotSet("case_lookup", "found"), *_status_slots(status), *forget]


def _status_slots(status: CaseStatus) -> list[EventType]:
    updated = status.updated_at.astimezone(UK_TIME)
    return [
        SlotSet("case_reference", status.reference),
        SlotSet("case_status", status.status),
        SlotSet("case_outcome", status.note if status.status == "closed" else None),
        SlotSet("case_updated", f"{updated:%-d %b %Y}"),
    ]
