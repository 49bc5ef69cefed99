"""The `crime_type` entity, read from the whole message rather than from a span.

The report form needs a value from the contract's list (burglary, theft, ...),
not the words used. Tagging spans and mapping them through synonyms only knows
the words the training data marked ("keyed", "got burgled"); classifying the
message as a whole learns from the same marks and also reads "car got broken
into" or "someone took my bag in the pub", which name no marked word.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_classifier import LinearClassifier

CRIME_TYPE = "crime_type"
# The label of a report that names no crime: the form then asks which it was.
UNNAMED = "unnamed"


def marked_crime_type(message: Message) -> str | None:
    """The crime type the training data marks in this message, if any."""
    for entity in message.get(ENTITIES) or []:
        if entity.get(ENTITY_ATTRIBUTE_TYPE) == CRIME_TYPE:
            return entity.get(ENTITY_ATTRIBUTE_VALUE)
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True
)
class CrimeTypeClassifier(LinearClassifier, EntityExtractorMixin):
    """Adds a `crime_type` entity to crime reports and to answers about one."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`threshold`: the probability below which no crime type is given.

        `intents`: the intents a crime type is read from (a report, or an
        answer to "what kind of crime?").
        """
        return {
            **LinearClassifier.get_default_config(),
            "threshold": 0.5,
            "intents": ["report_crime", "inform"],
        }

    def _examples(self, training_data: TrainingData) -> list[tuple[Message, str]]:
        """Marked crime types, and reports that name none ("report a crime")."""
        return [
            (message, marked_crime_type(message) or UNNAMED)
            for message in training_data.intent_examples
            if marked_crime_type(message) or message.get(INTENT) == "report_crime"
        ]

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the likeliest crime type where it is likely enough."""
        intents = set(self.component_config["intents"])
        candidates = [
            message
            for message in messages
            if message.get(TEXT)
            and (message.get(INTENT) or {}).get("name") in intents
            and not marked_crime_type(message)
        ]
        threshold = self.component_config["threshold"]
        for message, ranked in zip(candidates, self.rankings(candidates), strict=True):
            if not ranked or ranked[0][0] == UNNAMED or ranked[0][1] < threshold:
                continue
            value, confidence = ranked[0]
            entity = {
                ENTITY_ATTRIBUTE_TYPE: CRIME_TYPE,
                ENTITY_ATTRIBUTE_VALUE: value,
                "confidence": confidence,
            }
            entities = message.get(ENTITIES, []) + self.add_extractor_name([entity])
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
