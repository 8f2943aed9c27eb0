"""The wheel carries the methods, schemas, catalogue and cases, and works outside the repo."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (path,) = out.glob("sprintkit-*.whl")
    return path


@pytest.mark.slow
def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "sprintkit/methods/wijkaanpak.yaml",
        "sprintkit/methods/kvu.yaml",
        "sprintkit/schemas/casus.schema.json",
        "sprintkit/i18n/messages.yaml",
        "sprintkit/py.typed",
        "sprintkit/_catalogue/casus/molenwijk/casus.yaml",
        "sprintkit/_catalogue/casus/nachtkwartier/casus.yaml",
        "sprintkit/_catalogue/workforms/empathiekaart.yaml",
        "sprintkit/_catalogue/casus/molenwijk/demo/sprint-3.yaml",
        "sprintkit/_catalogue/notebooks/sprint-1.ipynb",
        "sprintkit/_catalogue/notebooks/kvu.ipynb",
        "sprintkit/reports/templates/report.html.j2",
        "sprintkit/i18n/reports.yaml",
        "sprintkit/i18n/kvu.yaml",
        "sprintkit/schemas/measure.schema.json",
        "sprintkit/_catalogue/workforms/maatregelen/cameratoezicht.yaml",
        "sprintkit/_catalogue/casus/nachtkwartier/demo/stap-4.yaml",
        "sprintkit/templates/casus/casus.yaml",
    }
    assert expected <= names
    assert not any(".sprintkit/" in n or "__pycache__" in n for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[sprintkit.workforms]" in text and "builtin = sprintkit.catalogue" in text


@pytest.mark.slow
def test_installed_wheel_works_outside_the_repo(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    code = (
        "import sprintkit, sprintkit.catalogue as c;"
        f"assert sprintkit.__file__.startswith({str(target)!r}), sprintkit.__file__;"
        "from sprintkit.kvu.measures import measures;"
        "print(sprintkit.load_casus('molenwijk').name, len(c.all_workforms()), len(measures()))"
    )
    # A plugin on PYTHONPATH (the test session's example) would add forms: built-ins only.
    env = {**os.environ, "PYTHONPATH": str(target), "SPRINTKIT_DISABLE_PLUGINS": "1"}

    def python(code: str) -> str:
        """What ``python -c code`` prints, run in ``tmp_path`` against the installed wheel."""
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    out = python(code)
    forms = len(list((ROOT / "workforms").glob("*.yaml")))
    shipped = len(list((ROOT / "workforms" / "maatregelen").glob("*.yaml")))
    assert out.split() == ["Molenwijk", str(forms), str(shipped)]
    # `sprintkit new` outside the repository: its schema line names the installed schema
    new = (
        "from pathlib import Path; from sprintkit.new_casus import new_casus;"
        "new_casus(Path('nieuw'), name='Nieuw');"
        "print(Path('nieuw/casus.yaml').read_text().splitlines()[0])"
    )
    out = python(new)
    schema = (target / "sprintkit" / "schemas" / "casus.schema.json").resolve()
    assert out.strip() == f"# yaml-language-server: $schema={schema.as_uri()}"
