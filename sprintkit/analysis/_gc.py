"""The analysis pauses the cyclic garbage collector too: see :mod:`sprintkit._gc`."""

from __future__ import annotations

from .._gc import paused_gc

__all__ = ["paused_gc"]
