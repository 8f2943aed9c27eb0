"""The journey engine: commands, canvas rules, the gate, reopen, reset, export and import."""

from __future__ import annotations

import json

import pytest

from sprintkit.canvas import CanvasError
from sprintkit.engine import GateRefused, Journey, effective, exchange, fold
from sprintkit.errors import NotFoundError, SprintkitError
from sprintkit.kinds.board.actions import add_note, cluster_note, move_note, reveal, vote
from sprintkit.store import SQLiteStore
from sprintkit.workspace import open_journey, start_journey

SIX = [
    "betrokkenheid",
    "leren-van-eerder",
    "bestaande-structuren",
    "vier-omgevingen",
    "werkvormen",
    "concreet-resultaat",
]


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "session.sqlite") as s:
        yield s


@pytest.fixture
def journey(store, molenwijk):
    return start_journey(molenwijk, store=store, label="groep A")


def fill_sprint_1(j):
    j.set_result("pijnpunten", ["donker", "drugs", "leegstand"])
    j.set_result("vragen_en_behoeften", ["licht", "plek voor jongeren"])
    j.set_result("belemmeringen", ["geen budget"])
    j.set_result("urgentie", "Hoog: de meeste bewoners voelen de pijn.")
    for key in SIX:
        j.note_key_factor(key, f"notitie over {key}")


def test_state_is_always_the_fold_of_the_stored_events(journey, store):
    run = journey.start_run("praktijksafari")
    note = add_note(journey, run, "Tunnel is donker", author="ria_brouwer", column="gezien")
    cluster_note(journey, run, note, "Verlichting")
    refolded = fold(effective(store.read(journey.id)))
    assert refolded == journey.state
    assert open_journey(journey.casus, journey.id, store=store).state == journey.state


def test_board_rules(journey):
    run = journey.start_run("praktijksafari")
    a = add_note(journey, run, "Tunnel", author="ria_brouwer")
    b = add_note(journey, run, "Hangplek", author="dani")
    c = add_note(journey, run, "Zwerfvuil", author="samir_el_amrani")
    with pytest.raises(CanvasError, match="je eigen notitie"):
        vote(journey, run, a, "ria_brouwer")
    for note in (b, c, b):
        vote(journey, run, note, "ria_brouwer")
    with pytest.raises(CanvasError, match="alle 3 stemmen"):
        vote(journey, run, a, "ria_brouwer")
    with pytest.raises(CanvasError, match="onbekende kolom"):
        add_note(journey, run, "x", column="nergens")
    with pytest.raises(CanvasError, match="mag niet leeg zijn"):
        add_note(journey, run, "   ")
    with pytest.raises(CanvasError, match="geen notitie 'nope'"):
        move_note(journey, run, "nope", "gezien")
    assert journey.state.runs[run].notes[b].votes == ["ria_brouwer", "ria_brouwer"]
    assert not journey.state.runs[run].revealed
    reveal(journey, run)
    assert journey.state.runs[run].revealed


def test_board_without_voting_refuses_votes(journey):
    run = journey.start_run("onderzoek-socrates")
    note = add_note(journey, run, "Waarom denk ik dat?", author="dani")
    with pytest.raises(CanvasError, match="niet met stippen gestemd"):
        vote(journey, run, note, "ria_brouwer")


def test_a_work_form_of_another_sprint_is_refused(journey):
    with pytest.raises(SprintkitError, match="hoort bij sprint 4, niet bij sprint 1"):
        journey.start_run("kijk-door-de-bril")
    with pytest.raises(NotFoundError, match="bedoel je klantreis"):
        journey.start_run("klantrijs")


def test_gate_names_every_missing_field_and_key_factor(journey):
    with pytest.raises(GateRefused) as info:
        journey.close_phase()
    message = str(info.value)
    assert message.startswith("Sprint 1 kan nog niet worden afgerond; er ontbreken 10 dingen")
    assert "resultaatveld 'Pijnpunten' is leeg" in message
    assert "geen notitie bij sleutelfactor 'Leren van eerdere aanpakken'" in message
    fill_sprint_1(journey)
    journey.note_key_factor("werkvormen", "")  # clearing a note reopens the gap
    with pytest.raises(GateRefused) as info:
        journey.close_phase(lang="en")
    assert [g.key for g in info.value.gaps] == ["werkvormen"]
    assert "no note for key factor 'Work forms'" in str(info.value)


