"""The roster's widgets through their Python API: set .value, call .click()."""

from __future__ import annotations

import pytest

from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey

pytest.importorskip("ipywidgets")

from sprintkit.widgets import PersonPicker, RosterPanel, SprintApp, Workshop, make_canvas  # noqa: E402


@pytest.fixture
def ws(molenwijk):
    return Workshop(start_journey(molenwijk, store=SQLiteStore(":memory:")), "nl")


def test_roster_panel_adds_edits_and_removes(ws):
    panel = RosterPanel(ws)
    assert "Nog niemand op de presentielijst" in panel.view.value
    panel.name.value, panel.organisation.value = "Rütger", "Gemeente Veenstede"
    panel.role.value, panel.plays.value = "wijkregisseur", "esther_de_wit"
    panel.add_button.click()
    person = ws.journey.person("rutger")
    assert (person.name, person.organisation, person.plays) == (
        "Rütger",
        "gemeente_veenstede",
        "esther_de_wit",
    )
    assert "Rütger" in panel.view.value and "Gemeente Veenstede" in panel.view.value
    assert panel.name.value == ""
    panel.name.value = "<script>x</script>"
    panel.add_button.click()
    assert "<script>" not in panel.view.value and "&lt;script&gt;" in panel.view.value
    panel.chosen.value = "rutger"
    assert panel.name.value == "Rütger" and panel.role.value == "wijkregisseur"
    panel.role.value = "wijkmanager"
    panel.save_button.click()
    assert ws.journey.person("rutger").role == "wijkmanager"
    panel.chosen.value = "rutger"
    panel.remove_button.click()
    assert ws.journey.person("rutger", removed=True).removed
    assert "van de lijst gehaald" in panel.view.value
    panel.name.value = ""
    panel.add_button.click()
    assert "een persoon heeft een naam nodig" in panel.status.value


def test_board_author_and_voter_choose_from_the_roster_or_add_in_one_step(ws):
    board = make_canvas(ws, ws.journey.start_run("praktijksafari"))
    assert isinstance(board.author, PersonPicker)
    board.author.value = "Ria"
    board.author.add_button.click()  # a new person, added and chosen in one step
    assert ws.journey.person("ria").name == "Ria"
    assert board.author.value == "Ria" and "Ria staat nu op de presentielijst" in board.status.value
    assert "Ria" in board.voter.combo.options  # the other pickers follow
    board.text.value = "Donkere tunnel"
    board.add.click()
    board.text.value, board.author.value = "Meer licht", "rutger"
    board.add.click()
    assert "rutger&#x27; staat niet op de presentielijst; voeg" in board.status.value
    board.author.value = "Rutger"
    board.author.add_button.click()
    board.add.click()
    board.reveal_button.click()
    run = ws.journey.run(board.run_id)
    assert {n.author for n in run.notes.values()} == {"ria", "rutger"}
    ria_note = next(n.id for n in run.notes.values() if n.author == "ria")
    board.note_choice.value = ria_note
    for typed in ("rutger", "Rutger", "RÜTGER", "rütger"):
        board.voter.value = typed
        board.vote_button.click()
    assert ws.journey.run(board.run_id).notes[ria_note].votes == ["rutger"] * 3
    assert "Rutger heeft alle 3 stemmen al uitgebracht" in board.status.value
    board.voter.value = "Ria"
    board.vote_button.click()
    assert "niet op je eigen notitie" in board.status.value
    board.author.value = "Ria"
    board.author.add_button.click()  # already there: chosen, not added twice
    assert [p.id for p in ws.journey.people()] == ["ria", "rutger"]
    assert "Ria staat al op de presentielijst" in board.status.value


def test_consent_round_person_and_names_from_the_roster(ws):
    for number in (1, 2):
        ws.journey.emit("phase_closed", {"result": {}}, phase=number)
    widget = make_canvas(ws, ws.journey.start_run("samen-beslissen"))
    ws.journey.add_person("Noor Jansen")
    widget.proposal.value = "Verlichting in de tunnel"
    widget.set_proposal()
    widget.person.value, widget.reason.value = "noor", "Te fel"
    widget.object()
    assert widget.content()["objections"][0]["by"] == "noor-jansen"
    assert "Noor Jansen: Te fel" in widget.view.value


def test_sprint_app_shows_the_roster_live_and_static(ws):
    app = SprintApp(ws, 1)
    assert isinstance(app.roster(), RosterPanel)
    ws.journey.add_person("Ria")
    static = SprintApp(ws, 1, static=True).roster()
    assert "Ria" in static.data and "1 persoon" in static.data
