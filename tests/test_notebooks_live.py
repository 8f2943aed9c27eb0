"""Live-mode notebooks (``demo=False``) execute headless without waiting for a timeout.

A live notebook builds widgets and starts the poller; nothing in it may keep a cell busy
(issue 17: a filled ``Output`` widget made papermill wait for its whole timeout). Each run
here gets a short ``execution_timeout``: a cell that waits fails the test instead of passing
slowly. Wall time is not asserted; ``make bench`` prints it (``bench_widgets``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import execute_notebook

ROOT = Path(__file__).resolve().parent.parent
WIDGET = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.slow


def run_live(tmp_path: Path, name: str, casus: str, **extra: object) -> dict:
    """Execute ``notebooks/<name>`` live (a fresh store in ``tmp_path``); the executed notebook."""
    out = tmp_path / f"out-{name}"
    execute_notebook(
        name,
        out,
        {
            "casus": str(ROOT / "casus" / casus),
            "demo": False,
            "store": str(tmp_path / "session.sqlite"),
            "out": None,
            **extra,
        },
        execution_timeout=60,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def check_outputs(nb: dict) -> list[str]:
    """Every code cell after the parameters and ``open_sprint`` cells shows a widget; no errors.

    Returns the source of each cell that shows one.
    """
    shown = []
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for cell in code:
        source = "".join(cell["source"])
        for output in cell["outputs"]:
            assert output["output_type"] != "error", (source, output.get("evalue"))
            assert output.get("name") != "stderr", (source, "".join(output.get("text", "")))
        if any(WIDGET in o.get("data", {}) for o in cell["outputs"]):
            shown.append(source)
    # parameters, injected parameters and the open_sprint cell are not widget sections
    sections = [
        c
        for c in code
        if "app." in "".join(c["source"]) and "open_sprint" not in "".join(c["source"])
    ]
    assert sections, "no section cells found"
    for cell in sections:
        assert any(WIDGET in o.get("data", {}) for o in cell["outputs"]), "".join(cell["source"])
    return shown


@pytest.mark.parametrize("sprint", range(1, 8))
def test_a_live_sprint_notebook_runs_headless_with_its_widgets(tmp_path, sprint):
    nb = run_live(tmp_path, f"sprint-{sprint}.ipynb", "molenwijk")
    shown = check_outputs(nb)
    assert any("app.workforms()" in s for s in shown)
    assert any("app.result()" in s for s in shown)
    assert any("app.koppelvlakken(" in s for s in shown)
    # the restart hint is in the open_sprint cell's output (issue 17), not only in markdown
    opener = next(c for c in nb["cells"] if "open_sprint(" in "".join(c["source"]))
    assert "Voer alle cellen opnieuw uit" in json.dumps(opener["outputs"], ensure_ascii=False)
    # beside it the widget whose view brings the notebook back to its top after Run All
    views = [
        o["data"][WIDGET]["model_id"] for o in opener["outputs"] if WIDGET in o.get("data", {})
    ]
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    scripts = [state[view]["state"].get("_esm", "") for view in views]
    assert any("box.scrollTop = 0" in script for script in scripts), views


@pytest.mark.parametrize("stap", [1, 2])
def test_the_live_kvu_notebook_runs_headless_with_its_widgets(tmp_path, stap):
    nb = run_live(tmp_path, "kvu.ipynb", "nachtkwartier", stap=stap)
    shown = check_outputs(nb)
    assert any("app.kvu()" in s for s in shown)
