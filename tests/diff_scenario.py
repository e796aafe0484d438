"""The repository docs/diff.md and docs/ci.md show `journeymap diff` on: a shop's maps on `main`, and a
pull request's branch `card-errors` that edits one map, renames another and changes the library they share.

`build(root)` writes it as git would have it after `git switch card-errors`, with fixed dates so that its
commit ids never change.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

CONFIG = """\
rules:                         # a few rules off, to keep the example short
  stage-without-kind: off
  stage-without-metrics: off
  stage-without-goal: off
  touchpoint-without-owner: off
  missing-review-date: off
  review-overdue: off
  map-without-objective: off
  too-few-stages: off
"""

LIBRARY = """\
journeymap: 1.1
library: true
personas:
  - {id: maya, name: Maya, occupation: Buys boots online, goals: [Boots that fit]}
  - {id: tom, name: Tom, occupation: Buys gifts, goals: [Gift on time]}
touchpoints:
  - {id: shop, name: Web shop, channel: web}
  - {id: mail, name: Order emails, channel: email}
"""

CHECKOUT = """\
journeymap: 1.1
title: Buying boots online
owner: Customer Experience
reviewed: 2026-09-01
include: [library/people.yaml]
stages:
  - id: browse
    name: Browse
    steps:
      - id: compare
        name: Compares boots
        touchpoints: [shop]
        emotions:
          - {persona: maya, emotion: 1}
          - {persona: tom, emotion: 0}
      - {id: size, name: Checks the size guide, persona: maya, touchpoints: [shop], emotion: -1}
    pain_points:
      - {id: sizing, description: No way to tell whether the boots fit, severity: high}
    opportunities:
      - {id: fit, description: Fit predictor from past orders, addresses: [sizing], status: idea, owner: Web team}
  - id: pay
    name: Payment
    moment_of_truth: true
    steps:
      - {id: card, name: Pays by card, touchpoints: [shop], emotion: 1}
    metrics:
      - {id: conversion, name: Conversion, unit: "%", target: 60, actual: 52, direction: increase}
  - id: wait
    name: Waiting
    steps:
      - {id: track, name: Tracks the parcel, touchpoints: [mail], emotion: 0}
  - id: gift
    name: Gift wrap
    personas: [tom]
    steps:
      - {name: Chooses gift wrap, touchpoints: [shop], emotion: 1}
"""

RETURNS = """\
journeymap: 1.1
title: Returning boots
include: [library/people.yaml]
stages:
  - id: send
    name: Sending back
    personas: [maya]
    steps:
      - {name: Prints a return label, touchpoints: [mail], emotion: -1}
"""

DELIVERY = """\
journeymap: 1.1
title: Delivery day
include: [library/people.yaml]
stages:
  - id: arrive
    name: Parcel arrives
    steps:
      - {name: Opens the door to the courier, touchpoints: [mail], emotion: 1}
    pain_points:
      - {description: Courier comes when nobody is home, severity: medium}
"""

# The pull request: a card payment that can fail, the gift-wrap stage replaced by unboxing, the fit predictor
# under way, conversion down, a step renamed, a persona's name completed; the returns map renamed.
CHECKOUT_AFTER = (
    CHECKOUT.replace("reviewed: 2026-09-01", "reviewed: 2026-11-20")
    .replace("status: idea", "status: in_progress")
    .replace("name: Checks the size guide", "name: Checks the size chart")
    .replace("actual: 52", "actual: 47")
    .replace(
        "      - {id: card, name: Pays by card, touchpoints: [shop], emotion: 1}\n",
        "      - {id: card, name: Pays by card, touchpoints: [shop], emotion: -1, feeling: anxious}\n"
        "    pain_points:\n"
        "      - {id: declined, description: Card declined with no reason given, severity: high}\n",
    )
    .replace(
        "  - id: gift\n    name: Gift wrap\n    personas: [tom]\n    steps:\n"
        "      - {name: Chooses gift wrap, touchpoints: [shop], emotion: 1}\n",
        "  - id: unbox\n    name: Unboxing\n    steps:\n      - {id: tries, name: Tries the boots on, emotion: 2}\n",
    )
)
LIBRARY_AFTER = LIBRARY.replace("name: Maya,", "name: Maya Ortiz,")


def git(root: Path, *args: str, when: str = "2026-11-20T10:00:00+00:00") -> str:
    """Run git in `root` as a fixed author at a fixed time (so commit ids are the same on every machine)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_CONFIG_NOSYSTEM": "1"}
    command = ["git", "-c", "user.name=Ana", "-c", "user.email=ana@example.com", "-c", "init.defaultBranch=main",
               "-c", "commit.gpgsign=false", *args]  # fmt: skip
    return subprocess.run(command, cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def build(root: Path) -> Path:
    """The repository in `root`, on the branch card-errors; returns `root`."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    write(root, {".journeymap.yaml": CONFIG, "maps/library/people.yaml": LIBRARY,
                 "maps/checkout.journey.yaml": CHECKOUT, "maps/returns.journey.yaml": RETURNS})  # fmt: skip
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Checkout and returns maps", when="2026-09-01T10:00:00+00:00")
    write(root, {"maps/delivery.journey.yaml": DELIVERY})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Delivery map", when="2026-10-01T10:00:00+00:00")
    git(root, "switch", "-qc", "card-errors")
    write(root, {"maps/checkout.journey.yaml": CHECKOUT_AFTER, "maps/library/people.yaml": LIBRARY_AFTER})
    git(root, "mv", "maps/returns.journey.yaml", "maps/sending-back.journey.yaml")
    git(root, "commit", "-qam", "Card errors at checkout")
    return root
