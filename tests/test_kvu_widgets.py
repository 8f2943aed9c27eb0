"""KVU panels through their Python API: set .value, call .click(), check the ledger and the view."""

from __future__ import annotations

import datetime as dt
import sys
import types
from dataclasses import dataclass

import pytest

from sprintkit.workspace import start_journey

pytest.importorskip("ipywidgets")

import ipywidgets as w  # noqa: E402

from sprintkit.errors import SprintkitError  # noqa: E402
from sprintkit.kvu import Kvu  # noqa: E402
from sprintkit.model import Text  # noqa: E402
from sprintkit.store import SQLiteStore  # noqa: E402
from sprintkit.widgets import SprintApp, Workshop, static_html  # noqa: E402
from sprintkit.widgets.kvu import (  # noqa: E402
    BaselinePanel,
    MeasuresPanel,
    SuccessFactorPanel,
    WorkingGroupPanel,
    make_kvu_view,
)

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
def ws():
    return Workshop(start_journey("nachtkwartier", store=SQLiteStore(":memory:")), "nl")


@pytest.fixture
def ws_en():
    return Workshop(start_journey("nachtkwartier", store=SQLiteStore(":memory:")), "en")


@pytest.fixture
def no_figure(monkeypatch):
    """Keep matplotlib out of the tests that are not about the figure."""
    monkeypatch.setitem(sys.modules, "sprintkit.kvu.plots", None)


def ledger(ws):
    return Kvu(ws.journey).state


def log_text(ws):
    return "".join(o.get("text", "") for o in ws.log.outputs)


def assert_escaped(html, shown=True):
    assert "<script>" not in html and "<img src=x" not in html, html
    if shown:
        assert "&lt;script&gt;" in html, "the hostile text should be shown, escaped"


def own_measure(panel, name="Glasvrij uitgaan", category="overlast"):
    panel.own_name.value = name
    panel.own_environment.value = "physical"
    panel.own_category.value = category
    panel.problem.value = "Glas op straat"
    panel.own_button.click()
    return next(m for m in ledger(panel.ws)["measures"].values() if m["name"]["nl"] == name)


def plan(form, goal="Minder glas: van 26 naar 10 plekken per schouw voor 1 juli 2025"):
    form.owner.value = "gemeente"
    form.deadline.value = dt.date(2025, 6, 30)
    form.budget.value = 4500.0
    form.goal.value = goal
    form.gokit["geld"].value = "Gemeente en KHN delen de kosten"
    form.save_button.click()


# -- success factors -------------------------------------------------------------------------------
def test_a_score_is_stored_shown_per_step_and_warned(ws, no_figure):
    panel = SuccessFactorPanel(ws, 1)
    assert (
        "Gedeelde visie" in static_html(panel)
        and "Geen zwakke succesfactoren" in panel.warnings.value
    )
    panel.scores["gedeelde-visie"].value = 2
    panel.notes["gedeelde-visie"].value = HOSTILE
    panel.buttons["gedeelde-visie"].click()
    stored = ledger(ws)["scores"][1]["gedeelde-visie"]
    assert stored["score"] == 2 and stored["note"] == HOSTILE
    assert "Opgeslagen" in panel.statuses["gedeelde-visie"].value
    assert "stap 1: 2/5" in panel.history["gedeelde-visie"].value
    assert "&#39;Gedeelde visie&#39; scoort zwak (2/5)" in panel.warnings.value
    assert_escaped(static_html(panel), shown=False)  # the note stays in its text box
    assert_escaped(make_kvu_view(ws, 1, static=True).value)
    again = SuccessFactorPanel(ws, 1)  # a re-run cell shows what is stored
    assert (
        again.scores["gedeelde-visie"].value == 2 and again.notes["gedeelde-visie"].value == HOSTILE
    )


def test_saving_without_a_score_stores_nothing_and_says_why(ws):
    panel = SuccessFactorPanel(ws, 1)
    before = len(ws.journey.events)
    panel.buttons["stabiliteit"].click()
    assert len(ws.journey.events) == before and ledger(ws)["scores"] == {}
    assert "Niet gelukt: Kies eerst een score van 1 tot en met 5 voor 'Stabiliteit'" in log_text(ws)
    assert "Kies eerst een score" in panel.statuses["stabiliteit"].value


