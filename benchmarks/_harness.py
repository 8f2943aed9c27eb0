"""Tiny benchmark harness: medians of repeated runs, and ratios against a same-run baseline.

Wall-clock numbers differ between machines; ratios against a baseline measured in the same run
are what the goals are written in. Tests never assert on these numbers.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    """One benchmark line: a measured value, its baseline and the goal for their ratio."""

    name: str
    value: float
    baseline: float | None = None
    goal: float | None = None
    unit: str = "ms"
    #: a goal for the value itself, shown beside the ratio (``goal`` then applies to the ratio)
    limit: float | None = None

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else self.value / self.baseline

    def line(self) -> str:
        text = f"{self.name:<58} {self.value:9.1f} {self.unit}"
        if self.ratio is not None:
            text += f"  ratio {self.ratio:5.2f}x"
        ok = True
        if self.goal is not None:
            ok = (self.ratio if self.ratio is not None else self.value) <= self.goal
            text += f"  goal <= {self.goal:g}{'x' if self.ratio is not None else ' ' + self.unit}"
        if self.limit is not None:
            ok = ok and self.value <= self.limit
            text += f"  goal <= {self.limit:g} {self.unit}"
        if self.goal is not None or self.limit is not None:
            text += "  OK" if ok else "  MISSED"
        return text


def median_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    return _median(fn, repeat, time.perf_counter)


def median_cpu_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    """Median CPU time of ``fn()`` in milliseconds (this process: ``time.process_time``).

    For ratios that must hold on a busy machine: time spent waiting for a core shared with
    other work is not counted, so a figure does not drift with the neighbours' load.
    """
    return _median(fn, repeat, time.process_time)


def paired_cpu_ms(
    baseline: Callable[[], object], ours: Callable[[], object], repeat: int = 21
) -> tuple[float, float]:
    """Median CPU times (ms) of ``baseline()`` and ``ours()``, run in turns.

    For a ratio of two short pieces of work (tens of ms) on a machine whose speed drifts: each
    pair runs under the same conditions (caches, clock), so the ratio holds where two separate
    series of medians can differ by a third from one run to the next.
    """
    first: list[float] = []
    second: list[float] = []
    for _ in range(repeat):
        for fn, times in ((baseline, first), (ours, second)):
            start = time.process_time()
            fn()
            times.append((time.process_time() - start) * 1000)
    return statistics.median(first), statistics.median(second)


def _median(fn: Callable[[], object], repeat: int, clock: Callable[[], float]) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def python_ms(code: str, repeat: int = 9) -> float:
    """Median wall time of a fresh ``python -c code`` in milliseconds."""
    return median_ms(lambda: subprocess.run([sys.executable, "-c", code], check=True), repeat)
