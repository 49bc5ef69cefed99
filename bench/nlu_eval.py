"""Intent, advice-topic and emergency figures on the held-out set.

Usage: .venv/bin/python bench/nlu_eval.py [--model models/current.tar.gz]
       [--data tests/nlu/heldout.yml] [--errors]

The held-out messages are never used in training (they live under tests/, and
`rasa train` reads data/ only). Predictions come from the whole NLU pipeline,
including the fallback classifier and the danger-now rules, exactly as the
running assistant would see them.
"""

import argparse
import asyncio
import re
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EMERGENCY = "emergency"


def load_examples(path: Path) -> list[tuple[str, str]]:
    """(text, label) pairs; advice labels keep their topic: advice/lost_property."""
    examples = []
    for block in yaml.safe_load(path.read_text())["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                text = re.sub(r"\[([^\]]+)\]\{[^}]*\}", r"\1", line.strip()[2:])
                examples.append((text, block["intent"]))
    return examples


async def predict(model: Path, texts: list[str]) -> tuple[list[tuple[str, str]], float]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    results = []
    started = time.perf_counter()
    for text in texts:
        parsed = await agent.parse_message(text)
        intent = parsed["intent"]["name"]
        selector = (parsed.get("response_selector") or {}).get("advice") or {}
        key = (selector.get("response") or {}).get("intent_response_key") or ""
        results.append((intent, key))
    elapsed = (time.perf_counter() - started) / max(1, len(texts))
    return results, elapsed


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(
            p == label and g != label for g, p in zip(gold, predicted, strict=True)
        )
        fn = sum(
            g == label and p != label for g, p in zip(gold, predicted, strict=True)
        )
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
    return sum(scores) / len(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models/current.tar.gz")
    parser.add_argument("--data", type=Path, default=ROOT / "tests/nlu/heldout.yml")
    parser.add_argument("--errors", action="store_true", help="list every mistake")
    args = parser.parse_args()

    examples = load_examples(args.data)
    predictions, seconds_per_parse = asyncio.run(
        predict(args.model, [text for text, _ in examples])
    )
    gold = [label.split("/")[0] for _, label in examples]
    predicted = [intent for intent, _ in predictions]

    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    advice = [
        (label, key)
        for (_, label), (intent, key) in zip(examples, predictions, strict=True)
        if label.startswith("advice/")
    ]
    topic_accuracy = sum(label == key for label, key in advice) / max(1, len(advice))
    emergencies = [p for g, p in zip(gold, predicted, strict=True) if g == EMERGENCY]
    others = [p for g, p in zip(gold, predicted, strict=True) if g != EMERGENCY]
    recall = sum(p == EMERGENCY for p in emergencies) / max(1, len(emergencies))
    false_rate = sum(p == EMERGENCY for p in others) / max(1, len(others))

    print(f"held-out messages:           {len(examples)}  ({args.data.name})")
    print(f"intent accuracy:             {accuracy:.1%}")
    print(f"intent macro F1:             {macro_f1(gold, predicted):.3f}")
    print(
        f"advice-topic accuracy:       {topic_accuracy:.1%}  ({len(advice)} questions)"
    )
    print(
        f"emergency recall:            {recall:.1%}  ({len(emergencies)} emergencies)"
    )
    print(f"false-emergency rate:        {false_rate:.1%}  ({len(others)} others)")
    print(f"mean parse time:             {seconds_per_parse * 1000:.1f} ms")
    confusions = Counter(
        (g, p) for g, p in zip(gold, predicted, strict=True) if g != p
    ).most_common(8)
    print(
        "most common confusions:     "
        + ", ".join(f"{g}->{p} x{n}" for (g, p), n in confusions)
    )
    if args.errors:
        for (text, label), (intent, key) in zip(examples, predictions, strict=True):
            wrong_topic = (
                label.startswith("advice/") and intent == "advice" and key != label
            )
            if label.split("/")[0] != intent or wrong_topic:
                print(f"  {label:32} -> {intent:22} {key:32} | {text}")


if __name__ == "__main__":
    main()
