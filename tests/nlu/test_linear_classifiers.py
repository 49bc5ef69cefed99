"""The linear intent classifier and advice-topic selector: output, saving, refusal."""

import numpy as np
import pytest
import skops.io as sio
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.base import clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from bot.nlu.crime_type_classifier import CrimeTypeClassifier
from bot.nlu.linear_classifier import (
    COUNTS_ONLY_FILE,
    MODEL_FILE,
    CountsDecide,
    FastScorer,
    UnsafeModelError,
    build_model,
    with_sentence_vectors,
)
from bot.nlu.linear_intent_classifier import LinearIntentClassifier
from bot.nlu.linear_response_selector import LinearResponseSelector

CONFIG = {**LinearIntentClassifier.get_default_config(), "ranking_length": 3}
EXAMPLES = {
    "greet": ["hello", "hiya", "good morning", "hi there"],
    "emergency": ["a man is hitting her now", "he has a knife at my door"],
    "report_crime": ["my bike was nicked last week", "someone keyed my car"],
    "thank": ["thanks", "cheers mate", "thank you so much"],
}


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def training_data(examples: dict[str, list[str]]) -> TrainingData:
    return TrainingData(
        [
            Message(data={"text": text, "intent": intent})
            for intent, texts in examples.items()
            for text in texts
        ]
    )


def parse(classifier: LinearIntentClassifier, text: str) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": "from_an_earlier_classifier", "confidence": 1.0})
    classifier.process([message])
    return message


