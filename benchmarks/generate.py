"""Write N realistic, valid journey maps (about 6 stages, 30 steps, 10 touchpoints; about 6 KB each).

    python benchmarks/generate.py 1000 /tmp/maps
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

CHANNELS = ["web", "mobile_app", "email", "store", "phone", "chat", "social", "search", "sms", "review_site"]
KINDS = ["awareness", "consideration", "purchase", "onboarding", "usage", "loyalty"]
WORDS = (
    "customer compares prices reads reviews asks support waits delivery opens box tries size returns pays "
    "checks email finds store calls agent shares photo recommends friend renews plan cancels order"
).split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def journey(seed: int) -> str:
    rng = random.Random(seed)
    touchpoints = [f"tp-{index}" for index in range(10)]
    lines = [
        "journeymap: 1",
        f"title: Journey {seed}",
        f"objective: {_text(rng, 10)}",
        "owner: CX team",
        "reviewed: 2026-10-01",
        "status: active",
        "personas:",
        "  - id: maya",
        "    name: Maya",
        f"    goals: [{_text(rng, 4)}, {_text(rng, 3)}]",
        "touchpoints:",
    ]
    for index, touchpoint in enumerate(touchpoints):
        lines += [f"  - id: {touchpoint}", f"    name: Touchpoint {index}", f"    channel: {CHANNELS[index]}",
                  "    owner: Digital team"]  # fmt: skip
    lines.append("stages:")
    for number, kind in enumerate(KINDS):
        lines += [f"  - id: stage-{number}", f"    name: {kind.title()}", f"    kind: {kind}",
                  f"    goal: {_text(rng, 6)}", "    steps:"]  # fmt: skip
        for step in range(5):
            used = ", ".join(rng.sample(touchpoints, 2))
            lines += [f"      - name: {_text(rng, 3)}", f"        touchpoints: [{used}]",
                      f"        emotion: {rng.randint(-2, 2)}"]  # fmt: skip
            if step % 2:
                lines.append(f"        thought: {_text(rng, 4)}")
        lines += ["    pain_points:", f"      - id: pain-{number}", f"        description: {_text(rng, 7)}",
                  "        severity: high", "    opportunities:", f"      - description: {_text(rng, 6)}",
                  f"        addresses: [pain-{number}]", "        owner: Product team",
                  "    metrics:", f"      - {{name: Conversion, unit: '%', target: 40, actual: {rng.randint(20, 60)}}}",
                  ]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    for seed in range(count):
        (folder / f"journey-{seed:05d}.journey.yaml").write_text(journey(seed), encoding="utf-8")


if __name__ == "__main__":
    main()
