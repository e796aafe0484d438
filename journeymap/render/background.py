"""Work done in a thread while the caller goes on: Graphviz lays a diagram out in a process of its own
(the system engine) or in WebAssembly, which runs without the GIL (the embedded engine), so the next map
can be read and drawn to DOT meanwhile. `Immediate` is the same work done at once, in the caller."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Result = TypeVar("Result")


class Immediate(Generic[Result]):
    """`work()` done now; `result()` gives what it returned, or raises what it raised."""

    def __init__(self, work: Callable[[], Result]) -> None:
        self._value: Result | None = None
        self._error: BaseException | None = None
        self._run(work)

    def _run(self, work: Callable[[], Result]) -> None:
        try:
            self._value = work()
        except BaseException as error:  # noqa: BLE001 -- handed to whoever asks for the result
            self._error = error

    def wait(self) -> None:
        """Until the work is done (it is)."""

    def result(self) -> Result:
        self.wait()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value] -- set when no error was raised


class Background(Immediate[Result]):
    """`work()` started in a thread of its own."""

    def __init__(self, work: Callable[[], Result]) -> None:
        self._value = None
        self._error = None
        # a daemon, so that an interpreter told to exit does not wait for Graphviz
        self._thread = threading.Thread(target=self._run, args=(work,), name="journeymap-draw", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()