def test_scores_of_earlier_steps_show_beside_this_step(ws):
    Kvu(ws.journey).score("stabiliteit", 2, phase=1)
    ws.journey.emit("phase_closed", {"result": {}}, phase=1)
    panel = SuccessFactorPanel(ws, 2)
    assert panel.scores["stabiliteit"].value is None  # nothing scored in step 2 yet
    panel.scores["stabiliteit"].value = 4
    panel.buttons["stabiliteit"].click()
    assert "stap 1: 2/5, stap 2: 4/5" in panel.history["stabiliteit"].value
    assert "scoort zwak" not in panel.warnings.value  # the latest score counts


# -- working group ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class FakeLine:
    key: str
    status: str
    said: str
    basis: str = "ccv"

    def text(self, lang="nl"):
        return f"{self.said} ({lang})"

    def why(self, lang="nl"):
        return f"omdat {self.said}"

    def gap_labels(self):
        return self.said, self.said


def test_working_group_checklist_marks_and_escapes(ws, monkeypatch):
    from sprintkit.kvu import werkgroep

    lines = [
        FakeLine("mandaat", "pass", "Mandaat"),
        FakeLine("grootte", "warn", "Grootte", "own"),
        FakeLine("evenwicht", "fail", HOSTILE),
    ]
    monkeypatch.setattr(
        werkgroep, "check_journey_working_group", lambda j: types.SimpleNamespace(lines=lines)
    )
    panel = WorkingGroupPanel(ws, 2)
    table = panel.checklist.value
    assert "<td>✓ in orde</td>" in table and "<td>! let op</td>" in table
    assert "<td>✗ ontbreekt</td>" in table and "omdat Grootte" in table
    # a rule of thumb says so, under its own lead
    assert "Vuistregel van sprintkit: grootte (nl)" in table
    assert "Vuistregels van sprintkit (geen CCV-criteria)" in table
    assert_escaped(table)


def test_process_criteria_are_confirmed_with_a_note(ws):
    panel = WorkingGroupPanel(ws, 2)
    assert set(panel.confirm_buttons) == {
        "gezamenlijke-aanpak",
        "verantwoordelijkheden",
        "begrippen",
        "verwachtingen",
    }  # data criteria are judged from the casus, not confirmed by hand
    assert "nog niet besproken" in panel.states["begrippen"].value
    panel.notes["begrippen"].value = HOSTILE
    panel.confirm_buttons["begrippen"].click()
    assert ledger(ws)["criteria"]["begrippen"] == {"ok": True, "note": HOSTILE}
    assert "✔ bevestigd" in panel.states["begrippen"].value
    assert "Opgeslagen" in panel.statuses["begrippen"].value
    assert_escaped(static_html(panel))
    panel.deny_buttons["verwachtingen"].click()
    assert ledger(ws)["criteria"]["verwachtingen"]["ok"] is False
    assert "nog niet voldaan" in panel.states["verwachtingen"].value


# -- measurements ----------------------------------------------------------------------------------
def test_a_measurement_is_recorded_with_its_source(ws):
    panel = BaselinePanel(ws, 3)
    assert panel.moment.value == "nulmeting"
    panel.indicator.value = "geweld_per_nacht"
    assert panel.source.value == "politiecijfers"  # suggested from the indicator
    panel.value.value = "2,1"
    panel.date.value = dt.date(2024, 11, 1)
    panel.note.value = HOSTILE
    panel.record_button.click()
    (stored,) = ledger(ws)["measurements"]
    assert stored["indicator"] == "geweld_per_nacht" and stored["value"] == 2.1
    assert stored["source"] == "politiecijfers" and stored["date"] == "2024-11-01"
    assert stored["note"] == HOSTILE and stored["phase"] == 3
    assert "Opgeslagen" in panel.record_status.value and panel.note.value == ""
    assert "<td>2,1</td>" in panel.table.value and "Politiecijfers" in panel.table.value
    assert "1 november 2024" in panel.table.value
    assert "Veiligheidsmonitor" in panel.coverage.value
    assert "<li>Politiecijfers</li>" not in panel.coverage.value  # not missing
    assert_escaped(static_html(panel))


def test_a_measurement_without_indicator_stores_nothing(ws):
    panel = BaselinePanel(ws, 3)
    panel.value.value = "4"
    panel.record_button.click()
    assert ledger(ws)["measurements"] == []
    assert "Niet gelukt: Vul eerst in: Indicator" in log_text(ws)
    assert "Vul eerst in" in panel.record_status.value