@pytest.fixture
def storage(tmp_path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


VARIANTS = {
    "counts": CONFIG,
    "with sentence vectors": {**CONFIG, "sentence_vectors": 0.5},
    "counts deciding first": {
        **CONFIG,
        "sentence_vectors": 0.5,
        "counts_decide": {"confidence": 0.6, "unless": {"emergency": 0.1}},
    },
}


@pytest.fixture(params=list(VARIANTS.values()), ids=list(VARIANTS))
def trained(storage, request) -> LinearIntentClassifier:
    config = request.param
    resource = Resource("trained")
    classifier = LinearIntentClassifier.create(config, storage, resource, context())
    classifier.train(training_data(EXAMPLES))
    return LinearIntentClassifier.load(config, storage, resource, context())


def test_the_intent_and_a_graded_ranking_replace_an_earlier_classifiers(trained):
    message = parse(trained, "cheers")

    ranking = message.get("intent_ranking")
    assert message.get("intent") == ranking[0]
    assert ranking[0]["name"] == "thank"
    assert [ranked["name"] for ranked in ranking].count("thank") == 1
    assert len(ranking) == CONFIG["ranking_length"]
    confidences = [ranked["confidence"] for ranked in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert 0 < confidences[-1] < confidences[0] < 1


@pytest.mark.parametrize("config", list(VARIANTS.values()), ids=list(VARIANTS))
def test_a_loaded_model_ranks_as_the_one_trained(storage, config):
    resource = Resource("roundtrip")
    fresh = LinearIntentClassifier.create(config, storage, resource, context())
    fresh.train(training_data(EXAMPLES))
    loaded = LinearIntentClassifier.load(config, storage, resource, context())

    for text in ["someone is hitting my mum", "hiya", "my car was keyed"]:
        assert parse(loaded, text).get("intent_ranking") == parse(fresh, text).get(
            "intent_ranking"
        )


@pytest.mark.parametrize("text", ["", "   "])
def test_a_message_without_text_gets_no_intent_so_the_fallback_answers(trained, text):
    message = parse(trained, text)

    assert message.get("intent") == {"name": None, "confidence": 0.0}
    assert message.get("intent_ranking") == []


def test_data_with_one_intent_trains_nothing(storage):
    resource = Resource("one_intent")
    classifier = LinearIntentClassifier.create(CONFIG, storage, resource, context())
    classifier.train(training_data({"greet": EXAMPLES["greet"]}))
    loaded = LinearIntentClassifier.load(CONFIG, storage, resource, context())

    assert parse(loaded, "hello").get("intent") == {"name": None, "confidence": 0.0}


def test_a_model_file_that_could_run_code_is_refused(storage):
    resource = Resource("tampered")
    with storage.write_to(resource) as directory:
        sio.dump(make_pipeline(FunctionTransformer(print)), directory / MODEL_FILE)

    with pytest.raises(UnsafeModelError):
        LinearIntentClassifier.load(CONFIG, storage, resource, context())


def test_a_counts_only_file_that_could_run_code_is_refused(storage):
    config = VARIANTS["counts deciding first"]
    resource = Resource("tampered")
    classifier = LinearIntentClassifier.create(config, storage, resource, context())
    classifier.train(training_data(EXAMPLES))
    with storage.write_to(resource) as directory:
        sio.dump(
            make_pipeline(FunctionTransformer(print)), directory / COUNTS_ONLY_FILE
        )

    with pytest.raises(UnsafeModelError):
        LinearIntentClassifier.load(config, storage, resource, context())


ADVICE = {
    "advice/bike_theft_prevention": ["how do i lock my bike", "best bike lock?"],
    "advice/lost_property": ["i left my bag on the bus", "lost my wallet in town"],
}
ANSWERS = {
    "utter_advice/bike_theft_prevention": [{"text": "Use a D-lock."}],
    "utter_advice/lost_property": [{"text": "Ask the bus company."}],
}


@pytest.fixture
def selector(storage) -> LinearResponseSelector:
    config = LinearResponseSelector.get_default_config()
    messages = [
        Message(
            data={
                "text": text,
                "intent": key.partition("/")[0],
                "intent_response_key": key,
            }
        )
        for key, texts in ADVICE.items()
        for text in texts
    ] + training_data(EXAMPLES).intent_examples
    data = TrainingData(messages, responses=ANSWERS)
    resource = Resource("selector")
    LinearResponseSelector.create(config, storage, resource, context()).train(data)
    return LinearResponseSelector.load(config, storage, resource, context())


def ranked(*intents: str) -> Message:
    message = Message(data={"text": "where can i get a decent bike lock"})
    message.set("intent_ranking", [{"name": name} for name in intents])
    return message


def test_a_likely_advice_question_gets_the_topic_rasa_answers_with(selector):
    message = ranked("greet", "advice")
    selector.process([message])

    chosen = message.get("response_selector")["advice"]
    assert chosen["response"]["utter_action"] == "utter_advice/bike_theft_prevention"
    assert chosen["response"]["intent_response_key"] == "advice/bike_theft_prevention"
    assert chosen["response"]["responses"] == [{"text": "Use a D-lock."}]
    assert [r["intent_response_key"] for r in chosen["ranking"]] == [
        "advice/bike_theft_prevention",
        "advice/lost_property",
    ]


def test_no_topic_is_chosen_where_advice_is_unlikely(selector):
    message = ranked("greet", "thank", "emergency", "advice")
    selector.process([message])

    assert message.get("response_selector") is None


def crime_report(text: str, crime_type: str) -> Message:
    entity = {"entity": "crime_type", "value": crime_type, "start": 0, "end": 1}
    return Message(data={"text": text, "intent": "report_crime", "entities": [entity]})


@pytest.fixture
def crime_types(storage) -> CrimeTypeClassifier:
    config = CrimeTypeClassifier.get_default_config()
    data = TrainingData(
        [
            crime_report("my house got burgled", "burglary"),
            crime_report("someone broke into my house", "burglary"),
            crime_report("they broke in and took the telly", "burglary"),
            crime_report("my car got keyed", "criminal_damage"),
            crime_report("someone smashed my window", "criminal_damage"),
            crime_report("they sprayed graffiti on my wall", "criminal_damage"),
        ]
        + training_data(EXAMPLES).intent_examples
    )
    resource = Resource("crime_types")
    CrimeTypeClassifier.create(config, storage, resource, context()).train(data)
    return CrimeTypeClassifier.load(config, storage, resource, context())


def classified(classifier: CrimeTypeClassifier, text: str, intent: str) -> list:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.9})
    classifier.process([message])
    return [e for e in message.get("entities", []) if e["entity"] == "crime_type"]


def test_a_report_gets_the_crime_type_its_words_are_closest_to(crime_types):
    [entity] = classified(crime_types, "they broke into the house", "report_crime")

    assert entity["value"] == "burglary"
    assert entity["extractor"] == "CrimeTypeClassifier"


def test_an_answer_naming_the_crime_gets_it_too(crime_types):
    [entity] = classified(crime_types, "somebody smashed the car window", "inform")

    assert entity["value"] == "criminal_damage"


def test_other_intents_get_no_crime_type(crime_types):
    assert classified(crime_types, "they broke into the house", "emergency") == []


