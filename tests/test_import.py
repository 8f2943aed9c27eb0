"""``import sprintkit`` stays light, warning-free and complete."""

from __future__ import annotations

import subprocess
import sys

import sprintkit

HEAVY = (
    "matplotlib",
    "ipywidgets",
    "papermill",
    "jupyter_client",
    "nbclient",
    "IPython",
    "docx",
    "psycopg",  # only a postgresql:// store loads it
)


def test_import_loads_no_heavy_modules():
    code = (
        "import sys, sprintkit, sprintkit.model, sprintkit.loading, sprintkit.catalogue;"
        "import sprintkit.workspace, sprintkit.stores, sprintkit.store;"
        "sprintkit.load_casus('molenwijk');"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_import_with_warnings_as_errors():
    subprocess.run([sys.executable, "-W", "error", "-c", "import sprintkit"], check=True)


def test_every_public_name_resolves():
    for name in sprintkit.__all__:
        assert getattr(sprintkit, name) is not None, name
    assert set(sprintkit.__all__) <= set(dir(sprintkit))


def test_unknown_name_is_an_attribute_error():
    try:
        sprintkit.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
