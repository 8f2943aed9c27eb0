"""A real browser: three phones and a projector on ``sprintkit serve``, capture to tallies.

The server is the real process (``python -m sprintkit.cli serve``) on 127.0.0.1; the phones are
mobile Chromium contexts (390x844, touch), the projector a 1280x720 one. The facilitator's side
(reveal, stage, tallies) runs from Python on the same store, as the notebook would. Each test
runs twice: at the root, and under the path JupyterHub's proxy gives a facilitator's server
(``--prefix /services/sprintkit-x``), where the browser follows the pages' own links, forms,
redirects and polls and must never leave the prefix. Only loopback traffic. Needs Debian's
chromium and Playwright (see ``tests/test_browser.py``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from factories import (
    PHONE,
    capturing_journey,
    free_port,
    launch_chromium,
    phone_writes,
    require_chromium,
    serve_process,
)

pytest.importorskip("starlette")

from sprintkit.engine.stage import move_room  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CODE = "ABCD-EFGH"
HOSTILE = '<img src=x onerror="window.__pwned=1">'
NOTES = {
    "Anna": "Tunnel bij de Spoordijk is 's avonds donker",
    "Bram": "Fietsenstalling bij het station puilt uit",
    "": HOSTILE,
}
WAIT = 15_000  # ms; the pages poll about once a second

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(params=["", "/services/sprintkit-x"], ids=["root", "hub-prefix"])
def served(request, tmp_path):
    """A journey in capture on a temp store, served by the real server process."""
    require_chromium()
    path = tmp_path / "sessies.sqlite"
    journey, run = capturing_journey(path)
    port = free_port()
    prefix = request.param
    args = ["serve", "molenwijk", "--store", str(path), "--code", CODE]
    args += ["--prefix", prefix] if prefix else []
    try:
        with serve_process(*args, port=port) as (_, first):
            base = first["url"]
            assert base == f"http://127.0.0.1:{port}{prefix}"
            assert first["join"] == f"{base}/join?code={CODE}"
            yield base, journey, run
    finally:
        journey.store.close()


def _li(page, text: str):
    return page.locator("ul.notes li", has_text=text)


def test_three_phones_and_a_projector(served):
    from playwright.sync_api import expect, sync_playwright

    base, journey, run = served
    requests: list[str] = []
    errors: list[str] = []
    shots = ROOT / "out" / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    phone_shot, screen_shot = shots / "phone.png", shots / "scherm.png"

    def watch(page):
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            # -- three phones join and write silently ---------------------------------------
            phones = {}
            for number, (name, text) in enumerate(NOTES.items(), start=1):
                shown, page = phone_writes(browser, f"{base}/join", CODE, name, text, number)
                phones[shown] = watch(page)
            anna, bram, third = phones["Anna"], phones["Bram"], phones["Deelnemer 3"]

            # silent capture: B sees only B's note, in the page and in the API
            for other in (NOTES["Anna"], HOSTILE):
                assert other not in bram.content()
            expect(bram.locator("ul.notes li")).to_have_count(1)
            stand = bram.request.get(f"{base}/api/stand")
            assert stand.ok
            data = stand.json()
            assert data["stage"] == "capture"
            assert [n["text"] for n in data["notes"]] == [NOTES["Bram"]]
            assert NOTES["Anna"] not in stand.text() and "Spoordijk" not in data["html"]
            root = f"http://{urlsplit(base).netloc}"
            if root != base:  # under the hub's prefix: nothing at the root, cookie or not
                for outside in ("/", "/join", "/scherm", "/api/stand", "/static/sprintkit.js"):
                    assert bram.request.get(root + outside).status == 404, outside

            # the projector counts, it does not show
            screen = watch(browser.new_context(viewport={"width": 1280, "height": 720}).new_page())
            screen.goto(f"{base}/scherm")
            expect(screen.get_by_text("3 notities")).to_be_visible(timeout=WAIT)
            expect(screen.get_by_text("Iedereen schrijft in stilte.")).to_be_visible()
            for text in NOTES.values():
                assert text not in screen.content()
            assert "Spoordijk" not in screen.content()

            # -- the facilitator reveals: every page shows all notes --------------------------
            journey.refresh()
            move_room(journey, "reveal", run)  # the panel's buttons: reveal, then open voting
            move_room(journey, "vote", run)
            for page in (*phones.values(), screen):
                for text in NOTES.values():
                    expect(_li(page, text)).to_have_count(1, timeout=WAIT)
            for page in phones.values():
                expect(page.get_by_text("nog 3 stemmen")).to_be_visible(timeout=WAIT)
            # the hostile note is text, not an element
            for page in (*phones.values(), screen):
                expect(_li(page, HOSTILE).locator("span").first).to_have_text(HOSTILE)
                assert page.locator("ul.notes img").count() == 0
            # tallies stay hidden until they are revealed
            assert screen.locator("ul.notes .tag").count() == 0

            # -- voting: no button on one's own note, budget 3 holds --------------------------
            for name, page in phones.items():
                own = _li(page, NOTES["" if name.startswith("Deelnemer") else name])
                expect(own.get_by_text("jouw notitie")).to_be_visible()
                assert own.get_by_role("button").count() == 0
                expect(page.get_by_role("button", name="Stem")).to_have_count(2)
            for target, left in (
                (NOTES["Anna"], "nog 2 stemmen"),
                (NOTES["Anna"], "nog 1 stem"),
                (HOSTILE, "geen stemmen meer"),
            ):
                _li(bram, target).get_by_role("button", name="Stem").click()
                expect(bram.get_by_text(left, exact=True)).to_be_visible(timeout=WAIT)
            buttons = bram.get_by_role("button", name="Stem")
            expect(buttons).to_have_count(2)
            for i in range(2):
                expect(buttons.nth(i)).to_be_disabled()
            bram.screenshot(path=str(phone_shot), full_page=True)
            # a stale page (button still enabled) tries a 4th vote: refused, in Dutch
            fourth = _li(bram, NOTES["Anna"]).get_by_role("button", name="Stem")
            fourth.evaluate("b => { b.disabled = false; }")
            fourth.click()
            expect(bram.locator("#message")).to_have_text(
                "Je hebt al je stemmen gebruikt.", timeout=WAIT
            )
            expect(_li(bram, NOTES["Anna"]).get_by_text("je stem")).to_be_visible()
            _li(anna, NOTES["Bram"]).get_by_role("button", name="Stem").click()
            expect(anna.get_by_text("nog 2 stemmen", exact=True)).to_be_visible(timeout=WAIT)

            # -- the facilitator shows the tallies on the projector ---------------------------
            journey.refresh()
            move_room(journey, "tallies", run)
            for text, count in ((NOTES["Anna"], "2 stemmen"), (NOTES["Bram"], "1 stem")):
                expect(_li(screen, text).locator(".tag")).to_have_text(count, timeout=WAIT)
            expect(_li(screen, HOSTILE).locator(".tag")).to_have_text("1 stem")
            expect(_li(third, NOTES["Anna"]).get_by_text("2 stemmen")).to_be_visible(timeout=WAIT)
            for text in NOTES.values():  # readable on a 1280x720 beamer without scrolling
                expect(_li(screen, text)).to_be_in_viewport()
            screen.screenshot(path=str(screen_shot))

            # no injected handler fired anywhere
            for page in (*phones.values(), screen):
                assert page.evaluate("typeof window.__pwned") == "undefined"
        finally:
            browser.close()

    assert errors == [], errors
    for shot in (phone_shot, screen_shot):
        assert shot.stat().st_size > 10_000, shot
    outside = [u for u in requests if not u.startswith((base + "/", "data:", "blob:"))]
    assert outside == [], f"requests left loopback or the prefix: {outside[:5]}"
    assert any(u.startswith(base + "/api/stand?sinds=") for u in requests)  # the pages polled
    journey.refresh()
    state = journey.run(run)
    assert sorted(len(n.votes) for n in state.notes.values()) == [1, 1, 2]


def test_an_english_phone_and_projector_with_a_consent_round(served):
    """The language link on a real phone, and the projector's consent view, polled in English."""
    from playwright.sync_api import expect, sync_playwright

    base, journey, _ = served
    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(**PHONE).new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/join?code={CODE}")
            page.get_by_role("link", name="English").click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
            expect(page.locator("#code")).to_have_value(CODE)  # the link keeps the code
            page.locator("#name").fill("Eve")
            page.get_by_role("button", name="Join").click()
            expect(page.get_by_text("You take part as Eve.")).to_be_visible(timeout=WAIT)
            screen = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            screen.on("pageerror", lambda e: errors.append(str(e)))
            screen.goto(f"{base}/scherm?lang=en")
            expect(screen.get_by_text("Everyone writes in silence.")).to_be_visible(timeout=WAIT)

            journey.refresh()
            run = journey.start_run("samen-beslissen", 3)
            journey.canvas_op(run, "proposal_set", {"text": "More light by the tunnel"})
            journey.set_stage("capture", run)
            expect(page.get_by_text("More light by the tunnel")).to_be_visible(timeout=WAIT)
            page.get_by_role("radio", name="Objection").check()
            page.locator("#text").fill(HOSTILE)
            page.get_by_role("button", name="Send").click()
            tally = screen.locator("ul.tally li.object .count")
            expect(tally).to_have_text("1", timeout=WAIT)  # the projector polls ?lang=en
            expect(screen.get_by_text("The reasons for objections appear")).to_be_visible()
            journey.refresh()
            journey.set_stage("reveal", run)
            expect(screen.locator("ul.notes li span").first).to_have_text(HOSTILE, timeout=WAIT)
            assert "Eve" not in screen.content()
            assert screen.evaluate("typeof window.__pwned") == "undefined"
            expect(page.get_by_text("Follow the screen.")).to_be_visible(timeout=WAIT)
        finally:
            browser.close()
    assert errors == [], errors
