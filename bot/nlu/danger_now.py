"""Rule layer that recognises danger-now language independently of the classifier.

A missed emergency is the worst failure this assistant can have, so emergency
detection never depends on one trained model: these hand-written patterns
(kept as data in `danger_now.yml`) run beside it and either can trigger the
emergency path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from re import Pattern

import yaml

RULES_FILE = Path(__file__).with_name("danger_now.yml")


def _compile(patterns: list[str]) -> list[Pattern[str]]:
    return [re.compile(pattern, re.IGNORECASE) for pattern in patterns]


@dataclass
class DangerNowRules:
    """Compiled danger-now patterns; `matches` says which fired and why."""

    immediate: list[Pattern[str]]
    grave: list[Pattern[str]]
    danger: list[Pattern[str]]
    now: list[Pattern[str]]
    not_now: list[Pattern[str]] = field(default_factory=list)
    safe_now: list[Pattern[str]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path = RULES_FILE) -> DangerNowRules:
        """Read the rules from their YAML data file."""
        raw: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            immediate=_compile(raw["immediate"]),
            grave=_compile(raw["grave"]),
            danger=_compile(raw["danger"]),
            now=_compile(raw["now"]),
            not_now=_compile(raw.get("not_now", [])),
            safe_now=_compile(raw.get("safe_now", [])),
        )

    @staticmethod
    def _normalise(text: str) -> str:
        # Curly apostrophes from phone keyboards would defeat "he's"-style patterns.
        text = text.replace("\u2019", "'").replace("\u2018", "'")
        return re.sub(r"\s+", " ", text).strip()

    def matches(self, text: str) -> list[str]:
        """Names of the rule groups that flag `text` as danger now (empty if none)."""
        text = self._normalise(text)
        if not text:
            return []
        reasons = [
            f"immediate:{p.pattern[:40]}" for p in self.immediate if p.search(text)
        ]
        if reasons:
            return reasons
        if any(p.search(text) for p in self.safe_now):
            return []
        if any(p.search(text) for p in self.not_now) and not self._says_still(text):
            return []
        grave = [p for p in self.grave if p.search(text)]
        if grave:
            return [f"grave:{grave[0].pattern[:40]}"]
        danger = [p for p in self.danger if p.search(text)]
        now = [p for p in self.now if p.search(text)]
        if not danger or not now:
            return []
        return [f"danger+now:{danger[0].pattern[:40]}"]

    @staticmethod
    def _says_still(text: str) -> bool:
        """A past event whose danger continues ("he stabbed me and he's still here")."""
        return bool(
            re.search(
                r"\b(?:still|right now|rn|as we speak|this minute|this second"
                r"|back again|came back|is back|'?s back|at my door|outside my door)\b",
                text,
                re.IGNORECASE,
            )
        )

    def flags(self, text: str) -> bool:
        """True when the text reads as danger now."""
        return bool(self.matches(text))
