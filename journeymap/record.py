"""Frozen records: what the model takes of a frozen, keyword-only dataclass (its `__init__`, `__post_init__`,
equality, hash, repr, copy and pickle), without the source code dataclasses compiles for every class. On
Python 3.11 that code costs the model's fifteen classes about 20 ms at every start, more than the whole
one-file lint spends on the map.

A record keeps its fields in its instance dictionary, filled by `dict.update` from the class's defaults and
then from the keywords given, rather than in slots: a frozen record cannot assign its own attributes, and
setting its slots one call at a time made `__init__` half of building a map's model.

A class lists its fields as annotations, with defaults or `field(...)`, as a dataclass does; a subclass's
fields follow its bases'. `replace` and `fields` stand for `dataclasses.replace` and `dataclasses.fields`.
`class Where(Record, positional=True)` also takes its fields in order, as a dataclass that is not keyword-only
does (a subclass inherits it).

`Tuple` stands for `typing.NamedTuple` the same way: typing turns every field's annotation, a string under
`from __future__ import annotations`, into a ForwardRef that compiles it, some 200 `compile()` calls before
a one-map check starts.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

T = TypeVar("T", bound="Record")


class _Made:
    """A default made at each call (a new dict), or a TypeError for a field that has none."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


class Field:
    """A field as `field()` declares it (the class sets its name): whether `__init__` takes it, whether equality,
    hash and repr look at it, and its default."""

    __slots__ = ("name", "default", "init", "compare", "repr")

    def __init__(self, default: Any = None, init: bool = True, compare: bool = True, repr: bool = True) -> None:  # noqa: A002
        self.name = ""
        self.default, self.init, self.compare, self.repr = default, init, compare, repr


_NO_DEFAULT = object()


def field(*, default_factory: Callable[[], Any] | None = None, init: bool = True, compare: bool = True,
          repr: bool = True) -> Any:  # noqa: A002 -- the names dataclasses.field uses
    return Field(_Made(default_factory) if default_factory else _NO_DEFAULT, init, compare, repr)


def _required(name: str) -> _Made:
    return _Made(lambda: _missing(name))


def _missing(name: str) -> Any:
    raise TypeError(f"missing required keyword argument: {name!r}")


class _RecordType(type):
    """Turns a class's annotations into fields, and works out once what `__init__`, equality and
    repr go through."""

    def __new__(
        mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], positional: bool | None = None
    ) -> _RecordType:  # fmt: skip
        own = []
        for field_name, annotation in namespace.get("__annotations__", {}).items():
            if str(annotation).startswith("ClassVar"):
                continue
            declared = namespace.pop(field_name, _NO_DEFAULT)
            if not isinstance(declared, Field):
                declared = Field(declared)
            if declared.default is _NO_DEFAULT:
                declared.default = _required(field_name)
            declared.name = field_name
            own.append(declared)
        cls = super().__new__(mcls, name, bases, namespace)
        inherited = getattr(cls, "_record_fields", ())
        cls._record_fields = everything = (*inherited, *own)
        cls._record_names = tuple(f.name for f in everything)
        taken = [f for f in everything if f.init]
        # what __init__ starts from: the plain defaults, the defaults made at each call (a required field's
        # raises), and the keywords it takes
        cls._record_defaults = {f.name: f.default for f in taken if f.default.__class__ is not _Made}
        cls._record_made = tuple((f.name, f.default.make) for f in taken if f.default.__class__ is _Made)
        cls._record_made_names = frozenset(name for name, _ in cls._record_made)
        cls._record_keywords = frozenset(f.name for f in taken)
        if positional is not None:
            cls._record_positional = positional
        cls._record_order = tuple(f.name for f in taken) if cls._record_positional else ()
        cls._record_compared = tuple(f.name for f in everything if f.compare)
        cls._record_shown = tuple(f.name for f in everything if f.repr)
        cls._record_post_init = getattr(cls, "__post_init__", None)
        return cls


