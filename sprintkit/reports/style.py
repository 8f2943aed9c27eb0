"""The Dutch house template: page, margins, fonts and line heights, shared by every format.

The definition lives in :mod:`sprintkit.pagefit` (below the engine, whose gate checks the
one-A4 limit with the same numbers); this module keeps the reports' import path.
"""

from __future__ import annotations

from ..pagefit import CM, HOUSE, HouseStyle

__all__ = ["HouseStyle", "HOUSE", "CM"]
