"""Import is all-or-nothing and checked like a live session; reads never make a store."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest

from sprintkit.cli import main
from sprintkit.engine import effective, fold
from sprintkit.engine.exchange import ImportRefused, export_journey
from sprintkit.errors import SprintkitError
from sprintkit.kinds.board.actions import add_note, reveal, vote
from sprintkit.new_casus import copy_casus
from sprintkit.store import SQLiteStore
from sprintkit.workspace import demo_journey, import_journey

JOURNEYS = Path(__file__).parent / "journeys"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def rows(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM events").fetchone()[0]


@pytest.fixture(scope="module")
def good():
    """A molenwijk journey through sprint 1 (demo) plus a board with notes, votes and an undo."""
    journey = demo_journey("molenwijk", through=1, store=SQLiteStore(":memory:"))
    journey.reopen_phase(1)
    run = journey.start_run("praktijksafari", 1)
    notes = [add_note(journey, run, f"notitie {i}", author="ria_brouwer") for i in range(3)]
    reveal(journey, run)
    for note in notes:
        vote(journey, run, note, "dani")
    journey.undo()
    return export_journey(journey.store, journey.id), journey.state, run


def _refused(data, store, match):
    before = rows(store.path)
    with pytest.raises(ImportRefused) as refused:
        import_journey("molenwijk", data, store=store)
    text = str(refused.value)
    assert "import geweigerd, er is niets opgeslagen" in text
    assert match in text
    assert rows(store.path) == before  # nothing stored
    return text


def test_a_good_export_imports_and_refolds_equal(good, tmp_path):
    data, state, _ = good
    store = SQLiteStore(tmp_path / "s.sqlite")
    journey_id = import_journey("molenwijk", copy.deepcopy(data), store=store)
    assert fold(effective(store.read(journey_id))) == state
    assert export_journey(store, journey_id) == data


def test_the_stored_older_journey_passes_the_full_checks(tmp_path):
    data = json.loads((JOURNEYS / "molenwijk-before-typed-commands.json").read_text())["export"]
    store = SQLiteStore(tmp_path / "s.sqlite")
    assert import_journey("molenwijk", data, store=store) == data["journey"]


def test_a_kvu_demo_journey_passes_the_full_checks(tmp_path):
    journey = demo_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    data = export_journey(journey.store, journey.id)
    store = SQLiteStore(tmp_path / "s.sqlite")
    import_journey("nachtkwartier", data, store=store)
    assert fold(effective(store.read(journey.id))) == journey.state


def _event(data, kind, nth=0):
    found = [(i, e) for i, e in enumerate(data["events"]) if e["kind"] == kind]
    return found[nth]


def test_a_vote_for_a_missing_note_is_refused(good, tmp_path):
    data = copy.deepcopy(good[0])
    i, e = _event(data, "vote_cast", -1)
    e["payload"]["note"] = "bestaat-niet"
    text = _refused(data, SQLiteStore(tmp_path / "s.sqlite"), f"gebeurtenis {i + 1} (id {e['id']}")
    assert "geen notitie 'bestaat-niet'" in text


def test_an_event_for_phase_99_is_refused(good, tmp_path):
    data = copy.deepcopy(good[0])
    i, e = _event(data, "key_factor_noted")
    e["phase"] = 99
    text = _refused(data, SQLiteStore(tmp_path / "s.sqlite"), f"gebeurtenis {i + 1}")
    assert "fase 99 bestaat niet in methode 'wijkaanpak'" in text


def test_an_unknown_event_kind_is_refused(good, tmp_path):
    data = copy.deepcopy(good[0])
    data["events"][3]["kind"] = "note_exploded"
    data["events"][3]["run"] = None
    text = _refused(data, SQLiteStore(tmp_path / "s.sqlite"), "gebeurtenis 4")
    assert "onbekende soort gebeurtenis" in text and "note_exploded" in text


def test_a_vote_over_budget_and_a_self_vote_are_refused(good, tmp_path):
    data = copy.deepcopy(good[0])
    i, e = _event(data, "vote_cast", -1)
    extra = [{**e, "id": f"extra{k}", "payload": {"note": e["payload"]["note"]}} for k in range(3)]
    data["events"][i + 1 : i + 1] = extra
    _refused(data, SQLiteStore(tmp_path / "a.sqlite"), "stemmen")
    data = copy.deepcopy(good[0])
    i, e = _event(data, "vote_cast", -1)
    e["author"] = "ria_brouwer"  # ria wrote every note on that board
    _refused(data, SQLiteStore(tmp_path / "b.sqlite"), f"gebeurtenis {i + 1}")


def test_a_note_on_a_closed_phase_and_a_broken_undo_are_refused(good, tmp_path):
    data = copy.deepcopy(good[0])
    i, _ = _event(data, "phase_reopened")
    del data["events"][i]
    _refused(data, SQLiteStore(tmp_path / "a.sqlite"), "is al afgerond")
    data = copy.deepcopy(good[0])
    i, e = _event(data, "undo", -1)
    e["payload"]["target"] = "nergens"
    _refused(data, SQLiteStore(tmp_path / "b.sqlite"), "maakt 'nergens' ongedaan")


def test_a_duplicate_journey_or_taken_ids_store_nothing(good, tmp_path):
    data = good[0]
    store = SQLiteStore(tmp_path / "s.sqlite")
    import_journey("molenwijk", copy.deepcopy(data), store=store)
    before = rows(store.path)
    with pytest.raises(SprintkitError, match="bestaat al|al "):
        import_journey("molenwijk", copy.deepcopy(data), store=store)
    other = copy.deepcopy(data)
    other["journey"] = "andere-reis"
    for e in other["events"]:
        e["journey"] = "andere-reis"
    text = _refused(other, store, "gebeurtenis 1")  # ids are global: refused at the append
    assert "staat al in de opslag" in text
    assert rows(store.path) == before and store.journeys() == [data["journey"]]


def test_cli_import_refusal_is_one_dutch_line(good, tmp_path, capsys):
    data = copy.deepcopy(good[0])
    _event(data, "vote_cast", -1)[1]["payload"]["note"] = "weg"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    store = tmp_path / "s.sqlite"
    code, _, err = run(capsys, "journey", "import", "molenwijk", str(source), "--store", str(store))
    assert code == 1 and "import geweigerd" in err and "Traceback" not in err
    assert not store.exists() or rows(store) == 0


# -- delete ---------------------------------------------------------------------------------------
def test_journey_delete_asks_first(good, tmp_path, capsys, monkeypatch):
    store = tmp_path / "s.sqlite"
    journey_id = import_journey("molenwijk", copy.deepcopy(good[0]), store=SQLiteStore(store))
    monkeypatch.setattr("typer.confirm", lambda *a, **k: False)
    args = ("journey", "delete", "molenwijk", "--journey", journey_id, "--store", str(store))
    code, out, _ = run(capsys, *args)
    assert code == 1 and "Niets verwijderd" in out and rows(store) > 0
    monkeypatch.setattr("typer.confirm", lambda *a, **k: True)
    code, out, _ = run(capsys, *args)
    assert code == 0 and f"Traject {journey_id} is verwijderd" in out and rows(store) == 0
    code, _, err = run(capsys, *args, "--ja")
    assert code == 1 and "geen traject" in err


def test_journey_delete_with_yes_keeps_other_journeys(tmp_path, capsys):
    store = str(tmp_path / "s.sqlite")
    run(capsys, "journey", "start", "molenwijk", "--store", store)
    run(capsys, "journey", "start", "molenwijk", "--store", store)
    first, second = SQLiteStore(store).journeys()
    code, out, _ = run(
        capsys, "journey", "delete", "molenwijk", "--journey", first, "--store", store, "--yes"
    )
    assert code == 0 and "(1 gebeurtenis)" in out
    assert SQLiteStore(store).journeys() == [second]


# -- read-only commands ---------------------------------------------------------------------------
@pytest.fixture
def casus(tmp_path):
    folder = tmp_path / "wijk"
    copy_casus("molenwijk", folder)
    return folder


def test_status_and_info_on_a_casus_without_a_store_create_nothing(casus, capsys):
    code, _, err = run(capsys, "journey", "status", str(casus))
    assert code == 1 and "Er is nog geen traject" in err and "niets aangemaakt" in err
    for args in (("info", str(casus)), ("journey", "export", str(casus), "--out", "/tmp/x.json")):
        run(capsys, *args)
    code, _, _ = run(capsys, "report", str(casus), "--kind", "journey", "--out", "/tmp/r.md")
    assert code == 1
    assert not (casus / ".sprintkit").exists()


def test_out_onto_the_store_or_into_the_casus_is_refused(casus, tmp_path, capsys):
    code, _, _ = run(capsys, "journey", "start", str(casus))
    assert code == 0
    session = casus / ".sprintkit" / "session.sqlite"
    before = rows(session)
    code, _, err = run(capsys, "journey", "export", str(casus), "--out", str(session))
    assert code == 1 and "wijst naar de sessie-opslag" in err
    assert rows(session) == before
    code, _, err = run(capsys, "journey", "export", str(casus), "--out", str(casus / "j.json"))
    assert code == 1 and "ligt in de casusmap" in err and not (casus / "j.json").exists()
    code, _, err = run(
        capsys, "report", str(casus), "--kind", "journey", "--out", str(session), "--format", "md"
    )
    assert code == 1 and "sessie-opslag" in err and rows(session) == before
    code, _, _ = run(capsys, "journey", "export", str(casus), "--out", str(tmp_path / "j.json"))
    assert code == 0
