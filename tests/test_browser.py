"""A real browser: JupyterLab on 127.0.0.1, sprint-1.ipynb in headless Chromium, a typed note.

Needs Debian's chromium (``make test`` installs it) and Playwright (a dev dependency, driving the
system browser through ``executable_path``; no browser download). Only loopback traffic.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import LAB_TOKEN as TOKEN
from factories import (
    jupyterlab,
    launch_chromium,
    live_params,
    require_chromium,
    run_all_until_visible,
)

from sprintkit.store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
NOTE = "Tunnel bij de Spoordijk is 's avonds donker"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def lab(tmp_path):
    require_chromium()
    store = tmp_path / "session.sqlite"
    params = live_params(store)
    with jupyterlab(tmp_path, "sprint-1.ipynb", params) as base:
        yield base, store


def test_type_a_note_on_the_board_in_jupyterlab(lab, tmp_path):
    from playwright.sync_api import sync_playwright

    base, store = lab
    requests: list[str] = []
    shot = ROOT / "out" / "browser" / "sprint-1.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/lab/tree/sprint-1.ipynb?token={TOKEN}")
        page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
        page.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000
        )
        note = page.locator("textarea[placeholder='Notitie']").first
        run_all_until_visible(page, note, shot.with_name("failure.png"))
        note.fill(NOTE)
        page.locator("input[placeholder='Naam of schuilnaam']").first.fill("ria_brouwer")
        page.get_by_role("button", name="Toevoegen", exact=True).first.click()
        widgets = page.locator(".jupyter-widgets")
        widgets.locator(".ok", has_text="Opgeslagen").first.wait_for(timeout=30_000)
        widgets.get_by_text("1 notitie (nog verborgen: stille ronde)").first.wait_for(
            timeout=30_000
        )
        page.get_by_role("button", name="Onthullen", exact=True).first.click()
        shown = widgets.locator(".note", has_text=NOTE).first
        shown.wait_for(timeout=30_000)
        shown.scroll_into_view_if_needed()
        page.screenshot(path=str(shot))
        browser.close()
    with SQLiteStore(store) as backend:
        (journey,) = backend.journeys()
        notes = [e for e in backend.read(journey) if e.kind == "note_added"]
    assert [(e.payload["text"], e.author) for e in notes] == [(NOTE, "ria_brouwer")]
    assert shot.stat().st_size > 10_000
    outside = [u for u in requests if not u.startswith((base, "data:", "blob:", "ws://127.0.0.1"))]
    assert outside == [], f"assets loaded from outside: {outside[:5]}"
