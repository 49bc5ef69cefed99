"""A complete crime report over REST: bot turns and wall time (needs `make run`).

Usage: .venv/bin/python bench/report_journey.py [--url http://localhost:5005]
       [--runs 5]

A citizen reports a burglary and answers whatever the bot asks with the messy
answers below, as people type them. Each question is recognised by its text
in domain/, so the script follows the real form rather than a fixed order.
Prints the questions asked, the citizen's and the bot's message counts, the
wall time of a complete report (p50 and worst over the runs), and the
reference. The e2e tests drive the same journey against a fresh stack.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = re.compile(r"CR-\d{4}-\d{6}")
SUMMARY_HEADING = "Please check your report"
OPENING = "my house got burgled last night"

# Messy answers, keyed by the question (slot) they answer.
BURGLARY_ANSWERS: dict[str, str] = {
    "in_danger_now": "no",
    "crime_type": '/report_crime{"crime_type": "burglary"}',
    "incident_description": "came home n the back door was smashed in, they took stuff",
    "incident_date": "about 8ish last night",
    "incident_location": "14 kirkstall rd leeds ls42qj",
    "injury": "no one was hurt",
    "suspect_description": "dunno didnt see anyone",
    "stolen_property": "laptop (silver macbook) and my mums gold rings",
    "property_value": "bout 1.5k",
    "witnesses": "no",
    "evidence": "next door has a ring doorbell",
    "victim_name": "my name is jo o'brien",
    "contact_phone": "+44 7700 900 123",
    "contact_email": "JO.OBRIEN@example.com",
    "contact_method": "text me",
    "safe_contact_times": "after 6pm weekdays",
    "declaration": "yes",
    "report_confirmed": "/affirm",
}

Send = Callable[[str], list[dict[str, Any]]]


@dataclass
class Journey:
    """What happened in one report: the questions in order and the reference."""

    questions: list[str]
    citizen_messages: int
    bot_messages: int
    reference: str | None
    last_replies: list[dict[str, Any]]


def question_texts() -> dict[str, str]:
    """Each `utter_ask_<slot>` text in domain/, mapped to its slot."""
    texts = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text()) or {}).get("responses") or {}
        for name, variations in responses.items():
            if name.startswith("utter_ask_"):
                for variation in variations:
                    texts[variation["text"]] = name.removeprefix("utter_ask_")
    return texts


def question_in(replies: list[dict[str, Any]], texts: dict[str, str]) -> str | None:
    """The question the bot's replies end on, if any.

    A reply can hold more than the question (an SMS joins the messages of a
    turn and adds the options as numbers), so the question is the one found
    latest in the last reply that holds one.
    """
    for reply in reversed(replies):
        said = reply.get("text") or ""
        if SUMMARY_HEADING in said:
            return "report_confirmed"
        found = [
            (said.rfind(text), slot) for text, slot in texts.items() if text in said
        ]
        if found:
            return max(found)[1]
    return None


def walk_report(
    send: Send, opening: str, answers: dict[str, str], max_turns: int = 40
) -> Journey:
    """Answers each question until the bot gives a reference or stops asking."""
    texts = question_texts()
    journey = Journey([], 0, 0, None, [])
    message = opening
    for _ in range(max_turns):
        replies = send(message)
        journey.citizen_messages += 1
        journey.bot_messages += len(replies)
        journey.last_replies = replies
        found = REFERENCE.search(" ".join(r.get("text") or "" for r in replies))
        if found:
            journey.reference = found.group(0)
            return journey
        question = question_in(replies, texts)
        if question is None or question not in answers:
            return journey
        journey.questions.append(question)
        message = answers[question]
    return journey


def rest_sender(base_url: str, sender: str) -> Send:
    """Sends one citizen message over the REST channel and returns the replies."""
    url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"

    def send(text: str) -> list[dict[str, Any]]:
        request = urllib.request.Request(
            url,
            data=json.dumps({"sender": sender, "message": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.load(reply)

    return send


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    timings = []
    for _ in range(args.runs):
        sender = f"bench-report-{uuid.uuid4().hex[:12]}"
        started = time.perf_counter()
        journey = walk_report(rest_sender(args.url, sender), OPENING, BURGLARY_ANSWERS)
        timings.append(time.perf_counter() - started)
        if journey.reference is None:
            raise SystemExit(f"no reference; the bot last said: {journey.last_replies}")
    print(f"questions asked: {len(journey.questions)}: {', '.join(journey.questions)}")
    print(f"citizen messages: {journey.citizen_messages}")
    print(f"bot messages: {journey.bot_messages}")
    print(f"complete report wall time over {args.runs} runs:")
    print(f"  p50 {statistics.median(timings) * 1000:.0f} ms")
    print(f"  max {max(timings) * 1000:.0f} ms")
    print(f"reference (last run): {journey.reference}")


if __name__ == "__main__":
    main()
