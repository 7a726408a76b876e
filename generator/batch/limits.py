"""A row's time limit, wherever the row runs.

In a worker process of the local pool a row runs in the main thread, and SIGALRM stops it. On
a Dask worker a row runs in one of the worker's task threads, where signals cannot be used:
there a timer raises the same exception in that thread (CPython's
``PyThreadState_SetAsyncExc``), which takes effect at the row's next Python instruction.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from collections.abc import Iterator
from typing import Any


class RowTimeout(Exception):
    """A row took longer than its time limit."""


def _on_alarm(_signum: int, _frame: Any) -> None:
    raise RowTimeout


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`RowTimeout` in this thread once ``seconds`` have passed inside the block."""
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        return
    with _ThreadAlarm(seconds):
        yield


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have ``thread`` raise ``exception`` at its next instruction (None: cancel that)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(exception) if exception else None
    )


class _ThreadAlarm:
    """The SIGALRM of a thread that is not the main one."""

    def __init__(self, seconds: int):
        self.thread = threading.get_ident()
        self.lock = threading.Lock()
        self.armed = self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.lock:
            if self.armed:
                _raise_in(self.thread, RowTimeout)
                self.fired = True

    def __enter__(self) -> None:
        self.armed = True
        self.timer.start()

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        with self.lock:
            self.armed = False
        self.timer.cancel()
        if self.fired and kind is not RowTimeout:
            # Fired as the block ended: the exception must not surface in later code.
            _raise_in(self.thread, None)
