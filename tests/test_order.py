"""A journey that can be trusted: sprints in order, nothing stored without a click, honest gates.

Each test reproduces a failure that was seen (the issue "A journey that can be trusted").
"""

from __future__ import annotations

import pytest

from sprintkit import reports
from sprintkit.engine import GateRefused
from sprintkit.engine.status import status_text
from sprintkit.kinds.board.actions import add_note
from sprintkit.store import SQLiteStore
from sprintkit.workspace import demo_journey, play_demo, start_journey

pytest.importorskip("ipywidgets")

from sprintkit.kinds.board.widget import BoardWidget  # noqa: E402
from sprintkit.widgets import GlijbaanBoard, ResultPanel, Workshop  # noqa: E402
from sprintkit.widgets.header import make_sprint_header  # noqa: E402


def fresh(casus="molenwijk", **kw):
    return start_journey(casus, store=SQLiteStore(":memory:"), **kw)


def complete_without_closing(journey, phase):
    """Every field and key factor of ``phase`` filled from the demo input, phase still open."""
    play_demo(journey, phase, close=False)
    assert not journey.missing(phase)


# -- 2. sprints in order -------------------------------------------------------------------------
def test_a_sprint_cannot_close_while_an_earlier_one_is_open(molenwijk):
    play = fresh(molenwijk)  # sprint 2 can be filled completely while sprint 1 is still open
    play_demo(play, 1, close=False)
    play_demo(play, 2, close=False)
    with pytest.raises(GateRefused) as info:
        play.close_phase(2)
    message = str(info.value)
    assert "sprint 1 is nog niet afgerond" in message and "rond die eerst af" in message
    assert [g.kind for g in info.value.gaps] == ["order"]
    assert play.state.phase(2).status == "open"
    play.close_phase(1)
    play.close_phase(2)  # in order it closes
    assert play.current_phase == 3


def test_the_refusal_names_every_open_earlier_sprint_with_plurals():
    journey = fresh()
    with pytest.raises(GateRefused, match="sprints 1 en 2 zijn nog niet afgerond"):
        journey.close_phase(3)
    with pytest.raises(GateRefused, match="sprints 1 and 2 are not closed yet"):
        journey.close_phase(3, lang="en")


def test_a_later_sprint_opened_live_says_an_earlier_one_is_open(ws_factory):
    ws = ws_factory()
    view = ws.journey.view(2)
    assert view.earlier_open == (1,)
    assert "sprint 1 is nog niet afgerond" in view.warnings[0].text("nl")
    assert "sprint 1 is nog niet afgerond" in make_sprint_header(ws, 2).value
    assert not ws.journey.view(1).warnings


def test_reopening_marks_later_closed_results_as_possibly_stale():
    journey = fresh(at_sprint=4, demo=True)
    assert journey.stale_phases() == []
    journey.reopen_phase(2)
    assert journey.stale_phases() == [3]  # 2 itself is open again; 1 came before
    warnings = [w.text() for w in journey.view(3).warnings]
    assert journey.view(3).stale and any("Mogelijk verouderd: sprint 3" in w for w in warnings)
    status = status_text(journey)
    assert "3. Wijkwensen (2 werkvormen) ! mogelijk verouderd" in status
    assert "(2 runs) ! possibly out of date" in status_text(journey, "en")
    journey.close_phase(2)
    assert journey.stale_phases() == [3]  # still: 3 was closed on the old input
    journey.reopen_phase(3)
    journey.close_phase(3)
    assert journey.stale_phases() == []


def test_an_undone_reopen_marks_nothing():
    journey = fresh(at_sprint=3, demo=True)
    journey.reopen_phase(1)
    assert journey.stale_phases() == [2]
    journey.undo()
    assert journey.stale_phases() == [] and journey.state.phase(1).status == "closed"


def test_demo_starts_still_close_in_order():
    journey = fresh(at_sprint=7, demo=True)
    assert journey.current_phase == 7 and journey.stale_phases() == []


# -- 3. nothing closes or stores without a click ---------------------------------------------------
@pytest.fixture
def ws_factory():
    def make(**kw):
        return Workshop(fresh(**kw))

    return make


def test_teardown_close_of_the_result_panel_closes_no_sprint(ws_factory):
    ws = ws_factory()
    complete_without_closing(ws.journey, 1)
    panel = ResultPanel(ws, 1)
    before = len(ws.journey.events)
    panel.close()  # what ipywidgets calls on teardown and kernel exit
    assert ws.journey.state.phase(1).status == "open"
    assert len(ws.journey.events) == before
    panel = ResultPanel(ws, 1)
    panel.close_button.click()  # the person's click
    assert ws.journey.state.phase(1).status == "closed"
    assert "Sprint 1 is afgerond" in panel.outcome.value


def test_the_glijbaan_shows_only_stored_positions(ws_factory):
    ws = ws_factory()
    board = GlijbaanBoard(ws, 1)
    assert set(b.value for b in board.choices.values()) == {0}  # nothing stored: all unset
    assert "casus: " in board.hints["dani"].value  # the casus' suggestion, named beside
    assert not [e for e in ws.journey.events if e.kind == "glijbaan_set"]
    board.choices["dani"].value = 3
    assert ws.journey.state.phase(1).glijbaan == {"dani": 3}
    assert board.hints["dani"].value == ""


