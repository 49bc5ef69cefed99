"""The intent classifier: sets each message's intent and intent ranking."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_classifier import LinearClassifier


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class LinearIntentClassifier(LinearClassifier, IntentClassifier):
    """Every intent against the others; an advice question is just `advice`."""

    def _examples(self, training_data: TrainingData) -> list[tuple[Message, str]]:
        return [(m, m.get(INTENT)) for m in training_data.intent_examples]

    def process(self, messages: list[Message]) -> list[Message]:
        """Sets the intent and ranking of every message.

        A message with nothing the model knows (empty, spaces, emoji) gets no
        intent at confidence 0, as from DIET, so the fallback asks again.
        """
        for message, ranked in zip(messages, self.rankings(messages), strict=True):
            ranking = [{"name": name, "confidence": p} for name, p in ranked]
            top = ranking[0] if ranking else {"name": None, "confidence": 0.0}
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