def test_closed_result_is_input_of_the_next_sprint(journey):
    fill_sprint_1(journey)
    result = journey.close_phase()
    assert journey.current_phase == 2
    view = journey.view()
    assert view.phase.name.nl == "Dit is er aan de hand"
    assert view.inputs == {1: result}
    assert [f.key for f, _ in view.prompts] == SIX
    assert [w.slug for w in view.workforms][:2] == ["empathiekaart", "toon-me-je-leven"]
    with pytest.raises(SprintkitError, match="Sprint 1 is al afgerond"):
        journey.set_result("urgentie", "x", phase=1)


def test_ontwerpbrief_needs_approval_of_every_betrokkene(store, molenwijk):
    j = start_journey(molenwijk, store=store)
    for phase in (1, 2):
        j.emit("phase_closed", {"result": {}}, phase=phase)  # skip ahead for this test
    values = {
        "probleem": "p",
        "feiten": ["a", "b"],
        "eerdere_sprints": "e",
        "tijdspad": "t",
        "impact": "i",
        "betrokkenen": ["ria_brouwer", "gemeente_veenstede"],
        "begeleiders": ["iris_verkerk"],
        "akkoord": {"ria_brouwer": True},
    }
    for key, value in values.items():
        j.set_result(key, value)
    for key in SIX:
        j.note_key_factor(key, "ok")
    with pytest.raises(GateRefused) as info:
        j.close_phase()
    assert [g.key for g in info.value.gaps] == ["akkoord:gemeente_veenstede"]
    assert "'Gemeente Veenstede' heeft nog niet ingestemd" in str(info.value)
    j.set_result("akkoord", {"ria_brouwer": True, "gemeente_veenstede": True})
    assert j.close_phase()["akkoord"]["gemeente_veenstede"] is True


def test_result_values_are_checked_by_kind(journey):
    with pytest.raises(SprintkitError, match="verwacht een lijst") as info:
        journey.set_result("pijnpunten", "donker")
    assert info.value.text("en").endswith("expected a list")
    with pytest.raises(SprintkitError, match="geen veld 'pijnpunt'"):
        journey.set_result("pijnpunt", ["x"])
    with pytest.raises(SprintkitError, match="onbekende partijen: niemand"):
        journey.set_result("betrokkenen", ["niemand"], phase=3)


def test_reopening_a_sprint_keeps_everything(journey):
    fill_sprint_1(journey)
    journey.close_phase()
    journey.reopen_phase(1)
    assert journey.current_phase == 1
    phase = journey.state.phase(1)
    assert phase.result["urgentie"].startswith("Hoog") and phase.closed_result is not None
    assert phase.times_reopened == 1
    journey.set_result("urgentie", "Zeer hoog.")
    assert journey.close_phase()["urgentie"] == "Zeer hoog."


def test_undo_is_compensating_and_undo_of_undo_redoes(journey):
    run = journey.start_run("praktijksafari")
    note = add_note(journey, run, "Tunnel", author="ria_brouwer")
    count = len(journey.events)
    journey.undo()
    assert note not in journey.state.runs[run].notes
    assert len(journey.events) == count + 1  # nothing deleted
    journey.redo()
    assert journey.state.runs[run].notes[note].text == "Tunnel"


def test_undone_note_leaves_later_votes_harmless(journey):
    run = journey.start_run("praktijksafari")
    note = add_note(journey, run, "Tunnel", author="ria_brouwer")
    vote(journey, run, note, "dani")
    added = next(e for e in journey.events if e.kind == "note_added")
    journey.undo(added.id)
    assert journey.state.runs[run].notes == {}


def test_reset_clears_state_but_keeps_the_log(journey):
    fill_sprint_1(journey)
    count = len(journey.events)
    journey.reset()
    assert journey.state.phase(1).result == {} and journey.state.resets == 1
    assert len(journey.events) == count + 1


def test_two_journeys_of_one_casus_side_by_side(store, molenwijk):
    a = start_journey(molenwijk, store=store, label="groep A")
    b = start_journey(molenwijk, store=store, label="groep B")
    run = a.start_run("praktijksafari")
    add_note(a, run, "alleen in A", author="dani")
    assert Journey.ids(store, "molenwijk") == [a.id, b.id]
    assert b.state.runs == {}
    assert open_journey(molenwijk, store=store).id == b.id  # latest


def test_export_import_round_trip(journey, tmp_path):
    run = journey.start_run("praktijksafari")
    add_note(journey, run, "Tunnel", author="ria_brouwer")
    journey.undo()
    data = exchange.export_journey(journey.store, journey.id)
    assert data["format"] == "sprintkit-journey" and data["version"] == 1
    with SQLiteStore(tmp_path / "other.sqlite") as other:
        exchange.import_journey(json.loads(json.dumps(data)), other)
        assert exchange.export_journey(other, journey.id) == data
        copy = open_journey(journey.casus, journey.id, store=other)
        assert copy.state == journey.state
        with pytest.raises(SprintkitError, match="staat al in deze opslag"):
            exchange.import_journey(data, other)
    with pytest.raises(SprintkitError, match="geen sprintkit-export van een traject"):
        exchange.import_journey({"format": "other"}, journey.store)


