"""``sprintkit koppelvlakken CASUS [--png FILE] [--json]``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sprintkit.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_dutch_table_by_default(capsys):
    assert main(["koppelvlakken", "molenwijk"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "Koppelvlakken in Molenwijk (molenwijk)",
        "Koppelvlakken: van welke omgeving naar welke",
        "fysieke omgeving → sociale omgeving",
        "Buitenfitnesstoestellen in het Molenpark",
        "Matrix: aantal effecten",
        "Hefboomwerking",
        "Gaten",
        "Conflicten",
        "Zonder eigenaar: Pop-upwinkels in leegstaande panden aan het Zwichtplein",
    ):
        assert expected in out, expected


def test_casus_folder_and_english(capsys):
    assert main(["--lang", "en", "koppelvlakken", str(ROOT / "casus" / "nachtkwartier")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Interfaces (koppelvlakken) in Nachtkwartier")
    assert "Leverage: net effect across interfaces" in out


def test_json_parses(capsys):
    assert main(["koppelvlakken", "molenwijk", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["casus"] == "molenwijk" and data["lang"] == "nl"
    assert len(data["koppelvlakken"]["matrix"]["counts"]) == 4
    pairs = {(p["source"], p["target"]): p for p in data["koppelvlakken"]["pairs"]}
    assert "buitenfitness_molenpark" in pairs[("physical", "social")]["interventions"]
    assert data["ownership"]["without_owner"] == ["popup_winkels_zwichtplein"]


def test_png_is_written(tmp_path, capsys):
    png = tmp_path / "kv.png"
    assert main(["koppelvlakken", "molenwijk", "--png", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"Omgevingskaart geschreven naar {png}" in capsys.readouterr().out


def test_json_with_png_keeps_stdout_parseable(tmp_path, capsys):
    png = tmp_path / "kv.png"
    assert main(["koppelvlakken", "molenwijk", "--json", "--png", str(png)]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "kv.png" in captured.err
    assert png.exists()


def test_exit_codes(capsys):
    assert main(["koppelvlakken", "molenwjk"]) == 1
    assert "bedoel je 'molenwijk'" in capsys.readouterr().err
    assert main(["koppelvlakken"]) == 2
    assert main(["koppelvlakken", "molenwijk", "--no-such-option"]) == 2


def test_console_script(tmp_path):
    exe = Path(sys.executable).with_name("sprintkit")
    out = subprocess.run(
        [str(exe), "koppelvlakken", "molenwijk", "--json"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["interventions"] == 12
