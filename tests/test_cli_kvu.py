"""``sprintkit kvu werkgroep|maatregelen|voortgang``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from factories import NACHTKWARTIER_MEMBERS as MEMBERS
from typer.testing import CliRunner

from sprintkit.cli import app, main
from sprintkit.kvu import Kvu
from sprintkit.kvu.measures import measures
from sprintkit.store import SQLiteStore
from sprintkit.workspace import play_demo, start_journey

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def kvu_casus(tmp_path):
    """Write a copy of the Nachtkwartier with our own working group; returns a writer."""

    def _write(members=MEMBERS, name="werkgroep-test") -> Path:
        data = yaml.safe_load((ROOT / "casus" / "nachtkwartier" / "casus.yaml").read_text("utf-8"))
        data["id"] = name
        for org in data["organisations"]:
            org.pop("horeca", None)
            if org["id"] == "lindenhof":
                org["horeca"] = "restaurant"
        data["working_group"] = {
            "project_leader": "projectleider",
            "members": [{"actor": a, "substitute": f"collega van {a}"} for a in members],
        }
        folder = tmp_path / name
        folder.mkdir()
        (folder / "casus.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        return folder

    return _write


# -- werkgroep -------------------------------------------------------------------------------------
def test_werkgroep_of_a_sound_group_exits_0(kvu_casus):
    result = run("kvu", "werkgroep", str(kvu_casus()))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Werkgroeptoets Nachtkwartier (werkgroep uit de casus)"
    # the checklist is the report's table; too wide for a terminal, one line per rule
    assert (
        "✓ in orde  Kernpartij in de werkgroep: Politie. — Namens Politie: Soufiane Azzouzi."
        in lines
    )
    assert lines[1].endswith("om op te letten, 0 ontbrekend.")
    assert not any(line.startswith("✗") for line in lines)


def test_werkgroep_with_a_fail_exits_1(kvu_casus):
    folder = kvu_casus([m for m in MEMBERS if m != "wijkagent"])
    result = run("kvu", "werkgroep", str(folder))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "✗ ontbreekt  Kernpartij in de werkgroep: Politie." in result.output
    assert result.output.splitlines()[1].endswith("om op te letten, 1 ontbrekend.")


def test_werkgroep_json_shape_and_english(kvu_casus):
    folder = kvu_casus([m for m in MEMBERS if m != "restaurant_eigenaar"])
    result = run("kvu", "werkgroep", str(folder), "--json", "--lang", "en")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert isinstance(data, list) and data[0]["key"] == "projectleider"
    for item in data:
        assert set(item) == {"key", "status", "basis", "text", "why"}
        assert item["basis"] in {"ccv", "own"}
        assert item["status"] != "fail" or item["basis"] == "ccv"
        assert item["status"] in {"pass", "warn", "fail"}
    by_key = {item["key"]: item for item in data}
    assert by_key["restaurants"]["status"] == "fail"
    assert "Restaurant Lindenhof" in by_key["restaurants"]["why"]
    assert by_key["restaurants"]["text"].startswith("Where restaurants take part")
    # the root --lang works too
    result = run("--lang", "en", "kvu", "werkgroep", str(folder))
    assert result.output.startswith(
        "Working group check Nachtkwartier (working group from the case)"
    )


def test_werkgroep_of_a_journey(kvu_casus, tmp_path):
    folder, store = kvu_casus(), tmp_path / "sessies.db"
    journey = start_journey(folder, store=store)
    journey.set_result("werkgroep", [m for m in MEMBERS if m != "wijkagent"], phase=2)
    result = run("kvu", "werkgroep", str(folder), "--store", str(store), "--journey", journey.id)
    assert result.exit_code == 1
    assert f"(traject {journey.id})" in result.output.splitlines()[0]
    assert "✗ ontbreekt  Kernpartij in de werkgroep: Politie." in result.output
    # without the journey, the casus' own (complete) group passes
    assert run("kvu", "werkgroep", str(folder)).exit_code == 0


def test_non_kvu_casus_is_a_one_line_error(capsys):
    assert main(["kvu", "werkgroep", "molenwijk"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        "casus 'molenwijk' volgt de methode 'wijkaanpak'; "
        "'sprintkit kvu' werkt alleen met een KVU-casus"
    )
    assert main(["kvu", "voortgang", "molenwijk", "--lang", "en"]) == 1
    assert "works only with a KVU case" in capsys.readouterr().err
    assert main(["kvu", "werkgroep", "geen-casus"]) == 1
    assert "Traceback" not in capsys.readouterr().err


# -- maatregelen -----------------------------------------------------------------------------------
def test_maatregelen_json_lists_the_catalogue():
    result = run("kvu", "maatregelen", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {row["id"] for row in data} == set(measures())
    for row in data:
        assert set(row) == {"id", "category", "category_label", "themes", "environment", "name"}


def test_maatregelen_filters_and_labels():
    result = run("kvu", "maatregelen", "--category", "veiligheid", "--json")
    rows = json.loads(result.output)
    assert rows and {r["category"] for r in rows} == {"veiligheid"}
    assert {r["category_label"] for r in rows} == {"Veiligheid"}
    expected = {m.id for m in measures().values() if "geweld" in m.themes}
    rows = json.loads(run("kvu", "maatregelen", "--theme", "geweld", "--json").output)
    assert {r["id"] for r in rows} == expected
    text = run("kvu", "maatregelen", "--category", "veiligheid", "--lang", "en").output
    assert all("Safety" in line for line in text.splitlines())


def test_maatregelen_rejects_an_unknown_category(capsys):
    assert main(["kvu", "maatregelen", "--category", "lawaai"]) == 1
    err = capsys.readouterr().err
    assert "'lawaai'" in err and "overlast, beheer, veiligheid" in err
    assert len(err.strip().splitlines()) == 1


# -- voortgang -------------------------------------------------------------------------------------
def test_voortgang_shows_the_progress_matrix(tmp_path):
    store = tmp_path / "sessies.db"
    journey = start_journey("nachtkwartier", store=store)
    kvu = Kvu(journey)
    bus = kvu.select(name="Extra nachtbus om 04:15", environment="physical", category="overlast")
    kvu.plan(bus, owner="gemeente", deadline="2025-06-30", goal="Minder ruzie", gokit={"geld": "x"})
    kvu.select(name="Susteam", environment="social", category="veiligheid")

    result = run("kvu", "voortgang", "nachtkwartier", "--store", str(store))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Voortgangsmatrix Nachtkwartier (traject {journey.id})"
    header = ["Maatregel", "Categorie", "Eigenaar", "Deadline", "Budget", "SMART-doel", "Stand"]
    assert re.split(r" — |  +", lines[1]) == [*header, "GOKIT open"]
    bus_line = next(line for line in lines if line.startswith("Extra nachtbus"))
    for cell in ("Gemeente Ravenswaarde", "30 juni 2025", "Minder ruzie", "gepland"):
        assert cell in bus_line
    assert bus_line.endswith("Organisatie, Kwaliteit, Informatie, Tijd")
    assert "(nog geen plan)" in next(line for line in lines if line.startswith("Susteam"))

    data = json.loads(
        run("kvu", "voortgang", "nachtkwartier", "--store", str(store), "--json").output
    )
    assert [row["name"] for row in data] == ["Extra nachtbus om 04:15", "Susteam"]
    assert data[0]["owner"] == "gemeente" and data[0]["status"] == "gepland"
    assert data[0]["gokit_open"] == ["organisatie", "kwaliteit", "informatie", "tijd"]
    assert data[1]["deadline"] is None and data[1]["owner_name"] is None

    english = run("kvu", "voortgang", "nachtkwartier", "--store", str(store), "--lang", "en")
    assert "Progress matrix Nachtkwartier" in english.output and "planned" in english.output


def test_voortgang_of_a_journey_without_measures(tmp_path):
    store = tmp_path / "sessies.db"
    start_journey("nachtkwartier", store=store)
    result = run("kvu", "voortgang", "nachtkwartier", "--store", str(store))
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "Nog geen maatregelen gekozen in dit traject."


def test_voortgang_demo_plays_every_step():
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"), at_sprint=7, demo=True)
    play_demo(journey, 7)
    expected = [row.name.get("nl") for row in Kvu(journey).progress_matrix()]
    assert expected, "the demo selects measures"
    result = run("kvu", "voortgang", "nachtkwartier", "--demo", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [row["name"] for row in data] == expected
    assert {row["status"] for row in data} - {"gepland"}, "the demo records progress"
    text = run("kvu", "voortgang", "nachtkwartier", "--demo").output
    assert all(name in text for name in expected)


def test_succesfactoren_shows_scores_per_step_and_warnings(tmp_path):
    store = tmp_path / "s.sqlite"
    with SQLiteStore(store) as backend:
        kvu = Kvu(start_journey("nachtkwartier", store=backend))
        kvu.score("stabiliteit", 1, "Geen geld")
        kvu.score("stabiliteit", 4, phase=2)
        kvu.score("gedeelde-visie", 2)
    result = run("kvu", "succesfactoren", "nachtkwartier", "--store", str(store))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["Succesfactor", "stap", "1", "stap", "2", "Laatste", "toelichting"]
    stability = next(line for line in lines if line.startswith("Stabiliteit")).split()
    assert stability[1:] == ["1/5", "4/5", "Geen", "geld"]
    warnings = lines[lines.index("Aandachtspunten") + 1 :]
    assert len(warnings) == 1 and "'Gedeelde visie' scoort zwak (2/5)" in warnings[0]
    assert warnings[0].startswith("- ")
    data = json.loads(
        run("kvu", "succesfactoren", "nachtkwartier", "--store", str(store), "--json").output
    )
    assert [s["score"] for s in data["factors"][5]["scores"]] == [1, 4]
    assert data["factors"][0]["weak"] is True


def test_evaluatie_of_the_demo_judges_every_indicator():
    result = run("kvu", "evaluatie", "nachtkwartier", "--demo", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sources_missing"] == ["veiligheidsmonitor"]
    verdicts = {row["indicator"]: row["verdict"] for row in data["indicators"]}
    assert len(verdicts) == 12 and verdicts["zakkenrollerij"] == "slechter"
    text = run("kvu", "evaluatie", "nachtkwartier", "--demo").output
    lines = text.splitlines()
    missing = lines.index(
        "Het CCV adviseert deze bronnen in elke veiligheidsanalyse; ze ontbreken nog:"
    )
    assert lines[missing + 1 :][:1] == ["- Veiligheidsmonitor"]
    zakkenrollerij = next(line for line in lines if line.startswith("Aangiften van zakkenrollerij"))
    assert zakkenrollerij.endswith(" — slechter") and "(eindmeting)" in zakkenrollerij
    assert any(line.endswith(" — beter") for line in lines)


def test_werkgroep_over_twenty_members_warns_as_a_rule_of_thumb(kvu_casus, tmp_path):
    """More than 20 members is sprintkit's own number: a labelled warning, not a fail."""
    folder = kvu_casus()
    data = yaml.safe_load((folder / "casus.yaml").read_text("utf-8"))
    extra = [
        {
            "id": f"lid_{i}",
            "name": f"Lid {i}",
            "kind": "horeca",
            "organisation": "khn",
            "mandate": "decide",
            "constituency": "leden",
        }
        for i in range(12)
    ]
    data["actors"] += extra
    data["working_group"]["members"] += [{"actor": a["id"], "substitute": "x"} for a in extra]
    assert len(data["working_group"]["members"]) > 20
    (folder / "casus.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")

    result = run("kvu", "werkgroep", str(folder))
    assert result.exit_code == 0, result.output  # nothing fails: step 2 is not blocked
    lines = result.output.splitlines()
    size = next(line for line in lines if "niet te groot" in line)
    assert size.startswith("! let op  Vuistregel van sprintkit: de werkgroep is niet te groot")
    assert "meer dan 20" in size
    # the CCV's rules and sprintkit's rules of thumb stand apart, each under its own lead
    ccv_at = lines.index("Samenstelling en criteria van het CCV")
    own_at = lines.index("Vuistregels van sprintkit (geen CCV-criteria)")
    assert ccv_at < own_at < lines.index(size)
    assert not any(line.startswith("✗") for line in lines)
    # in a journey, the step-2 gate has no gap for the size
    store = tmp_path / "groot.db"
    journey = start_journey(folder, store=store)
    ids = [m["actor"] for m in data["working_group"]["members"]]
    journey.set_result("werkgroep", ids, phase=2)
    gaps = [g.label("nl") for g in journey.missing(2)]
    assert not any("leden" in g for g in gaps), gaps
    result = run("kvu", "werkgroep", str(folder), "--store", str(store), "--json")
    by_key = {item["key"]: item for item in json.loads(result.output)}
    assert by_key["grootte"]["status"] == "warn" and by_key["grootte"]["basis"] == "own"
