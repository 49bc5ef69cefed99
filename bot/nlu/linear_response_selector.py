"""Chooses the advice topic, in the shape Rasa's ResponseSelector gives it.

Rasa's retrieval action (`utter_advice`), its test stories and our actions
read `response_selector.advice.response.utter_action` and the ranking's
`intent_response_key`s, so this fills the same fields. The topic is chosen
only where advice is among the likeliest intents: for a greeting or a crime
report it would be thrown away, and the fallback offers the closest topics
only when advice is a likely reading.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_classifier import LinearClassifier

LIKELY_RANK = 3


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class LinearResponseSelector(LinearClassifier, IntentClassifier):
    """One topic of `retrieval_intent` (e.g. advice/lost_property) per message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`retrieval_intent`: the intent whose topics this chooses between."""
        return {**LinearClassifier.get_default_config(), "retrieval_intent": "advice"}

    def _examples(self, training_data: TrainingData) -> list[tuple[Message, str]]:
        retrieval_intent = self.component_config["retrieval_intent"]
        return [
            (message, message.get(INTENT_RESPONSE_KEY))
            for message in training_data.intent_examples
            if message.get(INTENT) == retrieval_intent
            and message.get(INTENT_RESPONSE_KEY)
        ]

    def _extra_for(self, training_data: TrainingData) -> dict[str, Any]:
        """The answers of each topic, passed on as Rasa's selector does."""
        prefix = f"utter_{self.component_config['retrieval_intent']}/"
        return {
            "responses": {
                key: value
                for key, value in training_data.responses.items()
                if key.startswith(prefix)
            }
        }

    def _is_likely(self, message: Message) -> bool:
        ranking = message.get(INTENT_RANKING_KEY) or []
        return any(
            ranked.get("name") == self.component_config["retrieval_intent"]
            for ranked in ranking[:LIKELY_RANK]
        )

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the topic and its ranking to messages that may be advice questions."""
        likely = [message for message in messages if self._is_likely(message)]
        for message, ranked in zip(likely, self.rankings(likely), strict=True):
            if ranked:
                self._set_selection(message, ranked)
        return messages

    def _set_selection(self, message: Message, ranked: list[tuple[str, float]]) -> None:
        retrieval_intent = self.component_config["retrieval_intent"]
        key, confidence = ranked[0]
        utter_action = f"utter_{key}"
        prediction = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: self._extra["responses"].get(
                    utter_action, []
                ),
                PREDICTED_CONFIDENCE_KEY: confidence,
                INTENT_RESPONSE_KEY: key,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
            },
            RESPONSE_SELECTOR_RANKING_KEY: [
                {PREDICTED_CONFIDENCE_KEY: p, INTENT_RESPONSE_KEY: name}
                for name, p in ranked
            ],
        }
        message.set(
            RESPONSE_SELECTOR_PROPERTY_NAME,
            {
                RESPONSE_SELECTOR_RETRIEVAL_INTENTS: [retrieval_intent],
                retrieval_intent: prediction,
            },
            add_to_output=True,
        )
