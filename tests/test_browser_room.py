"""A real browser, the three faces at once: the facilitator's notebook in JupyterLab, three phones
and the projector, over one journey.

The facilitator runs ``sprint-1.ipynb`` live in JupyterLab and starts the participant page from
its panel (``app.deelnemers()``, which starts ``sprintkit serve`` as its own process). Three
mobile Chromium contexts join with the code the notebook shows and write in silence; the
notebook's board counts their notes by itself (the kernel's poller), the facilitator reveals,
opens voting and shows the tallies with the panel's buttons, and the projector follows. Only
loopback traffic. Needs Debian's chromium and Playwright (see ``tests/test_browser.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import (
    LAB_TOKEN,
    free_port,
    jupyterlab,
    launch_chromium,
    live_params,
    phone_writes,
    require_chromium,
    run_all_until_visible,
)

pytest.importorskip("starlette")

from sprintkit.store import SQLiteStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<img src=x onerror="window.__pwned=1">'
NOTES = {
    "Anna": "Tunnel bij de Spoordijk is 's avonds donker",
    "Bram": "Fietsenstalling bij het station puilt uit",
    "": HOSTILE,
}
WAIT = 30_000  # ms: phones poll about once a second, the notebook's poller too

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def lab(tmp_path):
    require_chromium()
    store = tmp_path / "sessies.sqlite"
    # the agenda keeps the Praktijksafari (the work form with a dot vote)
    params = live_params(store) + "groepsgrootte = 8\nminuten = 300\n"
    with jupyterlab(tmp_path, "sprint-1.ipynb", params) as base:
        yield base, store


def _li(page, text: str):
    return page.locator("ul.notes li", has_text=text)


def test_notebook_phones_and_projector_in_one_room(lab):
    from playwright.sync_api import expect, sync_playwright

    base, store = lab
    requests: list[str] = []
    errors: list[str] = []
    shots = ROOT / "out" / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    notebook_shot = shots / "notebook-room.png"

    def watch(page):
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    phones = {}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            # -- the facilitator opens the notebook and starts the participant page -----------
            lab_page = browser.new_page(viewport={"width": 1500, "height": 1100})
            lab_page.on("request", lambda r: requests.append(r.url))
            lab_page.goto(f"{base}/lab/tree/sprint-1.ipynb?token={LAB_TOKEN}")
            lab_page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
            lab_page.wait_for_selector(
                ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000
            )
            panel = lab_page.locator(".sk-participants")
            start = panel.get_by_role("button", name="Start de deelnemerspagina")
            run_all_until_visible(lab_page, start, shots / "failure-room.png")
            port = panel.locator("input[type='number']").first
            port.fill(str(free_port()))
            port.press("Enter")
            start.click()
            panel.get_by_text("De deelnemerspagina draait").wait_for(timeout=WAIT)
            address = panel.locator("b").nth(0).inner_text().strip()
            code = panel.locator("b").nth(1).inner_text().strip()
            assert address.startswith("http://127.0.0.1:"), address
            assert len(code) == 9 and code[4] == "-", code
            qr = panel.locator("img[alt='QR']")
            assert qr.evaluate("i => i.complete && i.naturalWidth") > 100  # drawn, not broken
            # the work form with a dot vote (the first one of sprint 1 has none)
            panel.locator("select").first.select_option(label="Praktijksafari")
            panel.get_by_role("button", name="Laat iedereen schrijven").click()
            panel.get_by_text("schrijven", exact=False).first.wait_for(timeout=WAIT)

            # -- three phones join with the code on the screen and write in silence -----------
            for number, (name, text) in enumerate(NOTES.items(), start=1):
                shown, page = phone_writes(browser, f"{address}/join", code, name, text, number)
                phones[shown] = watch(page)
            anna, bram = phones["Anna"], phones["Bram"]

            # silent: B's page and B's API hold none of A's notes
            expect(bram.locator("ul.notes li")).to_have_count(1)
            stand = bram.request.get(f"{address}/api/stand")
            assert stand.ok and NOTES["Anna"] not in stand.text()
            assert [n["text"] for n in stand.json()["notes"]] == [NOTES["Bram"]]

            # the projector counts and does not show
            screen = watch(browser.new_context(viewport={"width": 1280, "height": 720}).new_page())
            screen.goto(f"{address}/scherm")
            expect(screen.get_by_text("3 notities")).to_be_visible(timeout=WAIT)
            for text in NOTES.values():
                assert text not in screen.content()

            # the notebook's board counts the phones' notes by itself, still hidden
            widgets = lab_page.locator(".jupyter-widgets")
            widgets.get_by_text("3 notities (nog verborgen: stille ronde)").first.wait_for(
                timeout=WAIT
            )
            assert "Spoordijk" not in lab_page.locator(".sk-participants").inner_text()

            # -- the facilitator reveals from the notebook: every face shows every note -------
            panel.get_by_role("button", name="Onthul voor iedereen").click()
            for page in (*phones.values(), screen):
                for text in NOTES.values():
                    expect(_li(page, text)).to_have_count(1, timeout=WAIT)
            for text in NOTES.values():
                widgets.locator(".note", has_text=text).first.wait_for(timeout=WAIT)
            assert lab_page.locator(".jupyter-widgets img[src='x']").count() == 0

            # -- voting opens from the notebook; budget and no self-votes hold ---------------
            panel.get_by_role("button", name="Stemmen openen").click()
            expect(bram.get_by_text("nog 3 stemmen")).to_be_visible(timeout=WAIT)
            assert _li(bram, NOTES["Bram"]).get_by_role("button").count() == 0
            for target, left in (
                (NOTES["Anna"], "nog 2 stemmen"),
                (NOTES["Anna"], "nog 1 stem"),
                (HOSTILE, "geen stemmen meer"),
            ):
                _li(bram, target).get_by_role("button", name="Stem").click()
                expect(bram.get_by_text(left, exact=True)).to_be_visible(timeout=WAIT)
            _li(anna, NOTES["Bram"]).get_by_role("button", name="Stem").click()
            expect(anna.get_by_text("nog 2 stemmen", exact=True)).to_be_visible(timeout=WAIT)

            # -- the tallies go up on the projector from the notebook ------------------------
            assert screen.locator("ul.notes .tag").count() == 0
            panel.get_by_role("button", name="Tussenstand tonen").click()
            for text, count in ((NOTES["Anna"], "2 stemmen"), (NOTES["Bram"], "1 stem")):
                expect(_li(screen, text).locator(".tag")).to_have_text(count, timeout=WAIT)
            panel.scroll_into_view_if_needed()
            lab_page.screenshot(path=str(notebook_shot))
            for page in (*phones.values(), screen):
                assert page.evaluate("typeof window.__pwned") == "undefined"

            # -- the facilitator stops the page: the phones lose it --------------------------
            panel.get_by_role("button", name="Stop", exact=True).click()
            panel.get_by_text("De deelnemerspagina is gestopt").wait_for(timeout=WAIT)
        except Exception:
            lab_page.screenshot(path=str(shots / "failure-room-lab.png"), full_page=True)
            for name, page in phones.items():
                page.screenshot(path=str(shots / f"failure-room-{name}.png"), full_page=True)
            raise
        finally:
            browser.close()

    assert errors == [], errors
    assert notebook_shot.stat().st_size > 10_000
    outside = [
        u
        for u in requests
        if not u.startswith((base + "/", address + "/", "data:", "blob:", "ws://127.0.0.1"))
    ]
    assert outside == [], f"requests left loopback: {outside[:5]}"
    with SQLiteStore(store) as backend:
        (journey,) = backend.journeys()
        events = backend.read(journey)
    authors = {e.payload["text"]: e.author for e in events if e.kind == "note_added"}
    assert set(authors) == set(NOTES.values())
    votes = [e for e in events if e.kind == "vote_cast"]
    assert len(votes) == 4
    assert {e.kind for e in events} >= {"stage_set", "notes_revealed", "tallies_revealed"}
