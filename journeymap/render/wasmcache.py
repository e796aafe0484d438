"""The embedded Graphviz's WebAssembly module, compiled once per machine rather than once per process.

Compiling the module costs wasmtime about two seconds of CPU; serialized into the user's cache, it loads
in a few milliseconds. The file is named by the WebAssembly's digest and the platform; wasmtime itself
refuses a file another version of it (or another configuration) made. A file that cannot be read, is
truncated or damaged, or is refused is compiled again and replaced; a cache that cannot be written is
skipped: it only makes the next run slower.
"""

from __future__ import annotations

import hashlib
import platform
import sys
from pathlib import Path

import wasmtime

from journeymap.files import write_atomically
from journeymap.paths import user_cache

# wasmtime runs what it deserializes as machine code, unchecked: the digest of the compiled bytes, kept
# before them, makes sure that damage to the file is found before it is run
_HEADER = b"journeymap compiled WebAssembly 1\n"
_DIGEST_SIZE = hashlib.sha256().digest_size


def compiled_module(engine: wasmtime.Engine, wasm_path: Path) -> wasmtime.Module:
    """The module of `wasm_path` for `engine`: from the user's cache when it holds it, else compiled and kept.
    Raises OSError when the WebAssembly cannot be read."""
    wasm = wasm_path.read_bytes()
    kept = cache_file(wasm)
    module = _deserialized(engine, kept)
    if module is None:
        module = wasmtime.Module(engine, wasm)
        _keep(bytes(module.serialize()), kept)
    return module


def cache_file(wasm: bytes) -> Path:
    """Where the compiled form of the WebAssembly `wasm` is kept."""
    digest = hashlib.sha256(wasm).hexdigest()[:32]
    return user_cache("wasm") / f"graphviz-{digest}-{sys.platform}-{platform.machine()}.cwasm"


def _deserialized(engine: wasmtime.Engine, path: Path) -> wasmtime.Module | None:
    """The module kept at `path`; None when there is none, or it is damaged or made by another wasmtime."""
    try:
        kept = path.read_bytes()
    except OSError:
        return None
    start = len(_HEADER) + _DIGEST_SIZE
    compiled = kept[start:]
    if kept[: len(_HEADER)] != _HEADER or kept[len(_HEADER) : start] != hashlib.sha256(compiled).digest():
        return None
    try:
        return wasmtime.Module.deserialize(engine, compiled)
    except wasmtime.WasmtimeError:
        return None


def _keep(compiled: bytes, path: Path) -> None:
    try:  # not synced to disk: a file lost in a crash is compiled again
        write_atomically(path, (_HEADER, hashlib.sha256(compiled).digest(), compiled), sync=False)
    except OSError:
        pass