def test_figures_from_the_casus_and_the_comparison_at_evaluation(ws):
    panel = BaselinePanel(ws, 7)
    assert panel.moment.value == "eindmeting" and panel.compare
    panel.casus_button.click()
    assert "12 cijfers uit de casus overgenomen" in panel.casus_status.value
    assert {m["moment"] for m in ledger(ws)["measurements"]} == {"nulmeting"}
    assert "Veiligheidsmonitor" in panel.coverage.value  # the casus has no monitor figures
    assert "<li>Schouw" not in panel.coverage.value
    panel.indicator.value, panel.value.value = "geweld_per_nacht", "1.5"
    panel.record_button.click()
    assert "1,5 (eindmeting)" in panel.comparison.value and "beter" in panel.comparison.value
    assert "nog niet gemeten" in panel.comparison.value  # indicators without a final value


# -- measures --------------------------------------------------------------------------------------
def test_own_measure_plan_and_matrix(ws, no_figure):
    panel = MeasuresPanel(ws, 4)
    assert panel.parts == {"select", "plan"}
    measure = own_measure(panel, name=HOSTILE)
    assert measure["catalogue"] is False and measure["problem"] == "Glas op straat"
    assert measure["category"] == "overlast" and measure["environment"] == "physical"
    assert "Gekozen" in panel.chosen.value and panel.own_name.value == ""
    form = panel.forms[measure["id"]]
    plan(form)
    stored = ledger(ws)["measures"][measure["id"]]["plan"]
    assert stored["owner"] == "gemeente" and stored["deadline"] == "2025-06-30"
    assert stored["budget"] == 4500.0 and stored["gokit"] == {
        "geld": "Gemeente en KHN delen de kosten"
    }
    assert "Opgeslagen" in form.status.value
    matrix = panel.matrix.value
    assert "Gemeente Ravenswaarde" in matrix and "30 juni 2025" in matrix
    assert "Organisatie, Kwaliteit, Informatie, Tijd" in matrix  # GOKIT still open
    assert panel.figure.layout.display == "none"  # no plots module: the table alone
    assert_escaped(static_html(panel))


def test_a_plan_without_smart_goal_stores_nothing(ws, no_figure):
    panel = MeasuresPanel(ws, 4)
    measure = own_measure(panel)
    form = panel.forms[measure["id"]]
    plan(form, goal="   ")
    assert ledger(ws)["measures"][measure["id"]]["plan"] is None
    assert "Niet gelukt: Vul eerst in: SMART-doel" in log_text(ws)
    assert "SMART-doel" in form.status.value


def test_own_measure_needs_a_name(ws, no_figure):
    panel = MeasuresPanel(ws, 4)
    panel.own_button.click()
    assert ledger(ws)["measures"] == {}
    assert "Vul eerst in: Naam van de eigen maatregel" in log_text(ws)


def test_progress_and_drop(ws, no_figure):
    planning = MeasuresPanel(ws, 4)
    measure = own_measure(planning)
    plan(planning.forms[measure["id"]])
    panel = MeasuresPanel(ws, 6)
    assert panel.parts == {"progress"} and not hasattr(panel, "own_button")
    form = panel.forms[measure["id"]]
    form.status_choice.value = "vertraagd"
    form.progress_note.value = HOSTILE
    form.progress_button.click()
    history = ledger(ws)["measures"][measure["id"]]["progress"]
    assert [(p["status"], p["note"]) for p in history] == [("vertraagd", HOSTILE)]
    assert "vertraagd" in panel.matrix.value and "vertraagd" in panel.accordion.titles[0]
    assert "vertraagd" in planning.matrix.value  # the other panel refreshed too
    form.reason.value = "Te duur"
    form.drop_button.click()
    dropped = ledger(ws)["measures"][measure["id"]]
    assert dropped["dropped"] and dropped["dropped_reason"] == "Te duur"
    assert panel.forms == {} and "Laten vallen: Glasvrij uitgaan" in panel.status.value
    assert "Nog geen maatregelen gekozen." in panel.matrix.value


def test_typed_input_in_other_forms_survives_a_save(ws, no_figure):
    panel = MeasuresPanel(ws, 4)
    first = own_measure(panel, "Eerste")
    second = own_measure(panel, "Tweede")
    form_two = panel.forms[second["id"]]
    form_two.goal.value = "Nog niet opgeslagen doel"
    plan(panel.forms[first["id"]])
    assert panel.forms[second["id"]] is form_two
    assert form_two.goal.value == "Nog niet opgeslagen doel"
    assert ledger(ws)["measures"][second["id"]]["plan"] is None