class Record(metaclass=_RecordType):
    _record_fields: ClassVar[tuple[Field, ...]]
    _record_names: ClassVar[tuple[str, ...]]
    _record_defaults: ClassVar[dict[str, Any]]
    _record_made: ClassVar[tuple[tuple[str, Callable[[], Any]], ...]]
    _record_made_names: ClassVar[frozenset[str]]
    _record_keywords: ClassVar[frozenset[str]]
    _record_positional: ClassVar[bool] = False
    _record_order: ClassVar[tuple[str, ...]]  # the names positional arguments go to; none: keywords only
    _record_compared: ClassVar[tuple[str, ...]]
    _record_shown: ClassVar[tuple[str, ...]]
    _record_post_init: ClassVar[Callable[[Any], None] | None]

    def __init__(self, *given: Any, **values: Any) -> None:
        self._fill(self._in_order(given, values) if given else values)

    def _in_order(self, given: tuple[Any, ...], values: dict[str, Any]) -> dict[str, Any]:
        """The keywords that positional arguments stand for, with the keywords given; TypeError as a dataclass's."""
        order, kind = self._record_order, type(self).__name__
        if len(given) > len(order):
            raise TypeError(f"{kind}() takes {len(order)} positional arguments but {len(given)} were given")
        named = dict(zip(order, given))
        if not values:
            return named
        twice = sorted(named.keys() & values.keys())
        if twice:
            raise TypeError(f"{kind}() got multiple values for argument {twice[0]!r}")
        return {**named, **values}

    @classmethod
    def from_values(cls: type[T], values: dict[str, Any]) -> T:
        """`cls(**values)`, without copying `values` into keywords first."""
        record = cls.__new__(cls)
        record._fill(values)
        return record

    def _fill(self, values: dict[str, Any]) -> None:
        state = self.__dict__  # set directly, as a frozen dataclass's __init__ sets it through object.__setattr__
        state.update(self._record_defaults)
        if not values.keys() >= self._record_made_names:  # a default to make, or a required field not given
            for name, make in self._record_made:
                if name not in values:
                    state[name] = make()
        if not self._record_keywords.issuperset(values):
            unknown = sorted(set(values) - self._record_keywords)
            raise TypeError(f"{type(self).__name__}() got unexpected keyword arguments: {', '.join(unknown)}")
        state.update(values)
        if self._record_post_init is not None:
            self._record_post_init()

    def _compared_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._record_compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared_values() == other._compared_values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._compared_values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        from dataclasses import FrozenInstanceError  # what a frozen dataclass raises, imported only to raise it

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in self._record_fields)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.__dict__.update(zip(self._record_names, state, strict=True))


def fields(record: Record | type[Record]) -> tuple[Field, ...]:
    """The record's fields, its bases' first, as `dataclasses.fields` gives them."""
    return record._record_fields


def field_names(record: Record | type[Record]) -> tuple[str, ...]:
    return record._record_names


def keywords(record: Record | type[Record]) -> frozenset[str]:
    """The names of the fields `__init__` takes."""
    return record._record_keywords


def replace(record: T, **changes: Any) -> T:
    """A copy of the record with `changes`, made through `__init__` (so `__post_init__` runs), as
    `dataclasses.replace` makes one."""
    values = {f.name: getattr(record, f.name) for f in record._record_fields if f.init}
    return type(record)(**{**values, **changes})


class _TupleType(type):
    """Makes a class written as `typing.NamedTuple` subclasses are into the same `collections.namedtuple`:
    fields from the annotations, defaults from their values, the rest of the body (methods, properties,
    class attributes, the docstring) set on it; the annotations are kept as written."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
        if not bases:
            return super().__new__(mcls, name, bases, namespace)
        annotations = namespace.get("__annotations__", {})
        defaulted = [field_name in namespace for field_name in annotations]
        if defaulted != sorted(defaulted):  # namedtuple gives its defaults to the last fields, whatever they are
            raise TypeError(f"{name}: a field without a default follows one with a default")
        defaults = [namespace[field_name] for field_name in annotations if field_name in namespace]
        made = collections.namedtuple(name, annotations, defaults=defaults, module=namespace["__module__"])
        made.__annotations__ = annotations
        for key, value in namespace.items():
            if key not in annotations and key not in ("__module__", "__annotations__"):
                setattr(made, key, value)
        return made


class Tuple(metaclass=_TupleType):
    """The base of a named tuple declared with annotations, as `typing.NamedTuple` is."""
