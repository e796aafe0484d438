"""The frozen records behave as the frozen dataclasses they replace: keyword-only (the model's), or positional too
(diff's)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import NamedTuple

import pytest

from journeymap.model import Duration, Journey, Stage, Step
from journeymap.problems import Position
from journeymap.record import Record, Tuple, field_names, fields, replace

WHERE = {"file": "map.journey.yaml", "path": ("stages", 0, "steps", 0), "position": Position(3, 5)}


def _step(**values: object) -> Step:
    return Step(**WHERE, name="Pay", **values)  # type: ignore[arg-type]


def test_fields_follow_their_bases_and_defaults_fill_the_rest() -> None:
    step = _step(persona="ana")
    assert field_names(Step)[:5] == ("file", "path", "position", "extensions", "name")
    assert [f.name for f in fields(step)] == list(field_names(step))
    assert (step.extensions, step.touchpoints, step.emotion) == ({}, (), None)
    assert step.personas == ("ana",)  # __post_init__ ran
    assert _step().extensions is not _step().extensions  # a new dict for each


def test_equality_and_hash_leave_out_what_is_not_compared() -> None:
    plain, noted = _step(), _step(extensions={"x-note": "seen"})
    assert plain == noted and hash(plain) == hash(noted)
    assert plain != _step(description="Card") and plain != replace(plain, position=Position(4, 5))
    assert Stage(**WHERE, id="pay", name="Pay") != _step()  # another class is never equal
    assert len({plain, noted, _step(emotion=2)}) == 2


def test_records_are_frozen_and_keyword_only() -> None:
    step = _step()
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.name = "Other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del step.name
    with pytest.raises(AttributeError):
        step.colour = "red"  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="'name'"):
        Step(**WHERE)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="colour"):
        _step(colour="red")
    with pytest.raises(TypeError):
        Step("map.journey.yaml")  # type: ignore[misc]


class Point(Record, positional=True):
    x: int
    y: int = 0


class Labelled(Point):  # the fields' order and positional arguments are inherited
    label: str = ""


def test_a_positional_record_takes_its_fields_in_order_as_a_dataclass_does() -> None:
    assert Point(1) == Point(x=1) == Point(1, 0) and Labelled(1, 2, "a") == Labelled(x=1, y=2, label="a")
    assert repr(Labelled(1, label="b")) == "Labelled(x=1, y=0, label='b')"
    assert pickle.loads(pickle.dumps(Labelled(3, 4, "c"))) == Labelled(3, 4, "c")
    with pytest.raises(TypeError, match=r"^Point\(\) takes 2 positional arguments but 3 were given$"):
        Point(1, 2, 3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"^Point\(\) got multiple values for argument 'x'$"):
        Point(1, x=2)  # type: ignore[misc]
    with pytest.raises(TypeError, match="'x'"):
        Point()  # type: ignore[call-arg]


def test_replace_builds_through_init_and_keeps_what_is_not_changed() -> None:
    journey = Journey(**WHERE, title="Onboarding", stages=(Stage(**WHERE, id="pay", name="Pay"),))
    narrowed = replace(journey, title="Narrowed", stages=())
    assert (narrowed.title, narrowed.file, narrowed.stages) == ("Narrowed", journey.file, ())
    assert journey.stage("pay") is not None and narrowed.stage("pay") is None  # its own index
    assert replace(_step(persona="ana"), personas=()).personas == ("ana",)


def test_repr_copy_and_pickle() -> None:
    duration = Duration("2-3 days", 172800, 259200)
    assert repr(duration) == "Duration(text='2-3 days', shortest=172800, longest=259200)"
    assert repr(_step()).startswith("Step(file='map.journey.yaml', path=('stages', 0, 'steps', 0), position=")
    step = _step(persona="ana", duration=duration, extensions={"x-note": "seen"})
    for twin in (copy.copy(step), copy.deepcopy(step), pickle.loads(pickle.dumps(step))):
        assert twin == step and twin.extensions == {"x-note": "seen"} and twin.duration == duration
    journey = pickle.loads(pickle.dumps(Journey(**WHERE, title="T", stages=(Stage(**WHERE, id="pay", name="Pay"),))))
    assert journey.stage("pay") is journey.stages[0]


def _named(base: type) -> type:
    class Shown(base):
        """A line, as shown."""

        text: str
        style: str = ""
        width: int = 0

        kind = "line"

        @property
        def plain(self) -> str:
            return self.text.upper()

    return Shown


def test_a_tuple_is_the_named_tuple_typing_would_make():
    ours, typings = _named(Tuple), _named(NamedTuple)
    for made in (ours, typings):
        line = made("a", width=3)
        assert (line, line.plain, line.kind, line._replace(style="b")) == (("a", "", 3), "A", "line", ("a", "b", 3))
        assert (made._fields, made._field_defaults, made.__doc__) == (("text", "style", "width"),
                                                                      {"style": "", "width": 0}, "A line, as shown.")
        assert (made.__name__, made.__qualname__, made.__module__) == ("Shown", "_named.<locals>.Shown", __name__)
    assert ours.__annotations__ == {"text": "str", "style": "str", "width": "int"}  # as written: nothing compiled
    assert pickle.loads(pickle.dumps(Position(3, 4))) == Position(3, 4)


def test_a_tuple_field_without_a_default_after_one_with_is_refused():
    with pytest.raises(TypeError, match="Late: a field without a default follows one with a default"):
        class Late(Tuple):
            early: int = 0
            late: int
