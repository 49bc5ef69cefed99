"""The crime report form: which question comes next, and whether an answer will do.

Each `validate_<slot>` reads one answer with the parsers in `answer_parsing`,
keeps the tidied value, or says what is expected and asks again. Answers that
change the course of the report are handled here too: danger now or a recent
serious injury ends the form on the emergency path, and fraud the force does
not take ends it with the national reporting route.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from actions.advice import asked_topic
from actions.answer_parsing import (
    has_invalid_postcode,
    is_skip_answer,
    is_unsure,
    parse_contact_method,
    parse_email,
    parse_injury,
    parse_money,
    parse_name,
    parse_phone,
    parse_postcode,
    parse_registration,
    parse_yes_no,
    tidy,
)
from actions.handoff import FAILED_ANSWERS, hand_off
from actions.report_fields import (
    CRIME_TYPE_LABELS,
    NOT_AN_ANSWER,
    NOT_GIVEN,
    applicable_slots,
)
from bot.handoff import Priority
from bot.nlu.dates import (
    UK_TIME,
    DateInFutureError,
    one_year_before,
    resolve_incident_time,
)

Answer = dict[str, Any]

MAX_TEXT_LENGTH = 2000
MIN_DESCRIPTION_WORDS = 3
FAILURES_BEFORE_HANDOFF = 3
# A serious injury this recent may still need an ambulance or an officer now.
RECENT_INJURY = timedelta(hours=24)


def uk_now() -> datetime:
    """The current time in the UK, which citizens' "last night" is relative to."""
    return datetime.now(UK_TIME)


def _iso_utc(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).isoformat() if moment else None


