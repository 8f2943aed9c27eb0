"""The facilitator's console (issue 17), headless: unsaved text, vote feedback, folded work forms,
the restart hint, projector text sizes and the shipped JupyterLab settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey

pytest.importorskip("ipywidgets")

from sprintkit.widgets import (  # noqa: E402
    ResultPanel,
    RosterPanel,
    Workshop,
    make_canvas,
    make_key_factor_panel,
    open_sprint,
)
from sprintkit.widgets._base import PROJECTOR_CSS  # noqa: E402
from sprintkit.widgets._kvu_views import KVU_CSS  # noqa: E402
from sprintkit.widgets.app import restart_hint_html  # noqa: E402
from sprintkit.widgets.kvu import BaselinePanel, SuccessFactorPanel  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UNSAVED = "niet opgeslagen"


@pytest.fixture
def ws(molenwijk):
    return Workshop(start_journey(molenwijk, store=SQLiteStore(":memory:")), "nl")


@pytest.fixture
def kvu_ws():
    return Workshop(start_journey("nachtkwartier", store=SQLiteStore(":memory:")), "nl")


# -- unsaved text ---------------------------------------------------------------------------------
def test_a_board_note_is_unsaved_until_it_is_added(ws):
    board = make_canvas(ws, ws.journey.start_run("praktijksafari"))
    assert UNSAVED not in board.text_unsaved.value
    board.text.value = "Donkere tunnel"
    assert UNSAVED in board.text_unsaved.value
    assert ws.unsaved() == [board.text]
    board.author.value = "ria_brouwer"
    board.add.click()
    assert len(ws.journey.run(board.run_id).notes) == 1
    assert board.text_unsaved.value == "" and ws.unsaved() == []


def test_a_refused_save_keeps_the_unsaved_mark(ws):
    board = make_canvas(ws, ws.journey.start_run("praktijksafari"))
    board.text.value = "   "  # blank: refused by the board
    board.add.click()
    assert "Niet gelukt" in board.status.value
    assert UNSAVED in board.text_unsaved.value


def test_a_key_factor_note_is_marked_until_opslaan(ws):
    panel = make_key_factor_panel(ws, 1)
    row = panel.children[1]
    text, (button, status, marker) = row.children[1], row.children[2].children
    text.value = "Buurt kent de wijkagent niet"
    assert UNSAVED in marker.value
    button.click()
    assert "Opgeslagen" in status.value and marker.value == ""
    text.value += " meer"
    assert UNSAVED in marker.value
    again = make_key_factor_panel(ws, 1)  # a re-run cell shows the stored note as saved
    assert UNSAVED not in again.children[1].children[2].children[2].value


def test_a_result_field_shows_stored_text_as_saved_and_typed_text_as_unsaved(ws):
    panel = ResultPanel(ws, 1)
    field = next(f for f in panel.spec.fields if f.kind == "list")
    control, marker = panel.controls[field.key], panel.field_unsaved[field.key]
    control.value = "Eerste punt\nTweede punt"
    assert UNSAVED in marker.value
    panel.save_buttons[field.key].click()
    assert ws.journey.state.phase(1).result[field.key] == ["Eerste punt", "Tweede punt"]
    assert marker.value == ""
    reopened = ResultPanel(ws, 1)  # loaded from the journey: saved, not typed
    assert reopened.controls[field.key].value == control.value
    assert reopened.field_unsaved[field.key].value == "" and ws.unsaved() == []
    panel.draft()  # a draft is shown, not stored: it counts as unsaved where it filled a field
    assert all(
        (UNSAVED in panel.field_unsaved[k].value) == (panel.controls[k].value != "")
        for k in panel.field_unsaved
        if k != field.key
    )


def test_roster_form_is_unsaved_until_the_person_is_added(ws):
    panel = RosterPanel(ws)
    panel.name.value = "Ria Brouwer"
    panel.role.value = "bewoner"
    assert UNSAVED in panel.unsaved.value
    panel.name.value = ""
    assert UNSAVED in panel.unsaved.value  # the role still holds typed text
    panel.name.value = "Ria Brouwer"
    panel.add_button.click()
    assert [p.name for p in ws.journey.people()] == ["Ria Brouwer"]
    assert panel.unsaved.value == ""


def test_kvu_note_stays_unsaved_after_a_refusal_and_clears_on_save(kvu_ws):
    panel = SuccessFactorPanel(kvu_ws, 1)
    key = next(iter(panel.notes))
    panel.notes[key].value = "Politie doet mee"
    assert UNSAVED in panel.unsaved[key].value
    panel.buttons[key].click()  # no score chosen: refused
    assert "Niet gelukt" in panel.statuses[key].value
    assert UNSAVED in panel.unsaved[key].value
    panel.scores[key].value = 4
    panel.buttons[key].click()
    assert panel.unsaved[key].value == "" and kvu_ws.unsaved() == []


def test_a_measurement_form_is_one_unsaved_line(kvu_ws):
    panel = BaselinePanel(kvu_ws, 3)
    panel.note.value = "Telling op vrijdag"
    panel.value.value = "12"
    assert set(kvu_ws.unsaved()) == {panel.note, panel.value}
    assert UNSAVED in panel.record_unsaved.value
    panel.value.value = ""
    assert UNSAVED in panel.record_unsaved.value  # the note is still typed


def test_canvas_forms_mark_their_text_fields(ws):
    ws.journey.emit("phase_closed", {"result": {}}, phase=1)
    widget = make_canvas(ws, ws.journey.start_run("empathiekaart"))
    widget.text.value = "Bang in het donker"
    assert UNSAVED in widget.unsaved.value
    widget.add()  # the action clears the field it stored: nothing typed is left
    assert widget.unsaved.value == ""
    widget.text.value = "Ook overdag"
    assert UNSAVED in widget.unsaved.value
    add = next(
        b
        for box in widget.children
        for b in getattr(box, "children", ())
        if getattr(b, "description", "") == "Toevoegen"
    )
    add.click()
    assert widget.unsaved.value == ""


# -- vote feedback --------------------------------------------------------------------------------
def test_a_vote_says_so_while_the_tallies_are_hidden(ws):
    for name in ("Ria Brouwer", "Tom Bakker", "Dani"):
        ws.journey.add_person(name)
    board = make_canvas(ws, ws.journey.start_run("praktijksafari"))
    board.text.value, board.author.value = "Donkere tunnel", "Ria Brouwer"
    board.add.click()
    board.reveal_button.click()
    board.note_choice.value = next(iter(ws.journey.run(board.run_id).notes))
    board.voter.value = "Tom Bakker"
    before = [c.value for c in board.columns.values()]
    board.vote_button.click()
    assert [c.value for c in board.columns.values()] == before  # the board shows no tally yet
    status = board.status.value
    assert "Stem van Tom Bakker geteld (1 van 3 gebruikt)" in status, status
    assert "verborgen tot je op &#x27;Stemmen tonen&#x27; klikt" in status
    board.tallies_button.click()
    board.voter.value = "Dani"
    board.vote_button.click()
    assert "Stem van Dani geteld (1 van 3 gebruikt)." in board.status.value
    assert "verborgen" not in board.status.value


# -- work forms the agenda left out ---------------------------------------------------------------
def test_a_work_form_the_agenda_left_out_is_folded_with_the_reason(tmp_path):
    app = open_sprint("molenwijk", 1, store=tmp_path / "s.sqlite")
    app.agenda(group_size=12, minutes=180)  # the Praktijksafari does not fit a group of 12
    socrates, safari = app.workforms().children
    assert "Praktijksafari: niet in de agenda (groep te groot" in safari.children[0].value
    button, form = safari.children[1:]
    assert button.description == "Toch openen" and form.layout.display == "none"
    assert [type(c).__name__ for c in socrates.children] == ["TimerWidget", "BoardWidget"]
    button.click()  # the facilitator opens it anyway: timer and board below the reason
    assert form.layout.display is None and button.layout.display == "none"
    assert [type(c).__name__ for c in form.children] == ["TimerWidget", "BoardWidget"]
    assert "niet in de agenda" in safari.children[0].value


def test_without_an_agenda_every_work_form_is_open(tmp_path):
    app = open_sprint("molenwijk", 1, store=tmp_path / "s.sqlite")
    app.agenda(group_size=8, minutes=300)
    assert all("niet in de agenda" not in str(part) for part in app.workforms().children)
    fresh = open_sprint("molenwijk", 1, store=tmp_path / "s.sqlite")
    assert len(fresh.workforms().children) == 2


def test_a_demo_notebook_folds_a_left_out_work_form_in_details(tmp_path):
    app = open_sprint("molenwijk", 1, store=tmp_path / "d.sqlite", demo=True)
    app.agenda(group_size=12, minutes=180)
    html = app.workforms().data
    assert "<details class='sk'><summary>Praktijksafari: niet in de agenda" in html


# -- restart hint, text sizes, lab settings -------------------------------------------------------
def test_the_restart_hint_is_plain_html_in_both_languages():
    nl, en = restart_hint_html("nl"), restart_hint_html("en")
    assert "Werken de knoppen en velden niet meer na een herstart? Voer alle cellen" in nl
    assert "niet opgeslagen" in nl and "<style>" in nl
    assert "Run all cells again" in en and "knoppen" not in en


def test_the_scroll_to_top_widget_shows_nothing_where_widgets_are_not_drawn():
    """In a saved or exported notebook the invisible widget leaves no ``ScrollToTop`` repr."""
    from sprintkit.widgets._top import ScrollToTop

    data, _ = ScrollToTop()._repr_mimebundle_()
    assert list(data) == ["application/vnd.jupyter.widget-view+json"]


@pytest.mark.parametrize("css", [PROJECTOR_CSS, KVU_CSS], ids=["projector", "kvu"])
def test_no_text_under_16px_in_sprintkit_css(css):
    sizes = [int(s) for s in re.findall(r"font-size:\s*(\d+)px", css)]
    assert all(size >= 16 for size in sizes), sizes


def test_projector_css_lets_buttons_fit_their_labels():
    assert "--jp-widgets-font-size: 18px" in PROJECTOR_CSS
    rule = re.search(r"\.sk \.jupyter-button \{([^}]*)\}", PROJECTOR_CSS).group(1)
    assert "width: auto" in rule and "overflow: visible" in rule
    assert "flex-wrap: wrap" in PROJECTOR_CSS


def _settings(name: str) -> dict:
    path = ROOT / "jupyter" / "settings" / "@jupyterlab" / name
    text = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
    return json.loads(text)


def test_the_shipped_lab_settings():
    assert _settings("apputils-extension/notification.jupyterlab-settings")["fetchNews"] == "false"
    assert _settings("application-extension/shell.jupyterlab-settings")["startMode"] == "single"
    sizes = _settings("apputils-extension/themes.jupyterlab-settings")["overrides"]
    assert min(int(v.removesuffix("px")) for v in sizes.values()) >= 16
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "JUPYTERLAB_SETTINGS_DIR=" in makefile and "jupyter/settings/." in makefile


# -- the notebook offers what the agenda picked (issue 21) ----------------------------------------
def test_the_notebook_offers_the_plugin_form_the_agenda_picked(tmp_path):
    app = open_sprint("molenwijk", 2, store=tmp_path / "s.sqlite")
    assert app.offered() == ["empathiekaart", "toon-me-je-leven"]  # no agenda: the method's
    app.agenda(group_size=8, minutes=300)
    agenda = app.plan
    picked = [item.slug for item in agenda.workforms()]
    assert picked == ["empathiekaart", "toon-me-je-leven", "buurtschouw"]  # the example plugin
    assert app.offered() == picked
    runs = {app.journey.run(r).workform: app.journey.run(r) for r in app.runs()}
    assert list(runs) == picked
    planned = {item.slug: item.planned_minutes for item in agenda.workforms()}
    assert runs["buurtschouw"].planned_minutes == planned["buurtschouw"]


def test_the_notebook_offers_the_casus_own_form_the_agenda_picked(tmp_path):
    import yaml

    from sprintkit.new_casus import new_casus

    folder = tmp_path / "oefenwijk"
    new_casus(folder, "molenwijk", demo=False)
    data = yaml.safe_load((ROOT / "workforms" / "praktijksafari.yaml").read_text("utf-8"))
    data |= {"slug": "buurtrondje", "group_size": {"min": 3, "max": 12}}
    data |= {"duration_minutes": {"min": 30, "max": 45}}
    (folder / "workforms").mkdir()
    (folder / "workforms" / "buurtrondje.yaml").write_text(yaml.safe_dump(data), "utf-8")
    app = open_sprint(folder, 1, store=tmp_path / "s.sqlite")
    app.agenda(group_size=12, minutes=180)
    assert "buurtrondje" in [item.slug for item in app.plan.workforms()]
    assert "buurtrondje" in app.offered()
    shown = [app.journey.run(r).workform for r in app.runs()]
    assert shown[: len(app.plan.workforms())] == [i.slug for i in app.plan.workforms()]
    assert "praktijksafari" in shown  # left out (group too big): still offered, folded
    texts = [str(getattr(part.children[0], "value", "")) for part in app.workforms().children]
    assert sum("niet in de agenda" in t for t in texts) == 1
