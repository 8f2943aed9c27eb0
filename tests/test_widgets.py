"""Widgets through their Python API: set .value, call .click(), check the store and the view."""

from __future__ import annotations

import pytest

from sprintkit.workspace import start_journey

pytest.importorskip("ipywidgets")

from sprintkit.canvas import CanvasError  # noqa: E402
from sprintkit.kinds.board.widget import BoardWidget  # noqa: E402
from sprintkit.store import SQLiteStore  # noqa: E402
from sprintkit.widgets import (  # noqa: E402
    Countdown,
    GlijbaanBoard,
    ResultPanel,
    TimerWidget,
    Workshop,
    make_canvas,
    make_key_factor_panel,
    make_sprint_header,
    open_sprint,
)

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
def ws(molenwijk):
    return Workshop(start_journey(molenwijk, store=SQLiteStore(":memory:")), "nl")


def at_phase(ws, phase):
    for number in range(1, phase):
        ws.journey.emit("phase_closed", {"result": {}}, phase=number)


def canvas_for(ws, slug):
    at_phase(
        ws,
        ws.journey.method.id == "wijkaanpak"
        and {
            "praktijksafari": 1,
            "empathiekaart": 2,
            "klantreis": 3,
            "samen-beslissen": 3,
            "kijk-door-de-bril": 4,
            "ab-testen": 6,
            "aanname-analyse": 7,
        }[slug],
    )
    return make_canvas(ws, ws.journey.start_run(slug))


def test_board_add_reveal_cluster_vote(ws):
    board = canvas_for(ws, "praktijksafari")
    assert isinstance(board, BoardWidget)
    board.text.value, board.author.value = HOSTILE, "ria_brouwer"
    board.add.click()
    board.text.value, board.author.value = "Donkere tunnel", "dani"
    board.add.click()
    run = ws.journey.run(board.run_id)
    assert len(run.notes) == 2 and board.text.value == ""
    column = board.columns[board.column.value].value
    assert "2 notities (nog verborgen" in column and "Donkere" not in column
    board.reveal_button.click()
    column = board.columns[board.column.value].value
    assert "Donkere tunnel" in column
    assert (
        "<script>" not in column
        and "&lt;script&gt;" in column
        and "onerror=" not in column.replace("onerror=&quot;", "")
    )
    tunnel = next(n.id for n in run.notes.values() if n.text == "Donkere tunnel")
    board.note_choice.value, board.cluster.value = tunnel, "Licht"
    board.cluster_button.click()
    board.voter.value = "ria_brouwer"
    board.vote_button.click()
    assert ws.journey.run(board.run_id).notes[tunnel].votes == ["ria_brouwer"]
    assert "● 1" not in board.columns[board.column.value].value  # tallies hidden until shown
    board.tallies_button.click()
    assert "● 1" in board.columns[board.column.value].value
    assert "class='cluster'>Licht" in board.columns[board.column.value].value


def test_board_refusal_shows_in_status_and_log(ws):
    board = canvas_for(ws, "praktijksafari")
    board.text.value, board.author.value = "Eigen notitie", "dani"
    board.add.click()
    board.reveal_button.click()
    board.note_choice.value = next(iter(ws.journey.run(board.run_id).notes))
    board.voter.value = "dani"
    board.vote_button.click()
    assert "Niet gelukt: je kunt niet op je eigen notitie stemmen" in board.status.value
    assert "eigen notitie" in "".join(o.get("text", "") for o in ws.log.outputs)


def test_fields_map_widget(ws):
    widget = canvas_for(ws, "empathiekaart")
    widget.subject.value = "Ria"
    widget.children[2].children[1].click()  # save subject
    widget.field.value, widget.text.value = "pijn", "Durft 's avonds niet naar buiten"
    widget.add()
    content = widget.content()
    assert content == {"subject": "Ria", "fields": {"pijn": ["Durft 's avonds niet naar buiten"]}}
    assert "Durft &#x27;s avonds" in widget.view.value


def test_journey_widget(ws):
    widget = canvas_for(ws, "klantreis")
    widget.name.value, widget.touch.value = "Melding doen", "app, telefoon"
    widget.feeling.value, widget.pains.value = "negative", "geen terugkoppeling"
    widget.add()
    step = widget.content()["steps"][0]
    assert step["touchpoints"] == ["app", "telefoon"] and step["feeling"] == "negative"
    assert "geen terugkoppeling" in widget.view.value


def test_consent_widget(ws):
    widget = canvas_for(ws, "samen-beslissen")
    widget.proposal.value = "Verlichting in de tunnel"
    widget.set_proposal()
    widget.person.value, widget.reason.value = "dani", "Te fel"
    widget.object()
    widget.decision.value = "consent"
    with pytest.raises(CanvasError, match="er staat nog 1 bezwaar open"):
        widget.decide()
    assert widget.content()["decision"] == "open"
    widget.objection.value = widget.objection.options[0][1]
    widget.resolve()
    widget.person.value = "ria_brouwer"
    widget.consent()
    widget.decide()
    assert widget.content()["decision"] == "consent"
    assert widget.content()["consenting"] == ["ria_brouwer"]


