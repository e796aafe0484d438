"""Work done while the caller goes on: Graphviz lays a diagram out in a process of its own (the system engine)
or in WebAssembly in a thread, which runs without the GIL (the embedded engine), so the next map can be read
and drawn to DOT meanwhile. `Immediate` is work done at once, in the caller; `Then` what follows other work."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

Result = TypeVar("Result")
Given = TypeVar("Given")
Result_co = TypeVar("Result_co", covariant=True)


class Drawing(Protocol[Result_co]):
    """Work under way: `wait()` until it ends; `result()` gives what it made, or raises what it raised."""

    def wait(self) -> None: ...

    def result(self) -> Result_co: ...


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


class Then(Generic[Given, Result]):
    """`then(work.result())`, done in the caller's thread when the result is asked for."""

    def __init__(self, work: Drawing[Given], then: Callable[[Given], Result]) -> None:
        self._work, self._then = work, then

    def wait(self) -> None:
        self._work.wait()

    def result(self) -> Result:
        return self._then(self._work.result())
