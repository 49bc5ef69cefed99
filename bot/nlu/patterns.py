"""Find and normalise UK contact details and identifiers in citizen text.

Built on a blank spaCy English pipeline (no model download): a pipeline
component turns regular-expression matches into `doc.ents`, so spans line up
with spaCy tokens, overlapping matches are resolved by `filter_spans`, and the
normalised value rides on each span.
"""


from collections.abc import Callable
from datetime import datetime

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.identifiers import ENTITY_PATTERNS
from bot.nlu.dates import find_dates

if not Span.has_extension("normalised"):
    Span.set_extension("normalised", default=None)


@Language.factory("uk_identifier_patterns", default_config={})
def create_uk_identifier_patterns(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """SpaCy factory so the matcher is an ordinary, serialisable pipeline step."""

    def set_entities(doc: Doc) -> Doc:
        spans: list[Span] = []
        for pattern in ENTITY_PATTERNS:
            for match in pattern.regex.finditer(doc.text):
                value = pattern.normalise(match.group(0))
                span = doc.char_span(
                    match.start(),
                    match.end(),
                    label=pattern.label,
                    alignment_mode="expand",
                )
                if value is None or span is None:
                    continue
                span._.normalised = value
                spans.append(span)
        when = doc.user_data.get("reference_time")
        if when is not None:
            for found in find_dates(doc.text, when):
                span = doc.char_span(
                    found.start, found.end, label="date", alignment_mode="expand"
                )
                if span is not None:
                    span._.normalised = found.iso()
                    spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    return set_entities


def build_pipeline() -> Language:
    """A blank English pipeline with the identifier patterns; nothing to download."""
    nlp = spacy.blank("en")
    nlp.add_pipe("uk_identifier_patterns")
    return nlp


def extract(nlp: Language, text: str, now: datetime) -> list[dict[str, object]]:
    """Rasa-shaped entity dicts for every identifier and date phrase in `text`."""
    doc = nlp.make_doc(text)
    doc.user_data["reference_time"] = now
    for _, component in nlp.pipeline:
        doc = component(doc)
    return [
        {
            "entity": span.label_,
            "start": span.start_char,
            "end": span.end_char,
            "value": span._.normalised,
            "text": span.text,
        }
        for span in doc.ents
    ]
