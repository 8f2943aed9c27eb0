"""A real browser: JupyterLab on 127.0.0.1, sprint-1.ipynb in headless Chromium, a typed note.

Needs Debian's chromium (``make test`` installs it) and Playwright (a dev dependency, driving the
system browser through ``executable_path``; no browser download). Only loopback traffic.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from factories import free_port, require_chromium

from sprintkit.store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "sprintkit-test"
NOTE = "Tunnel bij de Spoordijk is 's avonds donker"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def lab(tmp_path):
    require_chromium()
    store = tmp_path / "session.sqlite"
    nb = json.loads((ROOT / "notebooks" / "sprint-1.ipynb").read_text(encoding="utf-8"))
    params = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    params["source"] = (
        f'casus = "{ROOT / "casus" / "molenwijk"}"\ndemo = False\nlang = "nl"\n'
        f'store = "{store}"\nout = None\n'
    )
    (tmp_path / "sprint-1.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={tmp_path}",
            "--allow-root",
            "--LabApp.news_url=",
            "--LabApp.extension_manager=readonly",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start")
    yield base, store
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def _run_all_until_visible(page, target, failure_shot: Path, attempts: int = 4) -> None:
    """Run all cells until ``target`` shows; on a busy machine the first click can come early.

    Running the cells again is harmless: the notebook reopens the same journey.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(attempts):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            target.wait_for(timeout=40_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.screenshot(path=str(failure_shot))
    pytest.fail(f"the board never appeared after {attempts} runs; see {failure_shot}")


def test_type_a_note_on_the_board_in_jupyterlab(lab, tmp_path):
    from playwright.sync_api import sync_playwright

    base, store = lab
    requests: list[str] = []
    shot = ROOT / "out" / "browser" / "sprint-1.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/lab/tree/sprint-1.ipynb?token={TOKEN}")
        page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
        page.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000
        )
        note = page.locator("textarea[placeholder='Notitie']").first
        _run_all_until_visible(page, note, shot.with_name("failure.png"))
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
