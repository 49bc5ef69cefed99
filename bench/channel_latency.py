"""How fast the SMS and Telegram webhooks answer, and when the first reply leaves.

Usage: .venv/bin/python bench/channel_latency.py [--citizens 20]

Starts the real stack with both channels switched on against the loopback
fakes of the Twilio and Telegram APIs (tests/fakes/), then has each citizen
send three messages (a greeting, an advice question, danger now). Prints p50
and p95 of:
- SMS: the webhook's answer (Twilio gives up after 15 s) and the time until
  the first reply reaches the Twilio API;
- Telegram: the webhook's answer, which comes once the replies are sent.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MESSAGES = [
    "hiya",
    "how do i stop my bike getting nicked",
    "theres a man in my garden with a knife right now",
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(label: str, seconds: list[float]) -> None:
    print(
        f"  {label}: p50 {percentile(seconds, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(seconds, 0.95) * 1000:.0f} ms ({len(seconds)} messages)"
    )


def main() -> None:
    from tests.e2e import sms_phone
    from tests.e2e.conftest import running_stack
    from tests.e2e.telegram_citizen import TelegramCitizen
    from tests.fakes.telegram_api import TOKEN, FakeTelegramApi
    from tests.fakes.twilio_api import FakeTwilioApi

    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir, FakeTwilioApi(
        sms_phone.ACCOUNT_SID, sms_phone.AUTH_TOKEN
    ) as twilio, FakeTelegramApi() as telegram, running_stack(
        Path(workdir),
        TWILIO_ACCOUNT_SID=sms_phone.ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=sms_phone.AUTH_TOKEN,
        TWILIO_FROM_NUMBER=sms_phone.FORCE_NUMBER,
        TWILIO_API_URL=twilio.url,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_SECRET_TOKEN="bench_secret_token",
        TELEGRAM_API_URL=telegram.url,
        CHANNEL_ID_KEY=sms_phone.CHANNEL_ID_KEY,
    ) as stack:
        answers, first_replies, telegram_turns = [], [], []
        for citizen in range(args.citizens):
            phone = sms_phone.Phone(stack, twilio)
            chat = TelegramCitizen(stack, telegram, 7_000_000 + citizen)
            for text in MESSAGES:
                already = len(phone.received())
                started = time.perf_counter()
                phone.text(text)
                answers.append(time.perf_counter() - started)
                twilio.wait_for(phone.number, already + 1)
                first_replies.append(time.perf_counter() - started)
                phone.replies_after(already)

                started = time.perf_counter()
                chat.say(text)
                telegram_turns.append(time.perf_counter() - started)
        print("SMS")
        report("webhook answered", answers)
        report("first reply sent", first_replies)
        print("Telegram")
        report("webhook answered, replies sent", telegram_turns)


if __name__ == "__main__":
    main()
