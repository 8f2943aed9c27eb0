"""The facilitator's console in a real browser at 1280x720, with the shipped lab settings.

JupyterLab starts as ``make lab`` starts it (``jupyter/settings``: Simple Interface, no news,
large text); sprint-1.ipynb and kvu.ipynb (step 1) run live (``tests/console_clicks.py``, the
sequence ``make bench`` times too). Checked: after Run All each notebook shows its top; no code
cell but the parameters cell shows its code, no button label inside sprintkit's widgets is cut
off, no text in them is under 16 px; running one cell alone does not move the view to the top.
Screenshots go to ``out/browser/``. The time from a click to the screen update (add note, vote,
reveal, key factor save, result save, glijbaan change, KVU score save) is measured here too, so
every click is known to update the screen; it is not asserted (``make bench`` prints it against
the add-note baseline). A second, shorter test runs sprint 1 in JupyterLab's own defaults: the
top after Run All does not depend on the shipped settings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from console_clicks import CLICKS, VIEWPORT, console_lab, measure, open_notebook, wait_idle
from factories import jupyterlab, launch_chromium, require_chromium

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "browser"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: every button inside sprintkit's widgets whose label does not fit
TRUNCATED = """
() => [...document.querySelectorAll('.sk button, .sk .jupyter-button')]
  .filter(b => b.getClientRects().length && b.scrollWidth > b.clientWidth + 1)
  .map(b => b.textContent.trim())
"""

#: every visible element with its own text inside sprintkit's widgets, under 16 px
SMALL_TEXT = """
() => [...document.querySelectorAll('.sk, .sk *')]
  .filter(e => e.getClientRects().length && [...e.childNodes].some(
      n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => [e.tagName.toLowerCase() + '.' + e.className, e.textContent.trim().slice(0, 30),
             parseFloat(getComputedStyle(e).fontSize)])
  .filter(([, , size]) => size < 16)
"""

#: the code editors shown in the code cells of the notebook on screen, by the cell's index
#: among its code cells (a notebook opened earlier stays in the page, hidden)
VISIBLE_CODE = """
() => [...[...document.querySelectorAll('.jp-Notebook')]
          .find(n => n.getClientRects().length).querySelectorAll('.jp-CodeCell')]
  .map((cell, i) => [i, cell.querySelector('.jp-InputArea-editor')])
  .filter(([, editor]) => editor && editor.getClientRects().length
          && editor.getBoundingClientRect().height > 0)
  .map(([i]) => i)
"""

#: the grey one-line previews of hidden code cells that are on screen (make lab's custom.css
#: hides them)
CODE_PREVIEW = """
() => [...document.querySelectorAll('.jp-InputPlaceholder .jp-Placeholder-contentContainer')]
  .filter(e => e.getClientRects().length && e.textContent.trim())
  .map(e => e.textContent.trim().slice(0, 40))
"""


#: where the notebook on screen is scrolled to, and where its first heading is on screen
WHERE = """
() => {
  const outer = [...document.querySelectorAll('.jp-WindowedPanel-outer')]
    .find(e => e.getClientRects().length);
  const heading = outer.querySelector('.jp-MarkdownCell h1').getBoundingClientRect();
  const panel = outer.getBoundingClientRect();
  return {scrollTop: outer.scrollTop, scrollHeight: outer.scrollHeight,
          height: outer.clientHeight, headingTop: heading.top - panel.top,
          headingBottom: heading.bottom - panel.top};
}
"""


@pytest.fixture
def lab(tmp_path):
    require_chromium()
    with console_lab(tmp_path) as base:
        yield base


def assert_at_top(page, name: str) -> None:
    """Run All has left the notebook at its top: the first heading is on screen."""
    where = page.evaluate(WHERE)
    assert where["scrollHeight"] > 2 * where["height"], f"{name} is long enough to scroll"
    assert where["scrollTop"] <= 10, f"after Run All {name} shows its top: {where}"
    assert 0 <= where["headingTop"] and where["headingBottom"] <= where["height"], where


def check_layout(page, shot: Path) -> None:
    """Top of the notebook on screen, a screenshot, and the three layout checks."""
    page.locator(".jp-WindowedPanel-outer >> visible=true").evaluate("e => e.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shot))
    assert page.evaluate(VISIBLE_CODE) == [0], "only the parameters cell shows its code"
    assert page.evaluate(CODE_PREVIEW) == [], "a hidden cell shows no line of its code"
    assert page.evaluate(TRUNCATED) == []
    assert page.evaluate(SMALL_TEXT) == []


def after_run(page, name: str) -> None:
    assert_at_top(page, name)
    if name == "sprint-1.ipynb":
        assert page.locator("#main[data-shell-mode='single-document']").count() == 1
        assert page.get_by_text("Jupyter news").count() == 0
        hint = page.locator(".jp-OutputArea", has_text="Werken de knoppen en velden niet meer")
        assert hint.count() >= 1  # the open_sprint cell's output, plain HTML


def before_clicks(page, name: str) -> None:
    shot = {"sprint-1.ipynb": "console-sprint-1.png", "kvu.ipynb": "console-kvu-1.png"}[name]
    check_layout(page, OUT / shot)


def test_sprint_1_and_kvu_step_1_on_a_1280_beamer(lab):
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport=VIEWPORT)
        try:
            times = measure(page, lab, OUT, after_run=after_run, before_clicks=before_clicks)
            assert_one_cell_keeps_the_view(page)
        finally:
            browser.close()
    assert set(times) == set(CLICKS)
    assert all(ms > 0 for samples in times.values() for ms in samples)


def assert_one_cell_keeps_the_view(page) -> None:
    """Running one cell in the middle of the KVU notebook does not bring the view to the top."""
    outer = page.locator(".jp-WindowedPanel-outer >> visible=true")
    cell = page.locator(".jp-Notebook >> visible=true").locator(".jp-CodeCell").nth(4)  # app.kvu()
    cell.locator(".sk").first.wait_for(timeout=30_000)
    cell.evaluate("c => c.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    before = outer.evaluate("e => e.scrollTop")
    assert before > 200, "the cell is well below the top"
    cell.locator(".jp-InputPrompt").first.click()  # selects the cell, command mode
    page.keyboard.press("Control+Enter")  # run the selected cell, stay on it
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='busy'] >> visible=true").wait_for(
        timeout=30_000
    )
    wait_idle(page)
    cell.locator(".sk").first.wait_for(timeout=30_000)  # its widgets drawn again
    page.wait_for_timeout(500)
    after = outer.evaluate("e => e.scrollTop")
    assert after > 200, f"one cell run left the view at {after} px (was {before})"
    box, height = cell.bounding_box(), outer.evaluate("e => e.getBoundingClientRect().bottom")
    assert box is not None and box["y"] < height and box["y"] + box["height"] > 0


def test_run_all_shows_the_top_in_jupyterlabs_own_defaults(tmp_path):
    """Without the shipped settings (windowing, multi-document), Run All still ends at the top."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    OUT.mkdir(parents=True, exist_ok=True)
    params = f'casus = "{ROOT / "casus" / "molenwijk"}"\nstore = "{tmp_path / "s.sqlite"}"\n'
    with jupyterlab(tmp_path, "sprint-1.ipynb", params) as base, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport=VIEWPORT)
        try:
            note = page.locator("textarea[placeholder='Notitie']").first
            open_notebook(page, base, "sprint-1.ipynb", note, OUT / "failure-defaults.png")
            assert page.locator("#main[data-shell-mode='multiple-document']").count() == 1
            assert_at_top(page, "sprint-1.ipynb")
        finally:
            browser.close()