def test_a_crime_type_already_found_is_not_repeated(crime_types):
    message = crime_report("they broke into the house", "theft")
    message.set("intent", {"name": "report_crime", "confidence": 0.9})
    crime_types.process([message])

    assert [e["value"] for e in message.get("entities")] == ["theft"]


def test_a_report_that_names_no_crime_gets_no_crime_type(storage):
    config = CrimeTypeClassifier.get_default_config()
    reports = [
        Message(data={"text": text, "intent": "report_crime"})
        for text in ["i want to report a crime", "can i report something", "report"]
    ]
    data = TrainingData(
        reports
        + [
            crime_report("i want to report a burglary", "burglary"),
            crime_report("my car got keyed", "criminal_damage"),
        ]
    )
    resource = Resource("unnamed")
    CrimeTypeClassifier.create(config, storage, resource, context()).train(data)
    classifier = CrimeTypeClassifier.load(config, storage, resource, context())

    assert (
        classified(classifier, "i would like to report a crime", "report_crime") == []
    )
    [entity] = classified(classifier, "report a burglary please", "report_crime")
    assert entity["value"] == "burglary"


@pytest.mark.parametrize("text", ["😀😀", "\x00\x01"])
def test_a_message_with_nothing_the_model_knows_gets_no_intent(trained, text):
    message = parse(trained, text)

    assert message.get("intent") == {"name": None, "confidence": 0.0}


def fitted(labels: list[str], sentence_vectors: float) -> tuple:
    """A pipeline fitted as the classifier fits it, and a counts-only regression."""
    pairs = [(text, label) for label in labels for text in EXAMPLES[label]]
    model = build_model(20.0)
    counts = model[0].fit_transform([text for text, _ in pairs])
    model[-1].fit(
        with_sentence_vectors([counts], [t for t, _ in pairs], sentence_vectors),
        [label for _, label in pairs],
    )
    counts_only = clone(model[-1]).fit(counts, [label for _, label in pairs])
    return model, counts_only


def full_probabilities(model, texts: list[str], sentence_vectors: float):
    return model[-1].predict_proba(
        with_sentence_vectors(
            [model[0].transform([t.lower() for t in texts])], texts, sentence_vectors
        )
    )


SCORED = ["Cheers pal", "he has a KNIFE", "hello there my bike was nicked"]


@pytest.mark.parametrize("sentence_vectors", [0.0, 0.5])
@pytest.mark.parametrize("labels", [["greet", "thank"], list(EXAMPLES)])
def test_the_fast_scorer_gives_scikit_learns_own_probabilities(
    labels, sentence_vectors
):
    model, _ = fitted(labels, sentence_vectors)

    scorer = FastScorer(model, sentence_vectors)

    probabilities, known = scorer.probabilities(SCORED)
    assert scorer.labels == list(model.classes_)
    assert known.all()
    assert np.allclose(
        probabilities, full_probabilities(model, SCORED, sentence_vectors)
    )


def test_counts_decide_only_where_sure_and_danger_unlikely():
    model, counts_only = fitted(list(EXAMPLES), 0.5)
    quick = counts_only.predict_proba(model[0].transform([t.lower() for t in SCORED]))
    emergency = list(model.classes_).index("emergency")
    decide = CountsDecide(counts_only, confidence=0.5, unless={"emergency": 0.2})
    settled = (quick.max(axis=1) >= 0.5) & (quick[:, emergency] < 0.2)
    assert settled.any() and not settled.all()

    probabilities, _ = FastScorer(model, 0.5, decide).probabilities(SCORED)

    full = full_probabilities(model, SCORED, 0.5)
    assert np.allclose(probabilities[settled], quick[settled])
    assert np.allclose(probabilities[~settled], full[~settled])


@pytest.mark.parametrize(
    ("sentence_vectors", "intent"), [(0.0, "report_crime"), (2.0, "emergency")]
)
def test_sentence_vectors_carry_meaning_the_words_do_not_share(
    storage, sentence_vectors, intent
):
    """No example says "stabbing"; counts read "someone ... my" as a report."""
    config = {**CONFIG, "sentence_vectors": sentence_vectors}
    classifier = LinearIntentClassifier.create(
        config, storage, Resource("meaning"), context()
    )
    classifier.train(training_data(EXAMPLES))

    message = parse(classifier, "someone is stabbing my brother")
    assert message.get("intent")["name"] == intent
