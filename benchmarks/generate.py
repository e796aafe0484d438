"""Write N realistic, valid journey maps (about 6 stages, 30 steps, 10 touchpoints; about 6 KB each).

    python benchmarks/generate.py 1000 /tmp/maps
    python benchmarks/generate.py 1 /tmp/wide --stages 8000   # one wide map: 8,000 bare stages
    python benchmarks/generate.py 20 /tmp/rich --rich 24      # format 1.1: 24 stages, 4 personas, a blueprint
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


PERSONAS = ("maya", "omar", "lena", "ravi")


def rich_journey(seed: int, stages: int) -> str:
    """A format-1.1 map of `stages` stages of 5 steps: four personas with their own readings, a current and a
    future state, moments of truth, exits, and a service blueprint under every stage."""
    rng = random.Random(seed)
    lines = ["journeymap: 1.1", f"title: Rich journey {seed}", "locale: en", "personas:"]
    lines += [f"  - {{id: {persona}, name: {persona.title()}, goals: [{_text(rng, 3)}]}}" for persona in PERSONAS]
    lines.append("touchpoints:")
    lines += [f"  - {{id: tp-{index}, name: Touchpoint {index}, channel: {CHANNELS[index]}, owner: Team}}"
              for index in range(len(CHANNELS))]  # fmt: skip
    lines += ["  - {id: crm, name: CRM, channel: other, lane: backstage, owner: IT}", "stages:"]
    for number in range(stages):
        lines += [f"  - id: stage-{number}", f"    name: {_text(rng, 2)} {number}", f"    kind: {KINDS[number % 6]}",
                  "    steps:"]  # fmt: skip
        for step in range(5):
            lines += _rich_step(rng, number, step)
        lines += [f"    frontstage: [{{name: {_text(rng, 3)}, actor: Agent, steps: [s-{number}-0]}}]",
                  f"    backstage: [{{name: {_text(rng, 3)}, actor: Back office, touchpoints: [crm]}}]",
                  f"    support: [{{name: {_text(rng, 3)}, actor: IT}}]"]  # fmt: skip
    return "\n".join(lines) + "\n"


def _rich_step(rng: random.Random, stage: int, step: int) -> list[str]:
    personas = rng.sample(PERSONAS, rng.randint(1, 3))
    lines = [f"      - id: s-{stage}-{step}", f"        name: {_text(rng, 3)}", f"        personas: [{', '.join(personas)}]",
             f"        touchpoints: [tp-{rng.randrange(len(CHANNELS))}]", "        emotions:"]  # fmt: skip
    lines += [f"          - {{persona: {persona}, emotion: {rng.randint(-2, 2)}}}" for persona in personas]
    if step == 2:
        lines += [f"          - {{persona: {personas[0]}, state: future, emotion: {rng.randint(0, 2)}}}",
                  "        moment_of_truth: true", "        exits: [{description: Gives up, rate: 0.1}]"]  # fmt: skip
    if step == 4 and stage % 3 == 0:
        lines.append("        state: future")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--stages", type=int, help="write wide maps of this many bare stages instead")
    parser.add_argument("--rich", type=int, metavar="STAGES", help="write format-1.1 maps of this many stages instead")
    options = parser.parse_args()
    options.folder.mkdir(parents=True, exist_ok=True)
    for seed in range(options.count):
        text = (rich_journey(seed, options.rich) if options.rich else wide_journey(seed, options.stages)
                if options.stages else journey(seed))  # fmt: skip
        (options.folder / f"journey-{seed:05d}.journey.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
