"""Live facilitation speed: a board with 2,000 notes, the whole journey, a live notebook."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from _harness import Figure, median_ms

from sprintkit.kinds.board.actions import add_note, reveal
from sprintkit.workspace import start_journey


def _board_figures() -> list[Figure]:
    from sprintkit.loading import load_casus
    from sprintkit.store import SQLiteStore
    from sprintkit.widgets import Workshop, make_canvas

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "w.sqlite")
        journey = start_journey(load_casus("molenwijk"), store=store)
        run = journey.start_run("praktijksafari")
        for i in range(2000):
            add_note(journey, run, f"notitie {i}", author="dani", column="gezien")
        reveal(journey, run)
        board = make_canvas(Workshop(journey), run)
        widget_times, store_times = [], []
        for i in range(30):
            board.text.value, board.author.value, board.column.value = f"n{i}", "noor", "gezien"
            start = time.perf_counter()
            board.add.click()  # store the note durably, then re-render its column
            widget_times.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            add_note(journey, run, f"m{i}", author="noor", column="gehoord")
            store_times.append((time.perf_counter() - start) * 1000)
        store.close()
    baseline, ours = statistics.median(store_times), statistics.median(widget_times)
    return [
        Figure("add_note without a widget (baseline)", baseline),
        Figure("board widget: add a note with 2,000 notes shown", ours, baseline),
        Figure("  goal: widget update", ours, goal=50.0),
    ]


def _notebook_figures() -> list[Figure]:
    import nbformat
    import papermill as pm

    from sprintkit._kernel import IPCKernelManager
    from sprintkit.runner import run_casus

    with tempfile.TemporaryDirectory() as tmp:
        one_cell = Path(tmp) / "one.ipynb"
        nbformat.write(
            nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), one_cell
        )
        start = time.perf_counter()
        for i in range(7):
            pm.execute_notebook(
                str(one_cell),
                str(Path(tmp) / f"o{i}.ipynb"),
                progress_bar=False,
                kernel_name="python3",
                kernel_manager_class=IPCKernelManager,
            )
        baseline = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        run_casus("molenwijk", Path(tmp) / "out", progress=None)
        ours = (time.perf_counter() - start) * 1000
    return [
        Figure("7 one-cell notebooks (baseline)", baseline / 1000, unit="s"),
        Figure(
            "whole Molenwijk journey, 7 sprint notebooks",
            ours / 1000,
            baseline / 1000,
            goal=1.5,
            unit="s",
        ),
    ]


def _live_notebook_figures() -> list[Figure]:
    """sprint-1.ipynb live (``demo=False``) under papermill, against a one-cell notebook.

    The test (``tests/test_notebooks_live.py``) only guards against a hang (a 60 s cell
    timeout); the time is a figure here.
    """
    import nbformat
    import papermill as pm

    from sprintkit._kernel import IPCKernelManager

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        one_cell = Path(tmp) / "one.ipynb"
        nbformat.write(
            nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), one_cell
        )

        def one() -> None:
            pm.execute_notebook(
                str(one_cell),
                str(Path(tmp) / "o.ipynb"),
                progress_bar=False,
                kernel_name="python3",
                kernel_manager_class=IPCKernelManager,
            )

        def live(i: int) -> None:
            pm.execute_notebook(
                str(root / "notebooks" / "sprint-1.ipynb"),
                str(Path(tmp) / f"live-{i}.ipynb"),
                parameters={
                    "casus": str(root / "casus" / "molenwijk"),
                    "demo": False,
                    "store": str(Path(tmp) / f"live-{i}.sqlite"),
                },
                cwd=str(root / "notebooks"),
                progress_bar=False,
                kernel_name="python3",
                kernel_manager_class=IPCKernelManager,
                execution_timeout=60,
            )

        baseline = median_ms(one, repeat=3) / 1000
        runs = iter(range(3))
        ours = median_ms(lambda: live(next(runs)), repeat=3) / 1000
    return [
        Figure("one-cell notebook under papermill (baseline)", baseline, unit="s"),
        Figure("live sprint-1 notebook under papermill", ours, baseline, unit="s"),
        Figure("  goal: live sprint-1 notebook", ours, goal=15.0, unit="s"),
    ]


def run() -> list[Figure]:
    return _board_figures() + _notebook_figures() + _live_notebook_figures()
