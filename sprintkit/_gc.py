"""Pause CPython's cyclic garbage collector while a hot path allocates its many objects.

Used by the koppelvlakken analysis and by replay (reading and folding a journey's events).
A long-running server freezes what it loaded at its start (:func:`freeze_loaded`).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["paused_gc", "freeze_loaded"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def paused_gc(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` with CPython's cyclic garbage collector paused.

    An analysis allocates a few hundred thousand small objects (rows, touches, results).
    Without the pause, the collector runs full collections in the middle of it, each walking
    every container alive, including each node and edge dict of the graph: on the
    50,000-effect benchmark that was 40 % of the time, and the cost grew faster than the graph.
    Replay is the same: 10,000 events and their payloads, commands and notes set off about 80
    young and one full collection per refold (10-30 ms of 100). Nothing here creates reference
    cycles, so reference counting frees all temporary objects; the objects returned are looked
    at once by the next (young generation) collection after it returns. The collector is
    switched back on (if it was on) when ``fn`` returns or raises.
    """

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


def freeze_loaded() -> None:
    """Keep every object alive now out of the collector's full collections (``gc.freeze``).

    For a server process about to serve (``sprintkit serve``): the modules and templates it
    loaded stay alive until it stops, yet every full collection walked them all again; in the
    participant server that was one pause of 50-85 ms in the middle of a burst of 40 phones'
    requests. Not for a process that goes on to do other things (a kernel, a test run).
    Objects made later are collected as before; a frozen one that became garbage would stay
    (nothing loaded at the start is dropped while serving). A collection first, so what is
    already garbage is not frozen with the rest.
    """
    gc.collect()
    gc.freeze()