def test_csv_of_notes_and_votes(journey):
    run = journey.start_run("praktijksafari")
    note = add_note(journey, run, 'Tunnel, "donker"', author="ria_brouwer", cluster="Licht")
    vote(journey, run, note, "dani")
    notes = exchange.notes_csv(journey.state).splitlines()
    assert notes[0] == "phase,workform,run,note,column,cluster,text,author,votes"
    assert notes[1].endswith(',Licht,"Tunnel, ""donker""",ria_brouwer,1')
    assert exchange.votes_csv(journey.state).splitlines()[1].endswith(f"{note},dani")


def test_anonymised_export_has_no_names_and_drops_personal_text(journey):
    run = journey.start_run("praktijksafari")
    add_note(
        journey, run, "Ria Brouwer zegt dat Dani vaak bij de tunnel staat", author="ria_brouwer"
    )
    add_note(
        journey, run, "Mijn buurman slaat zijn kinderen", author="samir_el_amrani", personal=True
    )
    journey.set_glijbaan("dani", 2)
    data = exchange.anonymise(exchange.export_journey(journey.store, journey.id), journey.casus)
    text = json.dumps(data, ensure_ascii=False)
    for actor in journey.casus.actors:
        assert actor.name not in text, actor.name
        assert f'"{actor.id}"' not in text, actor.id
    assert exchange.PERSONAL_REMOVED in text and "buurman" not in text
    authors = [e["author"] for e in data["events"] if e["kind"] == "note_added"]
    ria = next(e["author"] for e in data["events"] if "zegt dat" in e["payload"].get("text", ""))
    assert ria.startswith("deelnemer-") and authors.count(ria) == 1
    assert f"{ria} zegt dat" in text  # stable within one export: the author and her name
    again = exchange.anonymise(exchange.export_journey(journey.store, journey.id), journey.casus)
    assert ria not in json.dumps(again)  # two exports cannot be linked by their pseudonyms


def test_every_canvas_operation_is_checked_before_it_is_stored(journey):
    run = journey.start_run("praktijksafari")
    count = len(journey.events)
    with pytest.raises(CanvasError, match="kent de handeling .item_placed. niet"):
        journey.canvas_op(run, "item_placed", {"item": "x", "text": "t", "x": 0, "y": 0})
    with pytest.raises(SprintkitError, match="stuurteken"):
        add_note(journey, run, "bel\x07")
    assert len(journey.events) == count


def test_add_intervention_places_an_idea_in_an_environment(store, molenwijk):
    j = start_journey(molenwijk, store=store, at_sprint=4, demo=True)
    before = len(j.state.phase(4).result.get("ideeen", []))
    ident = j.add_intervention("ideeen", "Buurtconciërge", "social", owner="gemeente_veenstede")
    ideas = j.state.phase(4).result["ideeen"]
    assert len(ideas) == before + 1 and ideas[-1]["id"] == ident
    assert ident in {iv.id for iv in j.interventions()}
    with pytest.raises(SprintkitError, match="ongeldige waarde"):
        j.add_intervention("ideeen", "Iets", "nergens")


def test_an_unknown_actor_on_the_glijbaan_is_refused_in_dutch(journey):
    with pytest.raises(SprintkitError, match="de casus kent geen actor 'niemand'") as info:
        journey.set_glijbaan("niemand", 2)
    assert info.value.text("en") == "the case has no actor 'niemand'"


def test_the_stage_tells_the_room_what_happens_and_survives_export(journey):
    from sprintkit.engine import exchange
    from sprintkit.workspace import import_journey

    run = journey.start_run("praktijksafari")
    assert journey.state.stage.stage == "join" and journey.state.stage.run is None
    journey.set_stage("capture", run)
    assert (journey.state.stage.stage, journey.state.stage.run) == ("capture", run)
    with pytest.raises(SprintkitError, match="gaat over een werkvorm"):
        journey.set_stage("vote")
    with pytest.raises(SprintkitError, match="de sessie kent geen fase 'dansen'"):
        journey.set_stage("dansen", run)
    journey.undo()
    assert journey.state.stage.stage == "join"
    journey.set_stage("vote", run)
    data = exchange.export_journey(journey.store, journey.id)
    other = SQLiteStore(":memory:")
    journey_id = import_journey(journey.casus, data, store=other)
    imported = Journey(journey.casus, journey.method, journey.workforms(1), other, journey_id)
    assert imported.state.stage == journey.state.stage
