"""The KVU measure catalogue (workforms/maatregelen), its validation and the Nachtkwartier demo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sprintkit.errors import FileValidationError, NotFoundError
from sprintkit.kvu import cycle
from sprintkit.kvu.measures import find_measure, load_measures, measures
from sprintkit.kvu.werkgroep import check_working_group
from sprintkit.loading import load_casus, load_method, load_yaml_model
from sprintkit.model import MeasureSpec
from sprintkit.store import SQLiteStore
from sprintkit.validate_paths import kind_of, validate_path
from sprintkit.workspace import play_demo, start_journey

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "workforms" / "maatregelen"
FILES = sorted(CATALOGUE.glob("*.yaml"))
NACHTKWARTIER = ROOT / "casus" / "nachtkwartier"
#: the sources table of the KVU domain notes: every measure names one of these pages
SOURCE_URLS = {
    "https://www.putten.nl/Ondernemers/Horeca/Kwaliteitsmeter_Veilig_Uitgaan/"
    "Kwaliteitsmeter_Veilig_Uitgaan_start_met_maatregelen",
    "https://pvo-nl.nl/themas/gebiedsgerichte-aanpak/veilig-uitgaansgebied/"
    "welke-maatregelen-horen-bij-veilig-uitgaansgebied/",
    "https://beveiligingnieuws.nl/?p=35390",
    "https://www.bastionoranje.nl/index.php?pagina=nieuws&categorie=303&artikel=1688",
    "https://doetinchem.nl/horecaconvenant-2022-2025-gemeente-doetinchem",
    "https://roosendaal.nl/nieuws/horecaconvenant-over-uitgaan-roosendaalse-binnenstad",
    "https://docplayer.nl/amp/8707964-Keuzewijzer-veilig-uitgaan.html",
    "https://hetccv.nl/onderwerpen/keuzewijzer-veilig-uitgaan/themas-in-de-keuzewijzer/",
    "https://www.gemeenteberkelland.nl/Inwoners/Nieuwsberichten/Nieuws/2018/November/"
    "Horeca_convenant_Veilig_Uitgaan_ondertekend",
}

BROKEN_CATEGORY = """\
schema_version: 1
id: kapot
name: {nl: Kapotte maatregel, en: Broken measure}
description: {nl: Een maatregel met een fout., en: A measure with a mistake.}
category: handhaving
themes: [geweld]
environment: social
owner_type: municipality
parties: [municipality]
source: {title: Test}
"""


def _measure_text(measure_id: str, name_nl: str) -> str:
    return (
        BROKEN_CATEGORY.replace("id: kapot", f"id: {measure_id}")
        .replace("category: handhaving", "category: veiligheid")
        .replace("Kapotte maatregel", name_nl)
    )


# -- the catalogue -------------------------------------------------------------------------------
def test_the_catalogue_has_about_twenty_measures():
    assert len(FILES) >= 20
    assert len(measures()) == len(FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_catalogue_file_loads_with_its_file_name_as_id(path):
    loaded, problems = load_yaml_model(path, MeasureSpec)
    assert problems == []
    spec = loaded.model
    assert spec.id == path.stem
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../sprintkit/schemas/measure.schema.json"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_measure_is_bilingual_sourced_and_honest(path):
    spec = load_yaml_model(path, MeasureSpec)[0].model
    for text in (spec.name, spec.description):
        assert text.nl and text.en and text.nl != text.en
    assert spec.themes and spec.parties and spec.own_defaults
    assert spec.owner_type in spec.parties, "the owner takes part in its own measure"
    assert spec.source.title
    assert spec.source.url in SOURCE_URLS or (spec.source.url is None and spec.source.note)
    # the sources do not say which measure is effective, so no measure may claim it
    words = f"{spec.description.nl} {spec.description.en}".lower()
    for claim in ("effectief", "effective", "veelbelovend", "promising", "bewezen", "proven"):
        assert claim not in words, f"{path.name} claims '{claim}'"


def test_catalogue_ids_are_unique_and_cover_every_environment():
    found = [load_yaml_model(p, MeasureSpec)[0].model for p in FILES]
    ids = [m.id for m in found]
    assert len(ids) == len(set(ids))
    assert {m.environment.value for m in found} == {
        "social",
        "physical",
        "institutional",
        "criminal",
    }
    themes = {t for m in found for t in m.themes}
    assert {"lachgas", "seksuele_intimidatie", "vervoer", "brandveiligheid"} <= themes


def test_find_measure_with_a_typo_suggests_the_right_id():
    assert find_measure("susteam").name.en.startswith("De-escalation")
    with pytest.raises(NotFoundError) as caught:
        find_measure("susteem")
    assert "'susteam'" in str(caught.value)
    with pytest.raises(NotFoundError) as caught:
        find_measure("collectieve-huisregel")
    assert "'collectieve-huisregels'" in str(caught.value)


# -- a casus' own measures ------------------------------------------------------------------------
@pytest.fixture
def own_casus(tmp_path):
    folder = tmp_path / "nachtkwartier"
    shutil.copytree(NACHTKWARTIER, folder)
    own = folder / "maatregelen"
    own.mkdir()
    (own / "susteam.yaml").write_text(
        _measure_text("susteam", "Straatcoaches van het jongerenwerk"), encoding="utf-8"
    )
    (own / "buurtbus.yaml").write_text(_measure_text("buurtbus", "Buurtbus"), encoding="utf-8")
    return folder


def test_a_casus_measure_replaces_the_builtin_of_that_id(own_casus):
    casus = load_casus(own_casus)
    found = measures(casus)
    assert found["susteam"].name.nl == "Straatcoaches van het jongerenwerk"
    assert find_measure("susteam", casus).category == "veiligheid"
    assert "buurtbus" in found and "buurtbus" not in measures()
    assert len(found) == len(FILES) + 1
    # only for that casus: the built-in stays as it is elsewhere
    assert measures()["susteam"].name.nl.startswith("Susteam")
    assert measures(load_casus(NACHTKWARTIER))["susteam"].name.nl.startswith("Susteam")


def test_a_journey_selects_the_casus_version_of_a_measure(own_casus):
    journey = start_journey(load_casus(own_casus), store=SQLiteStore(":memory:"))
    event = journey.command("measure_selected", {"measure": "susteam"}, phase=1)
    assert event.payload["name"]["nl"] == "Straatcoaches van het jongerenwerk"


# -- located errors --------------------------------------------------------------------------------
def test_a_broken_file_names_file_line_and_field(tmp_path):
    folder = tmp_path / "maatregelen"
    folder.mkdir()
    (folder / "kapot.yaml").write_text(BROKEN_CATEGORY, encoding="utf-8")
    (folder / "goed.yaml").write_text(_measure_text("anders", "Goed"), encoding="utf-8")
    with pytest.raises(FileValidationError) as caught:
        load_measures(folder, "en")
    problems = {(Path(p.path).name, p.line, p.loc): p.message for p in caught.value.problems}
    assert set(problems) == {("kapot.yaml", 5, "category"), ("goed.yaml", 2, "id")}
    assert "handhaving" in problems[("kapot.yaml", 5, "category")]
    assert "file name 'goed'" in problems[("goed.yaml", 2, "id")]


def test_validate_recognises_measure_files_and_folders(tmp_path, monkeypatch):
    assert kind_of(CATALOGUE) == "measures"
    assert kind_of(FILES[0]) == "measure"
    assert validate_path(CATALOGUE) == []
    assert validate_path(FILES[0]) == []
    assert validate_path(ROOT / "workforms") == []
    forms = tmp_path / "workforms"  # the measures only: a copied work form takes a built-in slug
    shutil.copytree(ROOT / "workforms" / "maatregelen", forms / "maatregelen")
    (forms / "maatregelen" / "kapot.yaml").write_text(BROKEN_CATEGORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for path in (Path("workforms"), Path("workforms/maatregelen")):
        found = validate_path(path, "en")
        assert [(p.path, p.line, p.loc) for p in found] == [
            ("workforms/maatregelen/kapot.yaml", 5, "category")
        ], path
    single = validate_path(Path("workforms/maatregelen/kapot.yaml"), "en")
    assert [(p.line, p.loc) for p in single] == [(5, "category")]
    # a single file whose id is not its file name
    (forms / "maatregelen" / "kapot.yaml").write_text(
        _measure_text("heel", "Heel"), encoding="utf-8"
    )
    single = validate_path(Path("workforms/maatregelen/kapot.yaml"), "en")
    assert [(p.line, p.loc) for p in single] == [(2, "id")]
    assert "file name 'kapot'" in single[0].message


def test_validating_a_casus_also_checks_its_own_measures(own_casus):
    assert validate_path(own_casus) == []
    (own_casus / "maatregelen" / "kapot.yaml").write_text(BROKEN_CATEGORY, encoding="utf-8")
    found = validate_path(own_casus, "en")
    assert [(Path(p.path).name, p.loc) for p in found] == [("kapot.yaml", "category")]


# -- the Nachtkwartier: working group and demo commands -----------------------------------------
def test_nachtkwartier_working_group_has_no_failing_line():
    casus = load_casus("nachtkwartier")
    group = casus.working_group
    assert group is not None and group.project_leader == "projectleider"
    step2 = yaml.safe_load((NACHTKWARTIER / "demo" / "stap-2.yaml").read_text(encoding="utf-8"))
    assert [s.actor for s in group.members] == step2["result"]["werkgroep"]
    # two gaps on purpose, for trainers: one member without substitute, no KHN adviser
    assert [s.actor for s in group.members if not s.substitute] == ["taxi_vertegenwoordiger"]
    assert all(s.seat is None for s in group.members)
    horeca = {o.id: o.horeca for o in casus.organisations if o.kind == "business"}
    assert horeca == {
        "gistkelder": "club",
        "zwarte_raaf": "cafe",
        "nachtuil": "snackbar",
        "lindenhof": "restaurant",
    }
    check = check_working_group(casus, load_method("kvu"))
    assert [line.key for line in check.lines if line.status == "fail"] == []
    assert any(line.status == "warn" for line in check.lines)


@pytest.fixture(scope="module")
def demo_journey():
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    for number in range(1, 8):
        play_demo(journey, number)
    return journey


def test_demo_measures_match_the_step_4_plan(demo_journey):
    rows = cycle.progress_matrix(demo_journey, include_dropped=True)
    live = [r for r in rows if not r.dropped]
    dropped = [r for r in rows if r.dropped]
    plan = demo_journey.state.phase(4).closed_result["maatregelen"]
    assert len(live) == len(plan) == 6
    assert sorted(r.owner for r in live) == sorted(m["owner"] for m in plan)
    assert sum(r.budget for r in live) == 40000, "the working budget of the declaration"
    assert [r.id for r in dropped] == ["cameratoezicht"]
    catalogue = [r.id for r in live if r.id in measures()]
    assert len(catalogue) == 4
    assert all(r.goal and r.deadline and r.problem for r in live)
    assert sum(1 for r in live if not r.gokit_missing) >= 4
    assert {r.status for r in live} >= {"op_schema", "vertraagd", "uitgevoerd"}


def test_demo_measurements_cover_every_indicator(demo_journey):
    from sprintkit.kvu import safety

    verdicts = {c.indicator.id: c.verdict for c in safety.comparison(demo_journey)}
    casus = demo_journey.casus
    assert set(verdicts) == {i.id for i in casus.indicators}
    assert list(verdicts.values()).count("beter") >= 9
    assert 1 <= list(verdicts.values()).count("slechter") <= 2
    found = safety.measurements(demo_journey)
    baseline = {m.indicator.id: m.value for m in found if m.moment == "nulmeting"}
    assert baseline == {i.id: i.present.value for i in casus.indicators}
