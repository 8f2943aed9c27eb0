"""Facilitator clicks in Chromium (from tests/test_browser_console.py's last run, if any)."""

from __future__ import annotations

import json
from pathlib import Path

from _harness import Figure

TIMINGS = Path(__file__).resolve().parent.parent / "out" / "browser" / "console-timings.json"
NAMES = {
    "add_note": "add a note (baseline)",
    "reveal": "reveal",
    "vote": "vote",
    "key_factor_save": "key factor: Opslaan",
    "result_save": "result field: Opslaan",
    "glijbaan_change": "glijbaan: change a position",
    "kvu_score_save": "KVU success factor score: Opslaan",
}


def run() -> list[Figure]:
    """Median click-to-screen times against add-note, each with the goal <= 100 ms.

    The browser test measures them (``pytest -m browser tests/test_browser_console.py``); a
    benchmark run does not start JupyterLab itself. Without that file there is nothing to show.
    """
    if not TIMINGS.is_file():
        print(f"  (no {TIMINGS.name}: run tests/test_browser_console.py first)")
        return []
    medians = json.loads(TIMINGS.read_text(encoding="utf-8"))["median_ms"]
    baseline = medians.get("add_note")
    figures = []
    for key, name in NAMES.items():
        if key in medians:
            ratio_base = None if key == "add_note" else baseline
            figures.append(Figure(f"click to screen: {name}", medians[key], ratio_base))
            figures.append(Figure("  goal", medians[key], goal=100.0))
    return figures
