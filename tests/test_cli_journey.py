from __future__ import annotations

import json

from sprintkit.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_journey_commands_end_to_end(tmp_path, capsys):
    store = str(tmp_path / "s.sqlite")
    code, out, _ = run(
        capsys, "journey", "start", "molenwijk", "--store", store, "--label", "groep A"
    )
    assert code == 0 and "gestart voor molenwijk bij sprint 1" in out
    code, out, _ = run(capsys, "journey", "status", "molenwijk", "--store", store)
    assert code == 0 and "Huidige sprint: 1 Zien en voelen" in out
    assert "resultaatveld 'Pijnpunten' is leeg" in out
    code, _, err = run(capsys, "journey", "close", "molenwijk", "--store", store)
    assert code == 1 and "Sprint 1 kan nog niet worden afgerond" in err
    assert "Traceback" not in err
    out_file = tmp_path / "export.json"
    code, out, _ = run(
        capsys, "journey", "export", "molenwijk", "--store", store, "--out", str(out_file)
    )
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert code == 0 and data["format"] == "sprintkit-journey"
    code, out, _ = run(capsys, "journey", "reset", "molenwijk", "--store", store)
    assert code == 0 and "teruggezet" in out


def test_trainer_start_and_close_with_fill(tmp_path, capsys):
    store = str(tmp_path / "s.sqlite")
    code, out, _ = run(
        capsys,
        "--lang",
        "en",
        "journey",
        "start",
        "molenwijk",
        "--store",
        store,
        "--at",
        "3",
        "--demo",
    )
    assert code == 0 and "at sprint 3" in out
    code, out, _ = run(capsys, "--lang", "en", "journey", "status", "molenwijk", "--store", store)
    assert "[✔] 1. See and feel" in out and "[✔] 2." in out and "[ ] 3." in out


def test_export_formats_and_anonymise(tmp_path, capsys):
    store = str(tmp_path / "s.sqlite")
    run(capsys, "journey", "start", "molenwijk", "--store", store, "--at", "2", "--demo")
    anon = tmp_path / "anon.json"
    code, _, _ = run(
        capsys,
        "journey",
        "export",
        "molenwijk",
        "--store",
        store,
        "--out",
        str(anon),
        "--anonymise",
    )
    assert code == 0 and "Ria Brouwer" not in anon.read_text(encoding="utf-8")
    notes = tmp_path / "notes.csv"
    code, _, _ = run(
        capsys,
        "journey",
        "export",
        "molenwijk",
        "--store",
        store,
        "--out",
        str(notes),
        "--format",
        "notes-csv",
    )
    assert code == 0 and notes.read_text(encoding="utf-8").startswith("phase,workform")
    code, _, err = run(
        capsys,
        "journey",
        "export",
        "molenwijk",
        "--store",
        store,
        "--out",
        str(notes),
        "--format",
        "pdf",
    )
    assert code == 1 and "onbekend formaat" in err


def test_import_into_another_store(tmp_path, capsys):
    first, second = str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite")
    run(capsys, "journey", "start", "molenwijk", "--store", first)
    export = tmp_path / "j.json"
    run(capsys, "journey", "export", "molenwijk", "--store", first, "--out", str(export))
    code, out, _ = run(capsys, "journey", "import", "molenwijk", str(export), "--store", second)
    assert code == 0 and out.strip() == json.loads(export.read_text())["journey"]


def test_no_journey_yet_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(
        capsys, "journey", "status", "molenwijk", "--store", str(tmp_path / "empty.sqlite")
    )
    assert code == 1 and "Er is nog geen traject" in err
