"""MiniLM in numpy gives sentence-transformers' vectors, whatever it is batched with."""

import json
from pathlib import Path

import numpy as np
import pytest

from bot.nlu.sentence_encoder import (
    EncoderMissingError,
    SentenceEncoder,
    shared_encoder,
)

REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text())[
    "vectors"
]


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


@pytest.mark.parametrize("text", list(REFERENCE))
def test_each_vector_is_the_reference_implementations(encoder, text):
    [vector] = encoder.encode([text])

    assert np.allclose(vector, REFERENCE[text], atol=1e-5)


def test_a_batch_of_mixed_lengths_gives_each_texts_own_vector(encoder):
    texts = list(REFERENCE)

    together = encoder.encode(texts)

    for text, vector in zip(texts, together, strict=True):
        assert np.allclose(vector, REFERENCE[text], atol=1e-5)


def test_meaning_is_near_although_the_words_differ(encoder):
    attacked, with_a_blade, found_one = encoder.encode(
        [
            "he has got a knife and he is coming at me",
            "a man is attacking me with a blade",
            "I found a knife in the park, how do I hand it in",
        ]
    )

    assert attacked @ with_a_blade > attacked @ found_one


@pytest.mark.parametrize("text", ["", "\x00\x01", "😀" * 5000])
def test_empty_binary_or_huge_text_still_gives_a_unit_vector(encoder, text):
    [vector] = encoder.encode([text])

    assert np.isclose(np.linalg.norm(vector), 1.0)


def test_a_missing_model_says_how_to_get_it(tmp_path):
    with pytest.raises(EncoderMissingError, match="make"):
        SentenceEncoder(tmp_path)