def test_the_casus_positions_are_taken_over_as_one_command(ws_factory, molenwijk):
    ws = ws_factory()
    board = GlijbaanBoard(ws, 1)
    board.choices["dani"].value = 3
    board.adopt_button.click()
    stored = ws.journey.state.phase(1).glijbaan
    assert stored["dani"] == 3  # a chosen position stays
    assert stored["marco"] == molenwijk.actor("marco").glijbaan[1]
    assert [e.kind for e in ws.journey.events].count("glijbaan_set") == 2
    assert {a: b.value for a, b in board.choices.items()} == stored
    ws.journey.undo()
    assert ws.journey.state.phase(1).glijbaan == {"dani": 3}


def test_the_draft_is_shown_for_editing_and_stored_only_on_save(ws_factory):
    ws = ws_factory()
    journey = ws.journey
    run = journey.start_run("praktijksafari")
    add_note(journey, run, "Donkere tunnel", author="dani", column="pijnpunt")
    add_note(journey, run, "Geen plek voor jongeren", author="noor", column="pijnpunt")
    add_note(journey, run, "Mijn buurman dealt", author="noor", column="pijnpunt", personal=True)
    add_note(journey, run, "Ze willen gehoord worden", author="dani", column="gehoord")
    add_note(journey, run, "Meer licht", author="dani", column="gezien")
    panel = ResultPanel(ws, 1)
    before = len(journey.events)
    drafted = panel.draft_button.click() or journey.draft_result(1)
    assert len(journey.events) == before and journey.state.phase(1).result == {}
    assert set(drafted) == {"pijnpunten", "vragen_en_behoeften", "urgentie"}
    assert drafted["pijnpunten"] == ["Donkere tunnel", "Geen plek voor jongeren"]
    assert drafted["vragen_en_behoeften"] == ["Ze willen gehoord worden"]
    assert drafted["urgentie"] == "Meer licht"  # the one unclaimed column, a line per note
    everything = " ".join(map(str, drafted.values()))
    assert "buurman" not in everything  # a personal note is never proposed
    assert panel.controls["pijnpunten"].value == "Donkere tunnel\nGeen plek voor jongeren"
    assert "concept" in panel.field_status["pijnpunten"].value
    assert "nog niets opgeslagen" in panel.status.value
    panel.controls["pijnpunten"].value += "\nLeegstand"
    panel.save(panel.spec.field("pijnpunten"))
    assert journey.state.phase(1).result == {
        "pijnpunten": ["Donkere tunnel", "Geen plek voor jongeren", "Leegstand"]
    }


def test_a_work_form_without_column_feeds_proposes_each_note_once():
    journey = fresh()
    run = journey.start_run("onderzoek-socrates")
    for text in ("Niemand meldt nog", "De tunnel is eng"):
        add_note(journey, run, text, author="ria_brouwer")
    drafted = journey.draft_result(1)
    assert drafted == {"pijnpunten": ["Niemand meldt nog", "De tunnel is eng"]}


def test_text_drafts_of_two_runs_are_lines_not_one_run_on_paragraph():
    from sprintkit.engine.journey import _merge

    assert _merge("Eerste.", "Tweede.") == "Eerste.\nTweede."


def test_the_api_no_longer_fills_and_stores_the_result():
    journey = fresh()
    assert not hasattr(journey, "fill_result_from_runs")
    run = journey.start_run("onderzoek-socrates")
    add_note(journey, run, "Niemand meldt nog", author="ria_brouwer")
    journey.draft_result(1)
    assert journey.state.phase(1).result == {}


# -- 4. gate messages, one A4, dropped ideas, cooperation ------------------------------------------
def test_the_gate_names_the_minimum_with_plurals():
    journey = fresh()
    journey.set_result("pijnpunten", ["donker", "drugs"])
    journey.set_result("vragen_en_behoeften", ["licht"])
    labels = [g.label() for g in journey.missing(1)]
    assert "Pijnpunten: 2 van minstens 3 punten" in labels
    assert "Vragen en behoeften: 1 van minstens 2 punten" in labels
    assert "resultaatveld 'Wat in de weg staat' is leeg (minstens 1 punt nodig)" in labels
    english = [g.label("en") for g in journey.missing(1)]
    assert "Pain points: 2 of at least 3 items" in english


def test_the_result_form_shows_the_minimum(ws_factory):
    ws = ws_factory()
    panel = ResultPanel(ws, 1)
    from sprintkit.widgets.app import static_html

    html = static_html(panel)
    assert "Pijnpunten (minstens 3)" in html


