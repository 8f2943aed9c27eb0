"""The everyday CLI commands pay only for what they use (issue 16).

Each command runs in a fresh interpreter through ``sprintkit.cli.main``; afterwards none of the
heavy packages (notebooks, widgets, plotting, Word) may be loaded, and the casus is read once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sprintkit.loading import load_casus
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey

ROOT = Path(__file__).resolve().parent.parent
HEAVY = (
    "ipywidgets",
    "matplotlib",
    "docx",
    "jupyter_client",
    "nbclient",
    "nbformat",
    "papermill",
    "IPython",
    "psycopg",
)

#: Runs the command, then reports which heavy modules are loaded and how often a casus was read.
PROBE = """
import contextlib, io, json, sys
import sprintkit.loading as loading
reads = []
original = loading._load_casus
loading._load_casus = lambda *a, **k: reads.append(1) or original(*a, **k)
from sprintkit.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "reads": len(reads),
                  "heavy": [m for m in HEAVY if m in sys.modules]}))
""".replace("HEAVY", repr(HEAVY))


def _run(*argv: str, env: dict[str, str] | None = None, heavy=HEAVY) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.replace(repr(HEAVY), repr(heavy)), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "session.sqlite"
    with SQLiteStore(path) as opened:
        start_journey(load_casus("molenwijk"), store=opened)
    return path


@pytest.mark.parametrize(
    ("argv", "reads"),
    [
        (("info", "molenwijk"), 1),
        (("validate", "casus/molenwijk", "workforms/"), 1),
        (("workforms", "list"), 0),
    ],
    ids=["info", "validate", "workforms-list"],
)
def test_everyday_commands_load_nothing_heavy(argv, reads):
    result = _run(*argv)
    assert result["code"] == 0
    assert result["heavy"] == []
    assert result["reads"] == reads  # the casus is read once per command, or not at all


def test_journey_status_loads_nothing_heavy(store):
    result = _run("journey", "status", "molenwijk", "--store", str(store))
    assert result["code"] == 0
    assert result["heavy"] == []
    assert result["reads"] == 1


def test_the_probe_would_see_a_heavy_module():
    # the check itself can fail: a command that draws loads matplotlib
    code = PROBE.replace("code = main(sys.argv[1:])", "import matplotlib; code = 0")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "matplotlib" in json.loads(out.stdout)["heavy"]


#: what ``info`` must not load: the KVU's method extension (asked only for a demo's commands)
#: and everything that draws, writes Word files or runs notebooks
NOT_FOR_INFO = (*HEAVY, "sprintkit.kvu.extension", "sprintkit.kvu.ledger", "jupyter_core")


def test_info_loads_neither_the_kvu_extension_nor_heavy_packages(tmp_path):
    env = {**os.environ, "SPRINTKIT_CACHE_DIR": str(tmp_path / "cache")}
    cold = _run("info", "molenwijk", env=env, heavy=NOT_FOR_INFO)
    assert any((tmp_path / "cache" / "checks").iterdir())  # the second run reads the cache
    warm = _run("info", "molenwijk", env=env, heavy=NOT_FOR_INFO)
    for result in (cold, warm):
        assert result["code"] == 0
        assert result["heavy"] == []


def test_the_probe_would_see_the_kvu_extension(tmp_path):
    # a KVU casus' demo has commands, so its check asks the extension: the probe notices
    env = {**os.environ, "SPRINTKIT_CACHE_DIR": "off"}
    result = _run("info", "nachtkwartier", env=env, heavy=NOT_FOR_INFO)
    assert result["code"] == 0
    assert "sprintkit.kvu.extension" in result["heavy"]
