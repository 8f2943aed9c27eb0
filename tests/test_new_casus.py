"""`sprintkit new`: a clean start from the blank template, or a copy without the old case."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from sprintkit.cli import main
from sprintkit.loading import load_casus
from sprintkit.new_casus import new_casus
from sprintkit.validate_paths import validate_path


@pytest.fixture(scope="module")
def molenwijk_words():
    """Every proper name and the description of Molenwijk: none may reach a clean start."""
    casus = load_casus("molenwijk")
    words = {casus.name, casus.area.municipality, *casus.area.streets, *casus.area.facilities}
    words |= {a.name for a in casus.actors} | {o.name for o in casus.organisations}
    words |= {i.name.nl for i in casus.indicators} | {i.name.nl for i in casus.interventions}
    words |= {s.name for s in casus.structures}
    words.add(casus.description.nl[:60])
    return {w for w in words if len(w) > 3}


def _text(folder: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()
    )


def _schema_of(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file://"), first
    return Path(url2pathname(urlparse(first.split("$schema=", 1)[1]).path))


def test_new_starts_from_the_blank_template(tmp_path, capsys, molenwijk_words):
    target = tmp_path / "Wijk Zuid"
    assert main(["new", str(target)]) == 0
    out = capsys.readouterr().out
    assert "uit het lege sjabloon" in out and "docs/casus.md" in out
    assert "sprintkit validate" in out and "name en description" in out
    assert validate_path(target, "nl") == []
    casus = load_casus(target)
    assert (casus.id, casus.name, casus.fictional, casus.demo) == (
        "wijk-zuid",
        "Wijk Zuid",
        True,
        {},
    )
    text = _text(target)
    assert not [w for w in molenwijk_words if w in text]
    assert "molenwijk" not in text.lower() and not (target / "demo").exists()
    assert _schema_of(target / "casus.yaml").is_file()


def test_new_from_molenwijk_without_demo_and_a_name(tmp_path, molenwijk_words):
    target = tmp_path / "oefen"
    assert (
        main(["new", str(target), "--van", "molenwijk", "--zonder-demo", "--naam", "Oud-Zuid"]) == 0
    )
    assert validate_path(target, "en") == []
    casus = load_casus(target)
    assert (casus.name, casus.demo) == ("Oud-Zuid", {})
    assert not (target / "demo").exists()
    assert "Molenwijk is een verzonnen wijk" not in (target / "casus.yaml").read_text("utf-8")
    assert _schema_of(target / "casus.yaml").name == "casus.schema.json"


def test_from_is_an_alias_and_demo_files_point_at_the_installed_schema(tmp_path):
    new_casus(tmp_path / "kopie", "molenwijk")
    demos = sorted((tmp_path / "kopie" / "demo").glob("*.yaml"))
    assert len(demos) == 7
    assert {_schema_of(d) for d in demos} == {_schema_of(demos[0])}
    assert _schema_of(demos[0]).name == "demo.schema.json" and _schema_of(demos[0]).is_file()
    assert main(["new", str(tmp_path / "twee"), "--from", "molenwijk", "--naam", "Twee"]) == 0
    assert load_casus(tmp_path / "twee").name == "Twee"


def test_schema_path_prints_the_installed_file(capsys):
    assert main(["schema", "casus", "--path"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.is_absolute() and path.name == "casus.schema.json" and path.is_file()
