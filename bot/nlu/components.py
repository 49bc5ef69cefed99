"""Rasa graph components: the pattern extractor and the safety rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.danger_now import DangerNowRules
from bot.nlu.patterns import build_pipeline, extract

EMERGENCY_INTENT = "emergency"
FALLBACK_INTENT = DEFAULT_NLU_FALLBACK_INTENT_NAME
UK_TIME = ZoneInfo("Europe/London")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class UKPatternEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Extracts postcodes, phones, emails, plates, references and dates with spaCy."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config
        self._nlp = build_pipeline()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UKPatternEntityExtractor:
        """Builds the blank spaCy pipeline; nothing is trained or downloaded."""
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the entities found in each message to those of earlier extractors."""
        return self.process_at(messages, datetime.now(UK_TIME))

    def process_at(self, messages: list[Message], now: datetime) -> list[Message]:
        """As `process`, with dates resolved relative to `now` (UK time)."""
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = extract(self._nlp, text, now)
            entities = message.get(ENTITIES, []) + self.add_extractor_name(found)
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class DangerNowOverride(GraphComponent, IntentClassifier):
    """Turns a message into `emergency` when the rules or the ranking say danger now.

    Runs last, after the fallback classifier, so a low-confidence message that
    the rules flag (or that the classifier half-thinks is an emergency) still
    takes the emergency path instead of a "sorry, I didn't understand".
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """When the classifier's ranking alone makes a message an emergency.

        `emergency_threshold`: the confidence at which emergency wins outright,
        unless the message says nobody is in danger now ("he's calm now and
        having a nap"): a half-suspected emergency then keeps the classifier's
        reading, while a top-ranked one or a rule still takes the 999 path.
        `unclear_emergency_rank`: a message too unclear to classify (the
        fallback) whose likeliest readings include emergency at this rank or
        better is treated as one: when in doubt, 999 and a person.
        """
        return {"emergency_threshold": 0.3, "unclear_emergency_rank": 2}

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config
        self._rules = DangerNowRules.load()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerNowOverride:
        """Loads the danger-now rules from their data file."""
        return cls(config)

    def _emergency_confidence(self, message: Message) -> float:
        for ranked in message.get(INTENT_RANKING_KEY) or []:
            if ranked.get("name") == EMERGENCY_INTENT:
                return float(ranked.get("confidence") or 0.0)
        return 0.0

    def _unclear_but_maybe_emergency(self, message: Message) -> bool:
        if (message.get(INTENT) or {}).get("name") != FALLBACK_INTENT:
            return False
        readings = [
            ranked.get("name")
            for ranked in message.get(INTENT_RANKING_KEY) or []
            if ranked.get("name") != FALLBACK_INTENT
        ]
        rank = self.component_config["unclear_emergency_rank"]
        return EMERGENCY_INTENT in readings[:rank]

    def process(self, messages: list[Message]) -> list[Message]:
        """Overrides the intent with `emergency` and records why."""
        for message in messages:
            text = message.get(TEXT) or ""
            intent = message.get(INTENT) or {}
            if intent.get("name") == EMERGENCY_INTENT:
                continue
            reasons = self._rules.matches(text)
            threshold = self.component_config["emergency_threshold"]
            if (
                not reasons
                and self._emergency_confidence(message) >= threshold
                and not self._rules.says_safe_now(text)
            ):
                reasons = ["classifier ranking"]
            if not reasons and self._unclear_but_maybe_emergency(message):
                reasons = ["unclear, possibly an emergency"]
            if reasons:
                message.set(
                    INTENT,
                    {"name": EMERGENCY_INTENT, "confidence": 1.0},
                    add_to_output=True,
                )
                message.set("danger_now", reasons, add_to_output=True)
        return messages
