"""The glob patterns of `include` and `exclude`, matched in time linear in the path, whatever the pattern.

A pattern is relative to the configuration's folder: `**/` stands for any number of whole folders (none
too), `**` elsewhere for any text, '/' included, `*` for any text within one name and `?` for one
character of a name; everything else is itself (case-sensitive, no `[...]` classes). A pattern with no
'/' matches a name at any depth, and a pattern that matches a folder matches everything in it.

A regular expression with nested `.*` backtracks exponentially on a pattern like `**/**/**/x` or
`*a*a*a*a*z`; here the pattern is an automaton whose set of current states is advanced one character
at a time, so no character is looked at twice.
"""

from __future__ import annotations

import functools
import re

# The kinds of token a pattern is made of; a literal token is the character itself.
_ONE, _NAME, _DIRS, _ANY = "?", "*", "**/", "**"
_TOKENS = re.compile(r"(\*\*/?|\*|\?)")  # `**/` before `**` before `*`: the longest wildcard wins
_CACHED_STEPS = 4096  # transitions remembered per pattern; past that each is worked out again


class Glob:
    """One pattern, as an automaton. Its states are the positions between tokens (0 .. n, n when the whole
    pattern is matched), one "inside" state per `**/` (some folders read, the closing '/' still to come),
    and the tail state: past a '/' after the whole pattern, where anything may follow."""

    def __init__(self, pattern: str) -> None:
        if "/" not in pattern:
            pattern = "**/" + pattern
        self.tokens: tuple[str, ...] = tuple(
            token for part in _TOKENS.split(pattern) for token in ((part,) if _TOKENS.fullmatch(part) else part)
        )
        self.end = len(self.tokens)
        self.tail = 2 * self.end + 1  # the inside state of `**/` at position i is end + 1 + i
        self.start = self._closure({0})
        self._steps: dict[tuple[frozenset[int], str], frozenset[int]] = {}
        self.work = 0  # states advanced: at most the path's length times the states, the measure of linearity

    def matches(self, text: str) -> bool:
        states = self.start
        for character in text:
            key = (states, character)
            following = self._steps.get(key)
            if following is None:
                following = self._step(states, character)
                if len(self._steps) < _CACHED_STEPS:
                    self._steps[key] = following
            states = following
            if not states:
                return False
            if self.tail in states:  # the tail takes any rest
                return True
        return self.end in states

    def _step(self, states: frozenset[int], character: str) -> frozenset[int]:
        self.work += len(states)
        following: set[int] = set()
        for state in states:
            if state == self.tail:
                following.add(state)
            elif state == self.end:
                if character == "/":
                    following.add(self.tail)
            elif state > self.end:  # inside a `**/`: any character, and a '/' may close it
                following.add(state)
                if character == "/":
                    following.add(state - self.end)
            else:
                following.update(self._advance(state, character))
        return self._closure(following)

    def _advance(self, position: int, character: str) -> tuple[int, ...]:
        token = self.tokens[position]
        if token == _ANY:
            return (position,)
        if token == _DIRS:
            return (self.end + 1 + position, position + 1) if character == "/" else (self.end + 1 + position,)
        if token == _NAME:
            return () if character == "/" else (position,)
        if token == _ONE:
            return () if character == "/" else (position + 1,)
        return (position + 1,) if character == token else ()

    def _closure(self, states: set[int]) -> frozenset[int]:
        """The states plus those reached by reading nothing: past a `*`, `**` or `**/` that matches no text."""
        pending, reached = list(states), set(states)
        while pending:
            state = pending.pop()
            if state < self.end and self.tokens[state] in (_NAME, _ANY, _DIRS) and state + 1 not in reached:
                reached.add(state + 1)
                pending.append(state + 1)
        return frozenset(reached)


@functools.cache
def compiled(pattern: str) -> Glob:
    return Glob(pattern)


def matches(pattern: str, path: str) -> bool:
    """Whether the '/'-separated relative `path` is matched by `pattern`, or lies in a folder it matches."""
    return compiled(pattern).matches(path)