def test_catalogue_is_filtered_by_category(ws, monkeypatch, no_figure):
    from sprintkit.kvu import measures as catalogue

    fake = {
        "afvalbakken": types.SimpleNamespace(
            id="afvalbakken", name=Text(nl="Afvalbakken"), category="beheer"
        ),
        "susteam": types.SimpleNamespace(
            id="susteam", name=Text(nl="Susteam"), category="overlast"
        ),
    }
    monkeypatch.setattr(catalogue, "measures", lambda casus=None: fake)
    panel = MeasuresPanel(ws, 4)
    assert [v for _, v in panel.choice.options] == [None, "afvalbakken", "susteam"]
    panel.category.value = "beheer"
    assert [v for _, v in panel.choice.options] == [None, "afvalbakken"]
    panel.choose_button.click()  # nothing picked
    assert "Vul eerst in: Maatregel" in log_text(ws) and ledger(ws)["measures"] == {}


def test_a_broken_catalogue_does_not_take_the_panel_down(ws, monkeypatch, no_figure):
    from sprintkit.kvu import measures as catalogue

    def broken(casus=None):
        raise SprintkitError("maatregelen/x.yaml: regel 3: onbekend veld")

    monkeypatch.setattr(catalogue, "measures", broken)
    panel = MeasuresPanel(ws, 4)
    assert "onbekend veld" in static_html(panel)
    assert own_measure(panel)["name"] == {"nl": "Glasvrij uitgaan"}


def test_the_progress_matrix_figure_when_plots_are_there(ws, monkeypatch):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    calls = []

    def fake_plot(rows, ax=None, lang="nl"):
        calls.append(([r.id for r in rows], lang))
        ax.plot([0, 1], [0, 1])
        return ax

    monkeypatch.setitem(
        sys.modules, "sprintkit.kvu.plots", types.SimpleNamespace(progress_matrix_plot=fake_plot)
    )
    panel = MeasuresPanel(ws, 4)
    assert panel.figure.layout.display == "none" and calls == []  # nothing to draw yet
    measure = own_measure(panel)
    assert calls[-1] == ([measure["id"]], "nl")
    assert bytes(panel.figure.value).startswith(b"\x89PNG") and panel.figure.layout.display is None
    html = make_kvu_view(ws, 4, static=True).value
    assert "data:image/png;base64," in html


def test_the_real_progress_matrix_plot_renders(ws):
    pytest.importorskip("sprintkit.kvu.plots")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    panel = MeasuresPanel(ws, 4)
    own_measure(panel)
    assert bytes(panel.figure.value).startswith(b"\x89PNG")


# -- English, the app, static mode ---------------------------------------------------------------
def test_english_labels(ws_en, no_figure):
    factors = SuccessFactorPanel(ws_en, 1)
    text = static_html(factors)
    assert "Success factors" in text and "Shared vision" in text and "Succesfactoren" not in text
    assert factors.buttons["stabiliteit"].description == "Save"
    factors.buttons["stabiliteit"].click()
    assert "Did not work: First choose a score from 1 to 5 for 'Stability'" in log_text(ws_en)
    measures = MeasuresPanel(ws_en, 4)
    assert measures.own_button.description == "Choose own measure"
    measure = own_measure(measures)
    form = measures.forms[measure["id"]]
    assert form.save_button.description == "Save plan"
    assert form.gokit["geld"].placeholder == "Money"
    plan(form, goal="")
    assert "Did not work: Fill in first: SMART goal" in log_text(ws_en)
    baseline = BaselinePanel(ws_en, 3)
    assert baseline.casus_button.description == "Take the figures from the case"
    assert ("baseline", "nulmeting") in baseline.moment.options
    assert "Police figures" in [label for label, _ in baseline.source.options]
    group = WorkingGroupPanel(ws_en, 2)
    assert group.confirm_buttons["begrippen"].description == "Confirm"
    assert "Working group" in static_html(group)


@pytest.mark.parametrize(
    ("step", "panels"),
    [
        (1, [SuccessFactorPanel]),
        (2, [WorkingGroupPanel, SuccessFactorPanel]),
        (3, [BaselinePanel]),
        (4, [MeasuresPanel]),
        (5, []),
        (6, [MeasuresPanel, BaselinePanel]),
        (7, [BaselinePanel, SuccessFactorPanel]),
    ],
)
def test_app_kvu_shows_the_panels_of_the_step(ws, no_figure, step, panels):
    view = SprintApp(ws, step).kvu()
    if not panels:
        assert isinstance(view, w.HTML) and "geen extra KVU-onderdelen" in view.value
        return
    assert [type(child) for child in view.children] == panels