class ValidateReportForm(FormValidationAction):
    """Checks each answer of `report_form` and narrows the questions to the crime."""

    def __init__(self, clock: Callable[[], datetime] = uk_now) -> None:
        self._clock = clock

    def name(self) -> str:
        """Action name Rasa calls to validate `report_form`."""
        return "validate_report_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The questions for this crime type, up to any answer that ends the report."""
        slots = applicable_slots(tracker.slots)
        ending = self._ending_slot(tracker)
        if ending in slots:
            return slots[: slots.index(ending) + 1]
        return slots

    async def get_validation_events(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """A safety question asked instead of an answer is answered; then re-asked.

        Answers are often read as advice by the classifier ("laptop and my
        rings"), so only a message phrased as a question is taken as one.
        """
        topic = asked_topic(tracker)
        if topic is None:
            return await super().get_validation_events(dispatcher, tracker, domain)
        dispatcher.utter_message(response=f"utter_advice/{topic}")
        return [SlotSet(slot, None) for slot in tracker.slots_to_validate()]

    def _ending_slot(self, tracker: Tracker) -> str | None:
        """The answer after which nothing more is asked, if one was given."""
        if tracker.get_slot("in_danger_now") is True:
            return "in_danger_now"
        if tracker.get_slot("force_takes_fraud") is False:
            return "force_takes_fraud"
        if self._recent_serious_injury_just_given(tracker):
            return "injury"
        return None

    def _recent_serious_injury_just_given(self, tracker: Tracker) -> bool:
        # Only as it is answered: a later change of date must not end the form
        # without the emergency path the injury answer takes.
        return (
            "injury" in tracker.slots_to_validate()
            and tracker.get_slot("injury") == "serious"
            and self._happened_recently(tracker)
        )

    def _happened_recently(self, tracker: Tracker) -> bool:
        latest = tracker.get_slot("incident_end") or tracker.get_slot("incident_start")
        if latest is None:
            # When it happened is unknown: take the safe side.
            return True
        return datetime.fromisoformat(latest) >= self._clock() - RECENT_INJURY

    # Shared answer handling ---------------------------------------------------

    @staticmethod
    def _accept(slot: str, value: Any, tracker: Tracker, **derived: Any) -> Answer:
        """Keeps the answer and any slots worked out from it; forgets its failures."""
        answer = {slot: value, **derived}
        failures = tracker.get_slot("failed_attempts") or {}
        if slot in failures:
            answer["failed_attempts"] = {
                name: count for name, count in failures.items() if name != slot
            }
        return answer

    @staticmethod
    def _reject(
        slot: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        response: str | None = None,
    ) -> Answer:
        """Says what is expected; the third failure on one question queues a person."""
        failures = dict(tracker.get_slot("failed_attempts") or {})
        count = failures.pop(slot, 0) + 1
        if count >= FAILURES_BEFORE_HANDOFF:
            dispatcher.utter_message(response="utter_handed_off_after_failures")
            hand_off(
                dispatcher, tracker, Priority.P3, FAILED_ANSWERS, offer_callback=False
            )
        else:
            dispatcher.utter_message(response=response or f"utter_invalid_{slot}")
            failures[slot] = count
        return {slot: None, "failed_attempts": failures}

    def _free_text(
        self,
        slot: str,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        min_words: int = 1,
    ) -> Answer:
        text = tidy(value)
        if (
            len(text.split()) < min_words
            or len(text) > MAX_TEXT_LENGTH
            or not re.search(r"\w", text)
        ):
            return self._reject(slot, dispatcher, tracker)
        return self._accept(slot, text, tracker)

    def _optional_text(
        self,
        slot: str,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> Answer:
        if is_skip_answer(tidy(value)):
            return self._accept(slot, NOT_GIVEN, tracker)
        return self._free_text(slot, value, dispatcher, tracker)

    def _optional_parsed(
        self,
        slot: str,
        value: Any,
        parse: Callable[[str], Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> Answer:
        """A skip, or a value `parse` can read; anything else is asked again."""
        text = tidy(value)
        if is_skip_answer(text):
            return self._accept(slot, NOT_GIVEN, tracker)
        parsed = parse(text)
        if parsed is None:
            return self._reject(slot, dispatcher, tracker)
        return self._accept(slot, parsed, tracker)

    def _yes_no(
        self,
        slot: str,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> Answer:
        answer = parse_yes_no(value)
        if answer is None:
            return self._reject(slot, dispatcher, tracker)
        return self._accept(slot, answer, tracker)

    # One validator per question, in ask order ------------------------------------

    async def validate_in_danger_now(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Danger now ends the report and takes the emergency path."""
        answer = self._yes_no("in_danger_now", value, dispatcher, tracker)
        if answer["in_danger_now"] is True:
            # The form ends here; `action_finish_report` and the emergency
            # rule then give 999 and queue the urgent handoff.
            answer[REQUESTED_SLOT] = None
        return answer

    async def validate_crime_type(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """One of the contract's crime types; hate crime also gets support numbers.

        The classifier may tag words of an opening message ("nicked my") that
        name no known type: that is no wrong answer, so the question is simply
        asked in its turn rather than re-asked as a failure.
        """
        given = value if isinstance(value, list) else [value]
        value = next((v for v in given if v in CRIME_TYPE_LABELS), None)
        if value is None:
            if tracker.get_slot(REQUESTED_SLOT) != "crime_type":
                return {"crime_type": None}
            return self._reject("crime_type", dispatcher, tracker)
        if value == "hate_crime":
            dispatcher.utter_message(response="utter_hate_crime_support")
        return self._accept("crime_type", value, tracker)

    async def validate_force_takes_fraud(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Fraud the force does not take goes to Report Fraud, and the form ends."""
        answer = self._yes_no("force_takes_fraud", value, dispatcher, tracker)
        if answer["force_takes_fraud"] is False:
            dispatcher.utter_message(response="utter_fraud_national_route")
            answer[REQUESTED_SLOT] = None
        return answer

    async def validate_incident_description(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """A few words at least, and no longer than storage keeps."""
        return self._free_text(
            "incident_description",
            value,
            dispatcher,
            tracker,
            min_words=MIN_DESCRIPTION_WORDS,
        )

    async def validate_incident_date(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """A past moment or window; crimes over a year old are flagged for review."""
        now = self._clock()
        try:
            when = resolve_incident_time(tidy(value), now)
        except DateInFutureError:
            return self._reject(
                "incident_date", dispatcher, tracker, "utter_incident_date_in_future"
            )
        if when is None:
            return self._reject("incident_date", dispatcher, tracker)
        over_a_year = when.latest < one_year_before(now)
        if over_a_year:
            dispatcher.utter_message(response="utter_old_incident_note")
        return self._accept(
            "incident_date",
            when.description,
            tracker,
            incident_start=_iso_utc(when.start),
            incident_end=_iso_utc(when.end),
            incident_over_a_year=over_a_year,
        )

    async def validate_incident_location(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Any description of the place; a postcode in it must be a real one."""
        text = tidy(value)
        if has_invalid_postcode(text):
            return self._reject(
                "incident_location", dispatcher, tracker, "utter_invalid_postcode"
            )
        if is_unsure(text) and len(text.split()) <= 3:
            return self._reject("incident_location", dispatcher, tracker)
        answer = self._free_text("incident_location", text, dispatcher, tracker)
        if answer["incident_location"] is not None:
            answer["incident_postcode"] = parse_postcode(text)
        return answer

    async def validate_injury(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """A serious injury in the last day ends the report on the emergency path."""
        level = parse_injury(tidy(value))
        if level is None:
            return self._reject("injury", dispatcher, tracker)
        answer = self._accept("injury", level, tracker)
        if level == "serious" and self._happened_recently(tracker):
            # Ends the form on the emergency path, as danger now does.
            answer[REQUESTED_SLOT] = None
        return answer

    async def validate_suspect_description(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Optional: anything about who did it."""
        return self._optional_text("suspect_description", value, dispatcher, tracker)

    async def validate_vehicle_registration(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """A number plate, written the standard way; optional."""
        return self._optional_parsed(
            "vehicle_registration", value, parse_registration, dispatcher, tracker
        )

    async def validate_stolen_property(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """What was stolen or damaged, in the citizen's words."""
        return self._free_text("stolen_property", value, dispatcher, tracker)

    async def validate_property_value(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Whole pounds; "not sure" is fine."""
        return self._optional_parsed(
            "property_value", value, parse_money, dispatcher, tracker
        )

    async def validate_witnesses(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Optional: who saw it."""
        return self._optional_text("witnesses", value, dispatcher, tracker)

    async def validate_evidence(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Optional: CCTV, photos, doorbell video, messages."""
        return self._optional_text("evidence", value, dispatcher, tracker)

    async def validate_repeat_victim(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Yes or no: has this happened to them before."""
        return self._yes_no("repeat_victim", value, dispatcher, tracker)

    async def validate_victim_name(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """First name and surname; the surname later verifies case tracking."""
        name = parse_name(tidy(value))
        if name is None:
            return self._reject("victim_name", dispatcher, tracker)
        return self._accept(
            "victim_name", name, tracker, victim_surname=name.split()[-1]
        )

    async def validate_contact_phone(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """A UK mobile or landline, kept in E.164."""
        phone = parse_phone(tidy(value))
        if phone is None:
            return self._reject("contact_phone", dispatcher, tracker)
        return self._accept("contact_phone", phone, tracker)

    async def validate_contact_email(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Optional; lower-cased."""
        text = tidy(value)
        if is_skip_answer(text):
            return self._accept("contact_email", NOT_GIVEN, tracker)
        email = parse_email(text)
        if email is None:
            return self._reject("contact_email", dispatcher, tracker)
        return self._accept("contact_email", email, tracker)

    async def validate_contact_method(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Phone, text, or email when an email address was given."""
        method = parse_contact_method(tidy(value))
        if method is None:
            return self._reject("contact_method", dispatcher, tracker)
        if method == "email" and tracker.get_slot("contact_email") in (None, NOT_GIVEN):
            return self._reject(
                "contact_method", dispatcher, tracker, "utter_no_email_to_contact"
            )
        return self._accept("contact_method", method, tracker)

    async def validate_safe_contact_times(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """When it is safe to call or text; "any time" is an answer too."""
        return self._free_text("safe_contact_times", value, dispatcher, tracker)

    async def validate_declaration(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Only a yes will do: a report must be true to the best of their knowledge."""
        if parse_yes_no(value) is not True:
            return self._reject("declaration", dispatcher, tracker)
        return self._accept("declaration", True, tracker)

    async def extract_report_confirmed(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """The reply to the summary; only actions set this slot, never free text."""
        if tracker.get_slot(REQUESTED_SLOT) != "report_confirmed":
            return {}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in NOT_AN_ANSWER:
            return {}
        answers = {"affirm": True, "deny": False}
        answer = answers.get(intent, parse_yes_no(tracker.latest_message.get("text")))
        return {} if answer is None else {"report_confirmed": answer}

    async def validate_report_confirmed(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Answer:
        """Only "Send my report" sends it; a no asks them to change or cancel."""
        if value is not True:
            return self._reject("report_confirmed", dispatcher, tracker)
        return self._accept("report_confirmed", True, tracker)
