"""Recall and false alarms of the danger-now rule layer alone (no model needed).

Usage: .venv/bin/python bench/danger_rules_eval.py [--data tests/nlu/danger_dev.yml]
       [--data tests/nlu/dev_heldout_8.yml ...] [--errors]

Runs `DangerNowRules.load().matches(text)` over every example of a Rasa NLU
YAML file. Messages of the `emergency` intent should be flagged; every other
intent (`not_emergency` in the danger files, report_crime, advice/... in the
dev held-out files) counts as not-emergency and should not be.
"""

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.nlu.danger_now import DangerNowRules  # noqa: E402

EMERGENCY = "emergency"
DEFAULT_DATA = ROOT / "tests/nlu/danger_dev.yml"


def load_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs, entity annotations stripped."""
    examples = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                text = re.sub(r"\[([^\]]+)\]\{[^}]*\}", r"\1", line.strip()[2:])
                examples.append((text, block["intent"]))
    return examples


def evaluate(rules: DangerNowRules, path: Path, errors: bool) -> None:
    examples = load_examples(path)
    misses, alarms = [], []
    emergencies = others = 0
    for text, intent in examples:
        reasons = rules.matches(text)
        if intent == EMERGENCY:
            emergencies += 1
            if not reasons:
                misses.append(text)
        else:
            others += 1
            if reasons:
                alarms.append((intent, text, reasons[0]))
    caught = emergencies - len(misses)
    recall = caught / max(1, emergencies)
    false_rate = len(alarms) / max(1, others)
    try:
        name = path.resolve().relative_to(ROOT)
    except ValueError:
        name = path
    print(f"{name}")
    print(f"  rule recall on emergencies:  {recall:6.1%}  ({caught}/{emergencies})")
    print(
        f"  false-alarm rate on others:  {false_rate:6.1%}  "
        f"({len(alarms)}/{others})"
    )
    if errors:
        for text in misses:
            print(f"    MISS   | {text}")
        for intent, text, reason in alarms:
            print(f"    ALARM  | {intent} | {text}  <- {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data",
        type=Path,
        action="append",
        help="Rasa NLU YAML file (repeatable); default tests/nlu/danger_dev.yml",
    )
    parser.add_argument(
        "--errors", action="store_true", help="list every miss and false alarm"
    )
    args = parser.parse_args()
    rules = DangerNowRules.load()
    for path in args.data or [DEFAULT_DATA]:
        evaluate(rules, path, args.errors)


if __name__ == "__main__":
    main()
