"""The facilitator's clicks in Chromium, timed from the click to the screen update.

One home for the measurement that ``tests/test_browser_console.py`` (which checks the layout on
the way) and ``benchmarks/bench_console.py`` (which prints the medians) both run: JupyterLab as
``make lab`` starts it, sprint-1.ipynb (Molenwijk) and kvu.ipynb (Nachtkwartier, step 1) run
live at 1280x720, and the seven clicks of issue 17 timed a few times each: add note (the
baseline), reveal, vote, key factor save, result save, glijbaan change, KVU score save.
Outside pytest a failure raises too (``pytest.fail`` raises its own exception).
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from factories import LAB_TOKEN, copy_notebook, jupyterlab, run_all_until_visible

ROOT = Path(__file__).resolve().parent.parent
WAIT = 30_000
VIEWPORT = {"width": 1280, "height": 720}
#: what the clicks are, in the order they are timed; add note is the baseline
CLICKS = (
    "add_note",
    "reveal",
    "vote",
    "key_factor_save",
    "result_save",
    "glijbaan_change",
    "kvu_score_save",
)

#: arm a watch on ``target``: the time from the next click or change anywhere in the page
#: (capture phase, before the widget's own handler) until ``target`` contains (or no longer
#: contains) ``text`` and the next frame is drawn; ``window.skTimed`` resolves to milliseconds,
#: or -1 when no update came within 20 s
ARM = """
([target, text, lose]) => {
  let t0 = null;
  const start = () => { if (t0 === null) t0 = performance.now(); };
  document.addEventListener('click', start, {capture: true, once: true});
  document.addEventListener('change', start, {capture: true, once: true});
  const met = () => t0 !== null && target.textContent.includes(text) !== lose;
  window.skTimed = new Promise(resolve => {
    const obs = new MutationObserver(() => {
      if (!met()) return;
      obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    });
    obs.observe(target, {subtree: true, childList: true, characterData: true});
    setTimeout(() => { obs.disconnect(); resolve(-1); }, 20000);
  });
}
"""

#: called with the page and the notebook's name ("sprint-1.ipynb", "kvu.ipynb")
Check = Callable[[Any, str], None]


@contextlib.contextmanager
def console_lab(folder: Path) -> Iterator[str]:
    """JupyterLab with the shipped settings over the two notebooks, each with its own store.

    Yields the base URL. The kernels import sprintkit as the Python running this does.
    """
    sprint = f'casus = "{ROOT / "casus" / "molenwijk"}"\nstore = "{folder / "session.sqlite"}"\n'
    kvu = f'casus = "{ROOT / "casus" / "nachtkwartier"}"\nstore = "{folder / "kvu.sqlite"}"\n'
    copy_notebook(folder, "kvu.ipynb", kvu)
    with jupyterlab(folder, "sprint-1.ipynb", sprint, settings=True) as base:
        yield base


def measure(
    page: Any,
    base: str,
    out: Path,
    *,
    after_run: Check | None = None,
    before_clicks: Check | None = None,
) -> dict[str, list[float]]:
    """Open and run both notebooks, and time every click; the samples in milliseconds.

    ``after_run`` sees each notebook right after its Run All has finished, before anything is
    clicked in it; ``before_clicks`` sees it right before its clicks are timed (sprint 1: with
    the folded Praktijksafari opened, whose board is clicked). Failure screenshots go to
    ``out``.
    """
    after_run = after_run or (lambda page, name: None)
    before_clicks = before_clicks or (lambda page, name: None)
    times: dict[str, list[float]] = {}
    name = "sprint-1.ipynb"
    note = page.locator("textarea[placeholder='Notitie']").first
    open_notebook(page, base, name, note, out / "failure-console.png")
    after_run(page, name)
    # the agenda (12 people, 180 minutes) left the Praktijksafari out: folded, with why
    folded = page.locator(".sk", has_text="Praktijksafari: niet in de agenda").last
    folded.get_by_role("button", name="Toch openen").click()
    page.locator(".sk h3", has_text="Praktijksafari").first.wait_for(timeout=WAIT)
    before_clicks(page, name)
    times.update(sprint_timings(page, out))

    name = "kvu.ipynb"
    score = page.locator(".sk .jupyter-button", has_text="4").first
    open_notebook(page, base, name, score, out / "failure-console-kvu.png")
    after_run(page, name)
    before_clicks(page, name)
    times.update(kvu_timings(page, out))
    return times


def medians(times: dict[str, list[float]]) -> dict[str, float]:
    """The median of each click's samples."""
    return {key: statistics.median(samples) for key, samples in times.items()}