def test_grid_ab_and_matrix_widgets(ws):
    grid = canvas_for(ws, "kijk-door-de-bril")
    grid.idea.value = "Buurtconciërge"
    grid.add_idea()
    grid.pick_idea.value, grid.text.value = "Buurtconciërge", "Fijn aanspreekpunt"
    grid.perspective.value = grid.perspective.options[0]
    grid.set_cell()
    assert grid.content()["cells"][0]["text"] == "Fijn aanspreekpunt"
    ws2 = Workshop(start_journey(ws.journey.casus, store=SQLiteStore(":memory:")))
    ab = canvas_for(ws2, "ab-testen")
    ab.variant.value, ab.variant_text.value = "a", "Ledlampen"
    ab.set_variant()
    ab.measure.value, ab.value.value = ab.measure.options[0], 7.5
    ab.record()
    assert list(ab.content()["results"].values())[0] == {"a": 7.5}
    ws3 = Workshop(start_journey(ws.journey.casus, store=SQLiteStore(":memory:")))
    matrix = canvas_for(ws3, "aanname-analyse")
    matrix.text.value, matrix.x.value, matrix.y.value = "Bewoners melden meer", 0.1, 0.9
    matrix.place()
    assert "background:#ffe0e0" in matrix.view.value  # in the focus quadrant


def test_header_and_key_factor_panel(ws):
    header = make_sprint_header(ws, 1).value
    assert "Sprint 1: Zien en voelen" in header and "Waar willen zij van verlost worden?" in header
    panel = make_key_factor_panel(ws, 1)
    first = panel.children[1]
    first.children[1].value = "Veel bewoners zijn teleurgesteld"
    first.children[2].children[0].click()
    assert ws.journey.state.phase(1).key_factor_notes["betrokkenheid"].startswith("Veel")
    assert "Opgeslagen" in first.children[2].children[1].value


def test_gate_button_shows_what_is_missing_then_closes(ws):
    panel = ResultPanel(ws, 1)
    panel.close_button.click()
    assert "er ontbreken 10 dingen" in panel.outcome.value
    assert "Pijnpunten" in panel.outcome.value
    panel.controls["pijnpunten"].value = "donker\ndrugs\nleegstand"
    panel.controls["vragen_en_behoeften"].value = "licht\nplek"
    panel.controls["belemmeringen"].value = "geld"
    panel.controls["urgentie"].value = "hoog"
    for field in panel.spec.fields:
        if field.key in ("pijnpunten", "vragen_en_behoeften", "belemmeringen", "urgentie"):
            panel.save(field)
    for factor in ws.journey.method.key_factors:
        ws.journey.note_key_factor(factor.key, "ok")
    panel.close_button.click()
    assert "Sprint 1 is afgerond" in panel.outcome.value
    assert "de invoer voor de volgende sprint." in panel.outcome.value  # sentence case
    assert ws.journey.current_phase == 2


def test_glijbaan_board_stores_positions(ws):
    board = GlijbaanBoard(ws, 1)
    board.choices["dani"].value = 3
    assert ws.journey.state.phase(1).glijbaan["dani"] == 3


def test_countdown_and_timer_record_actual_minutes(ws):
    now = [0.0]
    countdown = Countdown(10, clock=lambda: now[0])
    countdown.start()
    now[0] = 125
    assert countdown.label() == "07:55"
    countdown.pause()
    now[0] = 500
    countdown.extend(5)
    assert countdown.remaining() == 15 * 60 - 125
    at_phase(ws, 1)
    run = ws.journey.start_run("praktijksafari")
    timer = TimerWidget(ws, run, 60, tick=False)
    timer.countdown = countdown
    assert timer.stop() == pytest.approx(2.1)
    assert ws.journey.run(run).actual_minutes == pytest.approx(2.1)


def test_open_sprint_live_and_demo(tmp_path):
    store = tmp_path / "s.sqlite"
    live = open_sprint("molenwijk", 1, store=store)
    assert len(live.workforms().children) == 2  # the two Molenwijk work forms of sprint 1
    again = open_sprint("molenwijk", 1, store=store)  # reopening continues the same journey
    assert again.journey.id == live.journey.id and len(again.runs()) == 2
    demo = open_sprint("molenwijk", 2, store=tmp_path / "d.sqlite", demo=True)
    html = demo.result().data
    assert "Diagnose van de wijk" in html and demo.journey.current_phase == 3


def test_agenda_shows_the_plan_and_planned_vs_actual_minutes(tmp_path):
    app = open_sprint("molenwijk", 1, store=tmp_path / "a.sqlite")
    run = app.runs()[0]
    app.journey.time_run(run, 95)
    html = app.agenda(group_size=8, minutes=300).value
    assert "Onderzoek en praat als Socrates" in html and "Opening" in html
    assert "<td>80</td><td>95.0</td>" in html