def test_sprint_3_refuses_a_brief_that_does_not_fit_one_a4():
    journey = fresh(at_sprint=3, demo=True)
    complete_without_closing(journey, 3)
    feiten = journey.state.phase(3).result["feiten"]
    padding = "Dit is uitgebreid onderbouwd met cijfers en verhalen. " * 8
    long = [f"{fact} {padding}" for fact in feiten]
    journey.set_result("feiten", long)
    with pytest.raises(GateRefused) as info:
        journey.close_phase(3)
    message = str(info.value)
    assert "Ontwerpbrief past niet op 1 A4" in message
    assert "kort in: 'Gevonden feiten over het probleem'" in message
    assert [g.kind for g in info.value.gaps] == ["fit"]
    report = reports.build_report(journey, "ontwerpbrief")
    assert not reports.ontwerpbrief_fit(report).fits  # the gate and the report agree
    journey.set_result("feiten", feiten)
    journey.close_phase(3)


def test_dropped_ideas_leave_the_plan_the_coverage_and_both_reports():
    journey = demo_journey("molenwijk")
    everything = {iv.id for iv in journey.interventions(plan=False)}
    plan = {iv.id for iv in journey.interventions()}
    assert "uitstaproute_loopjongens" in everything  # an idea of sprint 4 ...
    assert "uitstaproute_loopjongens" not in plan  # ... not carried into sprint 7's plan
    assert plan == {iv["id"] for iv in journey.state.phase(7).result["interventies"]}
    report = reports.build_report(journey, "journey")
    # the sprint 4 section still records the idea; the plan, the map and the analysis do not
    start = next(
        i for i, s in enumerate(report.sections) if s.heading.startswith("Koppelvlakken tussen")
    )
    plan_part = reports.Report("journey", "", "nl", sections=report.sections[start:])
    text = reports.render(plan_part, "md").content.decode()
    assert "Interventies en eigenaren" in text and "Uitstaproute voor loopjongens" not in text
    cooperation = reports.render(reports.build_report(journey, "cooperation"), "md").content
    assert "Uitstaproute voor loopjongens" not in cooperation.decode()
    assert "uitstaproute_loopjongens" not in {iv.id for iv in journey.interventions()}


def test_a_stopped_intervention_leaves_the_plan():
    journey = fresh(at_sprint=5, demo=True)
    ideas = journey.state.phase(4).closed_result["ideeen"]
    journey.reopen_phase(4)
    stopped = [{**ideas[0], "status": "stopped"}, *ideas[1:]]
    journey.set_result("ideeen", stopped, 4)
    assert ideas[0]["id"] not in {iv.id for iv in journey.interventions()}
    assert ideas[1]["id"] in {iv.id for iv in journey.interventions()}


def test_the_cooperation_report_covers_every_sprint():
    journey = demo_journey("molenwijk")
    report = reports.build_report(journey, "cooperation")
    tables = [b for s in report.sections for b in s.blocks if hasattr(b, "header")]
    header = tables[0].header
    assert [h for h in header[1:]] == [f"S{n}" for n in range(1, 8)]


# -- 8. undo, edit and delete one's own note, reopen: from the widgets -------------------------
def test_undo_from_the_result_panel(ws_factory):
    ws = ws_factory()
    panel = ResultPanel(ws, 1)
    panel.controls["pijnpunten"].value = "donker"
    panel.save(panel.spec.field("pijnpunten"))
    assert ws.journey.state.phase(1).result == {"pijnpunten": ["donker"]}
    panel.undo_button.click()
    assert ws.journey.state.phase(1).result == {}
    assert panel.controls["pijnpunten"].value == ""
    assert "ongedaan" in panel.status.value


def test_reopen_from_the_result_panel(ws_factory):
    ws = ws_factory(at_sprint=3, demo=True)
    panel = ResultPanel(ws, 1)
    panel.reopen_button.click()
    assert ws.journey.state.phase(1).status == "open"
    assert ws.journey.stale_phases() == [2]
    assert "heropend" in panel.outcome.value


def test_edit_and_remove_ones_own_note_from_the_board(ws_factory):
    ws = ws_factory()
    run = ws.journey.start_run("onderzoek-socrates")
    board = BoardWidget(ws, run)
    board.author.value = "ria_brouwer"
    board.text.value = "Niemand meld nog"
    board.add.click()
    add_note(ws.journey, run, "Van een ander", author="dani")
    board.refresh()
    assert [label for label, _ in board.own_note.options] == ["Niemand meld nog"]
    board.own_text.value = "Niemand meldt nog"
    board.edit_button.click()
    note = board.own_note.value
    assert ws.journey.run(run).notes[note].text == "Niemand meldt nog"
    board.remove_button.click()
    assert note not in ws.journey.run(run).notes
    assert [n.text for n in ws.journey.run(run).notes.values()] == ["Van een ander"]
    assert board.own_note.options == ()


def test_closing_from_the_widget_refuses_out_of_order(ws_factory):
    ws = ws_factory()
    complete_without_closing(ws.journey, 1)
    play_demo(ws.journey, 2, close=False)
    panel = ResultPanel(ws, 2)
    panel.close_button.click()
    assert "sprint 1 is nog niet afgerond" in panel.outcome.value
    assert ws.journey.state.phase(2).status == "open"
