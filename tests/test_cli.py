from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from sprintkit import catalogue
from sprintkit.cli import main
from sprintkit.loading import load_casus

ROOT = Path(__file__).resolve().parent.parent


def test_validate_exit_codes(capsys, write):
    assert main(["validate", str(ROOT / "casus" / "molenwijk")]) == 0
    assert "geldig" in capsys.readouterr().out
    bad = write("bad/casus.yaml", "id: [\n")
    assert main(["validate", str(bad.parent)]) == 1
    capsys.readouterr()
    assert main(["validate", "/no/such/path"]) == 1  # a Dutch message, not typer's English
    assert "/no/such/path bestaat niet" in capsys.readouterr().err


def test_validate_several_paths_reports_each(capsys, write):
    bad = write("wf.yaml", "canvas: {kind: board}\n")
    code = main(["--lang", "en", "validate", str(ROOT / "workforms"), str(bad)])
    out = capsys.readouterr()
    assert code == 1
    forms = ROOT / "workforms"
    files = len([*forms.glob("*.yaml"), *forms.glob("maatregelen/*.yaml")]) + 1
    assert f"1 of {files} files invalid" in out.err  # files, not the two paths
    assert "workforms: valid" in out.out


def test_validate_counts_the_files_of_a_folder(capsys, tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    for path in sorted((ROOT / "workforms" / "maatregelen").glob("*.yaml"))[:9]:  # measures
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "kapot.yaml").write_text("slug: kapot\ncanvas: {kind: board}\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.rstrip().endswith("1 van 10 bestanden ongeldig"), err


def test_plugin_warnings_are_one_line_naming_the_package(capsys, monkeypatch, tmp_path):
    from importlib import metadata

    from sprintkit import registry

    (tmp_path / "buurtplug.py").write_text("class Board:\n    kind = 'board'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    real = registry._entry_points

    def with_clash(group):
        found = real(group)
        if group == "canvas_kinds":
            found.append(metadata.EntryPoint("bord", "buurtplug:Board", "sprintkit.canvas_kinds"))
        return found

    monkeypatch.setattr(registry, "_entry_points", with_clash)
    registry.reload()
    try:
        assert main(["--lang", "en", "plugins"]) == 0
    finally:
        monkeypatch.undo()
        registry.reload()
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "Plugin buurtplug: canvas kind 'board' already belongs to sprintkit; "
        "the one from buurtplug was skipped."
    ]


def test_console_script_has_no_traceback_for_user_errors():
    exe = Path(sys.executable).with_name("sprintkit")
    out = subprocess.run([str(exe), "info", "molenwjk"], capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "geen casus 'molenwjk'; bedoel je 'molenwijk'? (bekend: molenwijk, nachtkwartier)"
    )


def test_info_prints_a_dutch_summary(capsys):
    assert main(["info", "molenwijk"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "Casus Molenwijk",
        "Fictieve casus",
        "7 sprints",
        "inwoners",
        "(ex-)criminelen",
        "fysieke omgeving:",
        "Bekende interventies",
        "Buitenfitnesstoestellen",
        "werkt naar verwachting door in sociale omgeving",
    ):
        assert expected in out, expected


def test_info_in_english(capsys):
    assert main(["--lang", "en", "info", "nachtkwartier"]) == 0
    out = capsys.readouterr().out
    assert "Fictional case" in out and "7 steps" in out and "physical environment:" in out


def test_new_copies_a_case_with_a_fresh_id(tmp_path, capsys):
    target = tmp_path / "Mijn Wijk"
    assert main(["new", str(target), "--from", "molenwijk"]) == 0
    casus = load_casus(target)
    assert casus.id == "mijn-wijk"
    original = (ROOT / "casus" / "molenwijk" / "casus.yaml").read_text(encoding="utf-8")
    copied = (target / "casus.yaml").read_text(encoding="utf-8")
    assert "#" in original and copied.count("#") == original.count("#")  # comments kept
    changed = [
        (a, b) for a, b in zip(original.splitlines(), copied.splitlines(), strict=True) if a != b
    ]
    assert [b.split("=")[0] for b, _ in changed] == [
        "# yaml-language-server: $schema",
        "id: molenwijk",
    ]
    assert main(["new", str(target)]) == 1  # refuses to overwrite
    assert "bestaat al" in capsys.readouterr().err


def test_workforms_list_filters_and_json(capsys, monkeypatch):
    monkeypatch.setenv("SPRINTKIT_DISABLE_PLUGINS", "1")  # built-ins only; see test_plugin_example
    catalogue.reload()
    assert main(["workforms", "list", "--sprint", "3", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["slug"] for r in rows} >= {"klantreis", "samen-beslissen"}
    assert all(3 in r["phases"] for r in rows)
    assert all(r["source"] == "builtin" for r in rows)
    assert main(["workforms", "list", "--method", "kvu"]) == 0
    out = capsys.readouterr().out
    assert "kvu-schouw" in out and "klantreis" not in out


def test_workforms_show_and_did_you_mean(capsys):
    assert main(["workforms", "show", "empathiekaart"]) == 0
    out = capsys.readouterr().out
    assert "Stappen:" in out and "Opbrengst:" in out
    assert main(["workforms", "show", "empathiekart"]) == 1
    assert "bedoel je 'empathiekaart'" in capsys.readouterr().err


def test_schema_kinds_are_checked(capsys):
    assert main(["schema", "nonsense"]) == 2


def test_new_refuses_a_broken_source(tmp_path, capsys):
    source = tmp_path / "src"
    shutil.copytree(ROOT / "casus" / "nachtkwartier", source)
    data = yaml.safe_load((source / "casus.yaml").read_text(encoding="utf-8"))
    data["actors"][0]["kind"] = "nobody"
    (source / "casus.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["new", str(tmp_path / "dst"), "--from", str(source)]) == 1
    assert not (tmp_path / "dst").exists()


def test_workforms_list_and_show_with_a_casus(capsys, tmp_path):
    from sprintkit.new_casus import new_casus

    folder = tmp_path / "oefenwijk"
    new_casus(folder, "molenwijk", demo=False)
    data = yaml.safe_load((ROOT / "workforms" / "praktijksafari.yaml").read_text("utf-8"))
    data["slug"] = "buurtrondje"
    (folder / "workforms").mkdir()
    (folder / "workforms" / "buurtrondje.yaml").write_text(yaml.safe_dump(data), "utf-8")
    assert main(["workforms", "list", "--casus", str(folder), "--json"]) == 0
    rows = {r["slug"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["buurtrondje"]["source"] == "casus oefenwijk"
    assert {r["method"] for r in rows.values()} == {"wijkaanpak"}  # the casus' method only
    assert main(["workforms", "list"]) == 0
    assert "buurtrondje" not in capsys.readouterr().out
    assert main(["--lang", "en", "workforms", "show", "buurtrondje", "--casus", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Columns:\n  - gezien (Seen): What did you see along the way" in out
    assert out.rstrip().endswith("From: casus oefenwijk")
    assert main(["workforms", "show", "buurtrondje"]) == 1  # not without the casus


def test_workforms_show_lists_a_fields_maps_fields(capsys):
    assert main(["workforms", "show", "empathiekaart"]) == 0
    out = capsys.readouterr().out
    assert "Canvas: fields_map\nVelden:\n  - denken_voelen (Denken en voelen)" in out
    assert "Herkomst: builtin" in out