def open_notebook(page: Any, base: str, name: str, target: Any, shot: Path) -> None:
    """Open ``name``, Run All until ``target`` shows, and wait until the run has finished."""
    page.goto(f"{base}/lab/tree/{name}?token={LAB_TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
    idle = ".jp-Notebook-ExecutionIndicator[data-status='idle'] >> visible=true"
    page.wait_for_selector(idle, timeout=90_000)  # the notebook on screen, not one opened before
    page.wait_for_timeout(2000)
    if page.locator(".jp-Dialog").count():
        page.screenshot(path=str(shot.parent / "dialog.png"))
        raise AssertionError(page.locator(".jp-Dialog").inner_text())
    run_all_until_visible(page, target, shot)
    wait_idle(page)


def wait_idle(page: Any) -> None:
    """Wait until the kernel of the notebook on screen has finished what it was given."""
    busy = ".jp-Notebook-ExecutionIndicator[data-status='busy'] >> visible=true"
    page.wait_for_selector(busy, state="detached", timeout=90_000)


def timed(
    page: Any, act: Callable[[], object], target: Any, text: str, out: Path, *, lose: bool = False
) -> float:
    """Milliseconds from ``act()`` (a click or a choice) to the screen showing its result."""
    page.evaluate(ARM, [target.element_handle(), text, lose])
    act()
    ms = float(page.evaluate("() => window.skTimed"))
    if ms < 0:
        page.screenshot(path=str(out / "failure-console-timing.png"))
        raise AssertionError(
            f"no screen update after the click (waiting for {text!r}): {target.inner_text()}"
        )
    return ms


def sprint_timings(page: Any, out: Path) -> dict[str, list[float]]:
    """Add note, reveal, vote (the Praktijksafari board), key factor, result and glijbaan."""
    times: dict[str, list[float]] = {}
    safari = page.locator("h3", has_text="Praktijksafari")
    board = page.locator(".sk", has=safari).filter(has=page.locator("textarea")).last
    author = board.locator("input[placeholder='Naam of schuilnaam']").first
    add = board.get_by_role("button", name="Toevoegen", exact=True).first
    author.fill("Ria")
    for i in range(1, 6):
        board.locator("textarea[placeholder='Notitie']").first.fill(f"Donkere plek {i}")
        board.get_by_text("niet opgeslagen").first.wait_for(timeout=WAIT)
        label = f"{i} notitie (nog" if i == 1 else f"{i} notities (nog"
        times.setdefault("add_note", []).append(timed(page, add.click, board, label, out))
    reveal = board.get_by_role("button", name="Onthullen", exact=True)
    times["reveal"] = [timed(page, reveal.click, board, "Donkere plek 3", out)]

    chooser = board.locator(".widget-dropdown").filter(has=page.get_by_text("Notitie", exact=True))
    chooser.locator("select").select_option(label="Donkere plek 1")
    voter = board.locator("input[placeholder='Wie stemt']").first
    for name in ("Tom", "Noor", "Sem"):
        voter.fill(name)
        vote = board.get_by_role("button", name="Stem", exact=True)
        times.setdefault("vote", []).append(
            timed(page, vote.click, board, f"Stem van {name} geteld", out)
        )

    factors = page.locator(".sk", has_text="Sleutelfactoren").filter(has=page.locator("textarea"))
    rows = factors.last.locator(".widget-vbox", has=page.locator("textarea"))
    for i in range(3):
        row = rows.nth(i)
        row.locator("textarea").fill(f"Waargenomen {i}")
        row.get_by_text("niet opgeslagen").wait_for(timeout=WAIT)
        save = row.get_by_role("button", name="Opslaan", exact=True)
        times.setdefault("key_factor_save", []).append(
            timed(page, save.click, row, "Opgeslagen", out)
        )

    result = page.locator(".sk", has_text="Resultaat:").filter(has=page.locator("textarea")).last
    lines = result.locator(".widget-hbox", has=page.locator("textarea"))
    for i in range(3):
        line = lines.nth(i)
        line.locator("textarea").fill(f"Punt {i}")
        line.get_by_text("niet opgeslagen").wait_for(timeout=WAIT)
        save = line.get_by_role("button", name="Opslaan", exact=True)
        times.setdefault("result_save", []).append(timed(page, save.click, line, "✔", out))

    glijbaan = page.locator(".sk", has_text="Glijbaan").filter(has=page.locator("select")).last
    for i in range(3):
        row = glijbaan.locator(".widget-hbox", has=page.locator("select")).nth(i)
        select = row.locator("select")
        label = select.locator("option").nth(1).inner_text()
        times.setdefault("glijbaan_change", []).append(
            timed(
                page,
                lambda s=select, v=label: s.select_option(label=v),
                row,
                "casus:",
                out,
                lose=True,
            )
        )
    return times


def kvu_timings(page: Any, out: Path) -> dict[str, list[float]]:
    """A score and Opslaan for the first three success factors of KVU step 1."""
    times: dict[str, list[float]] = {}
    notebook = page.locator(".jp-Notebook >> visible=true")
    for i in range(3):  # the first saves of step 1 are the success factors' (the board has none)
        save = notebook.get_by_role("button", name="Opslaan", exact=True).nth(i)
        row = save.locator("xpath=..")  # score, note, save and status of one factor
        row.locator(".jupyter-button", has_text="4").first.click()
        times.setdefault("kvu_score_save", []).append(
            timed(page, save.click, row, "Opgeslagen", out)
        )
    return times
