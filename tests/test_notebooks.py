"""Notebook templates: committed clean, one parameters cell, and every one runs headless."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest
from factories import execute_notebook

from sprintkit.engine import Journey
from sprintkit.loading import load_casus
from sprintkit.runner import run_casus, run_training
from sprintkit.store import SQLiteStore
from sprintkit.workspace import open_journey

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_all_templates_are_there():
    names = {p.name for p in NOTEBOOKS}
    assert names == {
        "00-start-hier.ipynb",
        "kvu.ipynb",
        "trainingsdag.ipynb",
        *(f"sprint-{n}.ipynb" for n in range(1, 8)),
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_template_has_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_with_literal_defaults(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells[0] is tagged[0], "the parameters cell is the first code cell"
    names = {}
    for node in ast.parse(tagged[0].source).body:
        assert isinstance(node, ast.Assign), "parameters hold only assignments"
        names[node.targets[0].id] = ast.literal_eval(node.value)
    if path.name.startswith(("sprint-", "kvu", "trainingsdag")):
        assert {"casus", "demo", "lang", "store"} <= set(names)
        assert names["demo"] is False and names["lang"] == "nl" and names["store"] is None
        assert names["casus"] in ("casus/molenwijk", "casus/nachtkwartier")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_hidden_except_the_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        hidden = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        assert hidden != ("parameters" in cell.metadata.get("tags", [])), cell.source


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if p.name != "00-start-hier.ipynb"], ids=lambda p: p.name
)
def test_the_top_says_what_to_do_after_a_restart_and_what_is_kept(path):
    nb = nbformat.read(path, as_version=4)
    top = nb.cells[0].source
    assert nb.cells[0].cell_type == "markdown" and top.startswith("# ")
    hint = top.split("\n")[2]  # right under the title
    assert hint.startswith(
        "> Werken de knoppen en velden niet meer na een herstart? Voer alle cellen opnieuw uit:"
    )
    assert "niet opgeslagen" in top and "herstart" in top
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "alles wat je invoert wordt meteen opgeslagen" not in text.lower()


def _outputs_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise AssertionError(f"{path.name}: {output['ename']}: {output['evalue']}")
            for value in output.get("data", {}).values():
                parts.append(value if isinstance(value, str) else "".join(value))
            parts.append("".join(output.get("text", "")))
    return "\n".join(parts)


@pytest.mark.slow
def test_the_whole_molenwijk_journey_runs_headless(tmp_path):
    result = run_casus("molenwijk", tmp_path, progress=None)
    assert [p.name for p in result.notebooks] == [f"sprint-{n}.ipynb" for n in range(1, 8)]
    with SQLiteStore(result.out / "session.sqlite") as store:
        journey = open_journey(load_casus("molenwijk"), store=store)
        for number in range(1, 8):
            assert journey.state.phase(number).status == "closed", number
            assert journey.state.phase(number).closed_result
        assert Journey.ids(store) == [journey.id]  # one journey through all sprints
    for number, path in enumerate(result.notebooks, 1):
        text = _outputs_text(path)
        spec = journey.method.phase(number)
        assert f"Sprint {number}: {spec.name.nl}" in text
        assert f"Resultaat: {spec.result.name.nl}" in text
        assert "image/png" in path.read_text(encoding="utf-8")
    assert len(result.figures) == 7
    exported = json.loads(result.export.read_text(encoding="utf-8"))
    assert exported["format"] == "sprintkit-journey"


@pytest.mark.slow
def test_start_here_notebook_runs(tmp_path):
    out = tmp_path / "start.ipynb"
    execute_notebook("00-start-hier.ipynb", out)
    text = _outputs_text(out)
    assert "molenwijk" in text and "nachtkwartier" in text and "Casus Molenwijk" in text


@pytest.mark.slow
def test_kvu_notebook_runs_each_step_headless(tmp_path):
    casus = load_casus("nachtkwartier")
    last = max(casus.demo) if casus.demo else 0
    if last < 2:
        pytest.skip("the KVU case has no demo input for steps 1-2 yet")
    result = run_casus("nachtkwartier", tmp_path, through=min(last, 7), progress=None)
    with SQLiteStore(result.out / "session.sqlite") as store:
        journey = open_journey(casus, store=store)
        closed = [n for n in range(1, 8) if journey.state.phase(n).status == "closed"]
    assert closed == list(range(1, min(last, 7) + 1))
    assert "Resultaat: Intentieverklaring" in _outputs_text(result.out / "kvu-stap-2.ipynb")


@pytest.mark.slow
def test_a_relative_out_folder_is_relative_to_where_the_command_runs(tmp_path, monkeypatch, capfd):
    from sprintkit.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["run", "molenwijk", "--out", "out", "--through", "1"]) == 0
    assert (tmp_path / "out" / "molenwijk" / "journey.json").is_file()
    assert (tmp_path / "out" / "molenwijk" / "figures" / "koppelvlakken-sprint-1.png").is_file()
    assert not (ROOT / "notebooks" / "out").exists()
    out, err = capfd.readouterr()  # the kernel's own stderr too (file descriptor level)
    assert "verslag-traject.html" in out
    assert "WARNING" not in err and "without encryption" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no kernel sockets left


@pytest.mark.slow
def test_a_run_writes_the_reports(tmp_path):
    from docx import Document

    result = run_casus("molenwijk", tmp_path, through=3, progress=None)
    names = sorted(p.name for p in result.reports)
    assert names == [
        "ontwerpbrief.docx",
        "ontwerpbrief.html",
        "verslag-samenwerking.docx",
        "verslag-samenwerking.html",
        "verslag-traject.docx",
        "verslag-traject.html",
    ]
    brief = Document(str(result.out / "ontwerpbrief.docx"))
    text = "\n".join(p.text for p in brief.paragraphs)
    assert "Tijdspad" in text and "Betrokkenen" in text


def _run_kvu_notebook(tmp_path: Path, stap: int) -> tuple[str, Journey]:
    """Execute ``kvu.ipynb`` for one step of the Nachtkwartier demo; its outputs and journey."""
    out = tmp_path / f"kvu-stap-{stap}.ipynb"
    store = tmp_path / "session.sqlite"
    execute_notebook(
        "kvu.ipynb",
        out,
        {
            "casus": str(ROOT / "casus" / "nachtkwartier"),
            "demo": True,
            "store": str(store),
            "out": str(tmp_path / "figures"),
            "stap": stap,
        },
    )
    backend = SQLiteStore(store)
    return _outputs_text(out), open_journey(load_casus("nachtkwartier"), store=backend)


@pytest.mark.slow
def test_kvu_notebook_shows_the_success_factors_in_step_1(tmp_path):
    from markupsafe import escape

    from sprintkit.kvu import Kvu

    text, journey = _run_kvu_notebook(tmp_path, 1)
    rows = Kvu(journey).assessment()
    journey.store.close()
    assert "<h3>Succesfactoren</h3>" in text and '<th scope="col">stap 1</th>' in text
    for row in rows:
        assert row.latest is not None
        assert f"<td>{escape(row.factor.name.nl)}</td><td>{row.latest.score}/5</td>" in text
    assert any(row.weak for row in rows) and "scoort zwak" in text


@pytest.mark.slow
def test_kvu_notebook_shows_the_measures_in_step_4(tmp_path):
    from markupsafe import escape

    from sprintkit.kvu import Kvu

    text, journey = _run_kvu_notebook(tmp_path, 4)
    rows = Kvu(journey).progress_matrix()
    journey.store.close()
    assert "<h3>Maatregelen</h3>" in text and rows
    for row in rows:
        assert escape(row.name.nl) in text
        assert row.owner_name and escape(row.owner_name) in text


def test_the_training_notebook_follows_the_day_and_ends_with_the_debrief():
    nb = nbformat.read(ROOT / "notebooks" / "trainingsdag.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code[1].startswith("from sprintkit.widgets.training import open_training")
    calls = [c for c in code[2:]]
    assert calls[:2] == ["app.agenda()", "app.roster()"]
    # sprint 5 closes only after 'Wie doet wat?', which belongs to it; the debrief comes last
    assert calls.index("app.skip()") > calls.index("app.sprint(1).result()")
    assert calls.index("app.closing()") < calls.index("app.sprint(5).result()")
    assert calls[-1] == "app.debrief(out)"
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "eigen organisatie" in text and "oefeninvoer" in text


@pytest.mark.slow
def test_the_one_day_training_runs_headless(tmp_path):
    result = run_training("molenwijk", tmp_path, progress=None)
    assert result.out == (tmp_path / "molenwijk-training").resolve()
    assert [p.name for p in result.notebooks] == ["trainingsdag.ipynb"]
    assert sorted(p.name for p in result.reports) == [
        "samenwerking-training.docx",
        "samenwerking-training.html",
        "wie-doet-wat.docx",
        "wie-doet-wat.html",
    ]
    text = _outputs_text(result.notebooks[0])
    assert "Agenda van de dag" in text and "Sprint 1: Zien en voelen" in text
    assert "Samen in sessies" in text and "Wie ik ga bellen" in text
    coop = (result.out / "samenwerking-training.html").read_text("utf-8")
    assert "Gemeente Dorrestede" in coop and "Wie speelde wie" in coop
    tvb = (result.out / "wie-doet-wat.html").read_text("utf-8")
    assert "Bevoegdheden" in tvb and "Welzijnsstichting Spoorzicht" in tvb
    with SQLiteStore(result.out / "session.sqlite") as store:
        journey = open_journey(load_casus("molenwijk"), store=store)
        closed = [n for n in range(1, 8) if journey.state.phase(n).status == "closed"]
        assert closed == [1, 2, 3, 4, 5]
        assert {r.phase for r in journey.state.runs.values() if r.stand_in} == {2, 3}