def test_app_methods_for_single_panels(ws, no_figure):
    app = SprintApp(ws, 4)
    assert isinstance(app.succesfactoren().children[0], SuccessFactorPanel)
    assert isinstance(app.werkgroep().children[0], WorkingGroupPanel)
    assert isinstance(app.nulmeting().children[0], BaselinePanel)
    assert isinstance(app.maatregelen().children[0], MeasuresPanel)


def test_other_methods_get_a_clear_message(molenwijk):
    ws = Workshop(start_journey(molenwijk, store=SQLiteStore(":memory:")), "nl")
    view = SprintApp(ws, 1).kvu()
    assert isinstance(view, w.HTML)
    assert "Kwaliteitsmeter Veilig Uitgaan" in view.value and "Ontwerpgerichte" in view.value
    assert "Kwaliteitsmeter" in SprintApp(ws, 1, static=True).succesfactoren().data
    with pytest.raises(SprintkitError, match="horen bij de Kwaliteitsmeter"):
        SuccessFactorPanel(ws, 1)


def test_static_mode_shows_html_of_what_is_stored(ws, no_figure):
    kvu = Kvu(ws.journey)
    kvu.score("gedeelde-visie", 1, HOSTILE, phase=1)
    kvu.measure("geweld_per_nacht", 2.1, note=HOSTILE, phase=1)
    kvu.confirm_criterion("begrippen", True, HOSTILE)
    measure = kvu.select(name=HOSTILE, environment="physical", category="overlast")
    kvu.plan(measure, owner="politie", deadline="2025-03-01", goal=HOSTILE, gokit={"tijd": HOSTILE})
    for step, expected in [
        (1, ["Succesfactoren", ">stap 1</th>", "<td>1/5</td>", "scoort zwak (1/5)"]),
        (2, ["Werkgroep", "Er zijn heldere afspraken over de gebruikte begrippen"]),
        (3, ["Metingen", "<td>2,1</td>", "Veiligheidsmonitor"]),
        (4, ["Maatregelen", "Politie, basisteam Waardenstreek", "1 maart 2025"]),
        (7, ["Vergelijking met de nulmeting", "nog niet gemeten", "Succesfactoren"]),
    ]:
        html = SprintApp(ws, step, static=True).kvu().data
        for text in expected:
            assert text in html, (step, text)
        if step != 7:
            assert_escaped(html)
        if step == 2:  # the checklist covers the process criteria: no second list
            assert "Procescriteria" not in html
    unknown = pytest.raises(SprintkitError, match=r"Onbekend KVU-onderdeel: nope \(kies uit: ")
    with unknown:
        make_kvu_view(ws, 1, ("nope",))


def test_an_empty_value_is_refused_not_stored_as_zero_and_steps_are_respected(ws):
    from sprintkit.widgets.kvu import BaselinePanel

    panel = BaselinePanel(ws, 3)
    panel.indicator.value, panel.value.value = "geweld_per_nacht", "  "
    panel.record_button.click()
    assert Kvu(ws.journey).state["measurements"] == []
    assert "Waarde" in log_text(ws)
    panel.value.value = "2,1"
    panel.record_button.click()
    [measured] = Kvu(ws.journey).state["measurements"]
    assert (measured["value"], measured["phase"]) == (2.1, 3)


def test_measure_commands_are_stored_in_the_panel_step(ws, no_figure):
    from sprintkit.widgets._kvu_measures import MeasuresPanel

    chooser = MeasuresPanel(ws, 4)
    chooser.own_name.value = "Vast toezichtpunt"
    measure = chooser.choose_own()
    form = chooser.forms[measure]
    form.owner.value, form.goal.value = "teamchef", "Minder geweld bij sluitingstijd"
    form.deadline.value = __import__("datetime").date(2025, 9, 1)
    form.save_plan()
    later = MeasuresPanel(ws, 6)
    later.forms[measure].status_choice.value = "op_schema"
    later.forms[measure].record_progress()
    state = Kvu(ws.journey).state["measures"][measure]
    assert state["selected_in"] == 4 and state["plan"]["phase"] == 4
    assert [p["phase"] for p in state["progress"]] == [6]
    assert not [g for g in ws.journey.missing(6) if g.kind == "extension"]
