"""REST latency and throughput of the running assistant (start it with `make run`).

Usage: .venv/bin/python bench/latency.py [--url http://localhost:5005]
       [--sequential 200] [--conversations 20] [--rounds 5]

Each conversation walks a realistic script (greeting, advice question, a
report started, a crime type chosen and the first answer given, a safety
question in the middle of the report, the report stopped, thanks), as a new
citizen each time. Sequential: one message at a time, p50/p95. Concurrent: N
conversations at once, each running the script `--rounds` times in a row
(a longer conversation, as a citizen who asks several things); messages per
second and p95. Only loopback traffic, bounded in count.
"""

import argparse
import asyncio
import statistics
import time
import uuid

import aiohttp

SCRIPT = [
    "hiya",
    "how do i stop my bike getting nicked",
    "i want to report a crime",
    "no",
    '/report_crime{"crime_type": "theft"}',
    "someone took my bike from outside the station",
    "what should i do if i get a scam text?",
    "stop",
    "yes",
    "thanks",
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def send(
    session: aiohttp.ClientSession, url: str, sender: str, text: str
) -> float:
    started = time.perf_counter()
    async with session.post(url, json={"sender": sender, "message": text}) as reply:
        reply.raise_for_status()
        await reply.json()
    return time.perf_counter() - started


async def conversation(session, url: str, rounds: int) -> list[float]:
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    timings = []
    for _ in range(rounds):
        for text in SCRIPT:
            timings.append(await send(session, url, sender, text))
    return timings


async def run(base: str, sequential: int, conversations: int, rounds: int) -> None:
    url = f"{base.rstrip('/')}/webhooks/rest/webhook"
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await conversation(session, url, 1)  # warm-up
        timings = []
        for _ in range(max(1, sequential // len(SCRIPT))):
            timings += await conversation(session, url, 1)
        print(f"sequential: {len(timings)} messages")
        print(f"  p50 {percentile(timings, 0.5) * 1000:.0f} ms")
        print(f"  p95 {percentile(timings, 0.95) * 1000:.0f} ms")
        print(f"  mean {statistics.mean(timings) * 1000:.0f} ms")

        started = time.perf_counter()
        results = await asyncio.gather(
            *(conversation(session, url, rounds) for _ in range(conversations))
        )
        elapsed = time.perf_counter() - started
        concurrent = [t for timings in results for t in timings]
        print(f"concurrent: {conversations} conversations, {len(concurrent)} messages")
        print(f"  throughput {len(concurrent) / elapsed:.1f} messages/s")
        print(f"  p50 {percentile(concurrent, 0.5) * 1000:.0f} ms")
        print(f"  p95 {percentile(concurrent, 0.95) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.url, args.sequential, args.conversations, args.rounds))


if __name__ == "__main__":
    main()
