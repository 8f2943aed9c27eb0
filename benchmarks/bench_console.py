"""Facilitator clicks in Chromium: click to screen update, against add-note, measured now.

This run starts JupyterLab as ``make lab`` does (shipped settings, a fresh store in a temporary
folder), runs sprint-1.ipynb and kvu.ipynb (step 1) live in Debian's chromium at 1280x720 and
times each click from the click to the next frame that shows its result: the sequence of
``tests/console_clicks.py``, the same one ``tests/test_browser_console.py`` runs with its layout
checks. Each click's median is printed with its ratio against add note (the baseline) and the
goal of issue 17, <= 100 ms. Without chromium there is nothing to measure, and it says so.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _harness import Figure

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "browser"  # failure screenshots, as the browser test writes them
GOAL_MS = 100.0
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
    """The median click-to-screen time of each click, with its ratio and the 100 ms goal."""
    sys.path.insert(0, str(ROOT / "tests"))
    from factories import chromium_path

    if chromium_path() is None:
        print("  skipped: Debian chromium is not installed (`make browser` installs it)")
        return []
    import console_clicks as clicks
    import pytest
    from factories import launch_chromium
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="sprintkit-bench-console-") as folder,
            clicks.console_lab(Path(folder)) as base,
            sync_playwright() as p,
        ):
            browser = launch_chromium(p)
            try:
                page = browser.new_page(viewport=clicks.VIEWPORT)
                times = clicks.measure(page, base, OUT)
            finally:
                browser.close()
    except (Exception, pytest.fail.Exception) as exc:  # the helpers fail as the test would
        print(f"  not measured: {str(exc).strip().splitlines()[0]}")
        return [Figure("click to screen: not measured", float("nan"), limit=GOAL_MS)]
    medians = clicks.medians(times)
    baseline = medians["add_note"]
    return [
        Figure(
            f"click to screen: {NAMES[key]}",
            medians[key],
            None if key == "add_note" else baseline,
            limit=GOAL_MS,
        )
        for key in clicks.CLICKS
    ]
