"""Write N realistic, valid journey maps (about 6 stages, 30 steps, 10 touchpoints; about 6 KB each).

    python benchmarks/generate.py 1000 /tmp/maps
    python benchmarks/generate.py 1 /tmp/wide --stages 8000   # one wide map: 8,000 bare stages
"""

from __future__ import annotations

import argparse
import random
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


def wide_journey(seed: int, stages: int) -> str:
    """A map of many bare stages (id, name, an emotion on every other one), within the loader's limit on
    values (8,000 stages at most): what costs a renderer per stage, with findings in every lane for --annotate."""
    rng = random.Random(seed)
    lines = ["journeymap: 1", f"title: Wide journey {seed}", "stages:"]
    for number in range(stages):
        lines += [f"  - id: stage-{number}", f"    name: {_text(rng, 2)} {number}"]
        if number % 2:
            lines.append(f"    emotion: {rng.randint(-2, 2)}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--stages", type=int, help="write wide maps of this many bare stages instead")
    options = parser.parse_args()
    options.folder.mkdir(parents=True, exist_ok=True)
    for seed in range(options.count):
        text = wide_journey(seed, options.stages) if options.stages else journey(seed)
        (options.folder / f"journey-{seed:05d}.journey.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
