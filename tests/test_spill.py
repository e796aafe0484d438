"""spill.Store: values read back by number and in order, whether they are still in memory or moved to a file."""

from __future__ import annotations

import pickle
import tempfile

import pytest

from journeymap import spill
from journeymap.spill import Rows, Store


def _values(count: int) -> list[dict]:
    return [{"n": number, "text": "é" * (number % 7)} for number in range(count)]


def test_a_few_values_stay_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: opened.append(1))
    store = Store()
    numbers = [store.add(value) for value in _values(5)]
    assert numbers == [0, 1, 2, 3, 4]
    assert [store.get(number) for number in (4, 0, 2)] == [_values(5)[4], _values(5)[0], _values(5)[2]]
    assert list(store.in_order()) == _values(5)
    assert opened == []  # no file for what fits in memory
    store.close()


@pytest.mark.parametrize("block", [16, 1 << 20])
def test_values_past_the_limit_move_to_a_file_and_read_back_alike(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(spill, "IN_MEMORY", 100)
    monkeypatch.setattr(spill, "BLOCK", block)
    opened = []
    real = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: opened.append(1) or real(*a, **k))
    store = Store(codec=(lambda value: pickle.dumps(value), pickle.loads))
    values = _values(40)
    for value in values[:2]:
        store.add(value)
    assert opened == []
    for value in values[2:]:
        store.add(value)
    assert opened == [1]  # one file, made once the values outgrew memory
    assert [store.get(number) for number in range(40)] == values
    assert list(store.in_order()) == values
    assert list(Rows(store, [39, 0, 3, 2])) == [values[39], values[0], values[3], values[2]]
    store.close()


def test_a_shared_store_is_a_file_from_the_start_and_travels_by_name() -> None:
    store = Store(shared=True)
    for value in _values(3):
        store.add(value)
    copy = pickle.loads(pickle.dumps(store))
    assert list(copy.in_order()) == _values(3)
    assert copy.get(1) == _values(3)[1]
    copy.close()
    store.close()


def test_a_store_that_is_not_shared_refuses_to_travel() -> None:
    store = Store()
    store.add({"n": 1})
    with pytest.raises(TypeError, match="only a shared Store can be sent to another process"):
        pickle.dumps(store)
    store.close()


@pytest.mark.parametrize("limit", [1 << 20, 0])
def test_a_closed_store_cannot_be_read_in_memory_or_from_its_file(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    monkeypatch.setattr(spill, "IN_MEMORY", limit)
    store = Store()
    store.add({"n": 1})
    store.close()
    with pytest.raises(ValueError, match="closed file"):
        store.get(0)
    with pytest.raises(ValueError, match="closed file"):
        list(store.in_order())
