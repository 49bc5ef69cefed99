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

# `{name}` in a pattern stands for the fragment `name` of the `fragments` table.
# Only lower-case names are placeholders, so regex counts like `{0,3}` are safe.
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

# Where a sentence or clause ends, so that what follows can be judged alone.
_CLAUSE_BOUNDARY = re.compile(r"[.!?;,]\s+")
# The latest parts judged alone: enough for the danger told in the last few
# clauses of a rambling message, few enough that a huge message (thousands
# of commas) costs a few judgements, not thousands.
_LATEST_PARTS = 8
_LATEST_PART_CHARS = 1200


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    """Substitutes the named fragments (which may name other fragments)."""
    for _ in range(10):

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in fragments:
                raise KeyError(f"danger-now rules: unknown fragment {{{name}}}")
            return fragments[name]

        expanded = _PLACEHOLDER.sub(replace, pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    raise ValueError(f"danger-now rules: fragments nest too deeply in {pattern!r}")


def _compile(patterns: list[str], fragments: dict[str, str]) -> list[Pattern[str]]:
    return [
        re.compile(_expand(pattern, fragments), re.IGNORECASE) for pattern in patterns
    ]


def _any_match(patterns: list[Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


@dataclass
class DangerNowRules:
    """Compiled danger-now patterns; `matches` says which fired and why."""

    immediate: list[Pattern[str]]
    grave: list[Pattern[str]]
    danger: list[Pattern[str]]
    now: list[Pattern[str]]
    not_now: list[Pattern[str]] = field(default_factory=list)
    past: list[Pattern[str]] = field(default_factory=list)
    safe_now: list[Pattern[str]] = field(default_factory=list)
    exempt: list[Pattern[str]] = field(default_factory=list)
    still: list[Pattern[str]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path = RULES_FILE) -> DangerNowRules:
        """Read the rules from their YAML data file."""
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        fragments: dict[str, str] = raw.get("fragments") or {}

        def group(name: str) -> list[Pattern[str]]:
            return _compile(raw.get(name) or [], fragments)

        return cls(
            immediate=group("immediate"),
            grave=group("grave"),
            danger=group("danger"),
            now=group("now"),
            not_now=group("not_now"),
            past=group("past"),
            safe_now=group("safe_now"),
            exempt=group("exempt"),
            still=group("still"),
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
        still = self._says_still(text)
        if not still and _any_match(self.exempt, text):
            return []
        reasons = [
            f"immediate:{p.pattern[:40]}" for p in self.immediate if p.search(text)
        ]
        if reasons:
            return reasons
        if _any_match(self.safe_now, text):
            return []
        if not still and _any_match(self.not_now, text):
            return self._judge_latest_part(text, still, framed=True)
        return self._judge(text, still) or self._judge_latest_part(text, still)

    def _judge_latest_part(
        self, text: str, still: bool, framed: bool = False
    ) -> list[str]:
        """Judges what the message ends with, without the background before it.

        A long message often starts with history ("we split up last year", "I
        moved in three weeks ago") that would read as a finished event, and
        only then says what is happening now. Each of the last few tails that
        start at a sentence or clause boundary is judged on its own: `past`
        words before it no longer count, those after the danger still do.
        When the message is `framed` as a question, a tip or a report
        (`not_now`), a tail counts only if it is not framed that way itself:
        "how long do you take to come out? there's a fight at my door now".
        """
        starts = [boundary.end() for boundary in _CLAUSE_BOUNDARY.finditer(text)]
        for start in starts[-_LATEST_PARTS:]:
            if len(text) - start > _LATEST_PART_CHARS:
                continue
            part = text[start:]
            if framed and (
                _any_match(self.not_now, part) or not _any_match(self.now, part)
            ):
                continue
            reasons = self._judge(part, still)
            if reasons:
                return [f"latest part, {reason}" for reason in reasons]
        return []

    def _judge(self, text: str, still: bool) -> list[str]:
        """Finished events first, then grave patterns, then danger with a now-sign."""
        if not still and _any_match(self.past, text):
            return []
        grave = [p for p in self.grave if p.search(text)]
        if grave:
            return [f"grave:{grave[0].pattern[:40]}"]
        danger = [p for p in self.danger if p.search(text)]
        now = [p for p in self.now if p.search(text)]
        if not danger or not now:
            return []
        return [f"danger+now:{danger[0].pattern[:40]}"]

    def says_safe_now(self, text: str) -> bool:
        """The message says nobody is in danger now ("he's calm now")."""
        return _any_match(self.safe_now, self._normalise(text))

    def _says_still(self, text: str) -> bool:
        """The danger continues ("he stabbed me and he's still here")."""
        return _any_match(self.still, text)

    def flags(self, text: str) -> bool:
        """True when the text reads as danger now."""
        return bool(self.matches(text))
