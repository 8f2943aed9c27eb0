"""Shared fixtures. Doctests get ``sk`` (the package), as networkx's get ``nx``.

The example plugin (``tests/plugin_example``) is put in place for the test session only, never
installed in the environment ``make demo`` and ``make lab`` use: at start-up its wheel is built
with hatchling into a temporary folder, and that folder (which holds the package and its
``*.dist-info`` with the entry points) is put first on ``sys.path`` and on ``PYTHONPATH``, so
``importlib.metadata.entry_points()`` sees the plugin here and in every Python the tests start.
Put first, it also wins over a copy an older Makefile installed into ``.venv``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

import sprintkit

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_SOURCE = ROOT / "tests" / "plugin_example"
#: the distribution name of the example plugin
PLUGIN_DIST = "sprintkit-example-plugin"

_plugin_dir: Path | None = None


def plugin_session_dir() -> Path | None:
    """The folder that holds the example plugin for this test session (``None`` before)."""
    return _plugin_dir


def _install_example_plugin() -> Path:
    """Build the example plugin's wheel and unpack its metadata; return the folder for sys.path.

    Only the ``*.dist-info`` is taken from the wheel: the package itself is imported from
    ``tests/plugin_example``, so the plugin's work form paths are those of the checkout.
    """
    from hatchling.builders.wheel import WheelBuilder  # dev dependency, like pytest

    folder = Path(tempfile.mkdtemp(prefix="sprintkit-test-plugin-"))
    wheel = next(WheelBuilder(str(PLUGIN_SOURCE)).build(directory=str(folder)))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(folder, [n for n in archive.namelist() if ".dist-info/" in n])
    Path(wheel).unlink()
    return folder


#: sessions in the repository's own case folders when the tests started (a checkout may have
#: some from a facilitator's use; the tests must add none: they would end up in the wheel)
_CASE_STORES_BEFORE: set[Path] = set()


def _case_stores() -> set[Path]:
    return set((ROOT / "casus").glob("*/.sprintkit"))


def pytest_configure(config):
    global _plugin_dir
    _CASE_STORES_BEFORE.update(_case_stores())
    # no cache of reads (sprintkit/_read_cache.py) unless a test asks for one: tests that
    # change the reader (its limits, libyaml off) or fake plugins must see every file read,
    # and nothing is written to ~/.cache; the cache's own tests point it at a tmp folder
    os.environ["SPRINTKIT_CACHE_DIR"] = "off"
    _plugin_dir = _install_example_plugin()
    paths = [str(_plugin_dir), str(PLUGIN_SOURCE)]
    sys.path[:0] = paths
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [*paths, *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    from sprintkit import registry

    registry.reload()  # in case anything read the entry points before


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when a test wrote a session into a case folder of the repository."""
    new = sorted(_case_stores() - _CASE_STORES_BEFORE)
    if new:
        names = ", ".join(str(p.relative_to(ROOT)) for p in new)
        print(f"\nA test wrote a session store into the repository: {names}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config):
    if _plugin_dir is not None:
        shutil.rmtree(_plugin_dir, ignore_errors=True)


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    doctest_namespace["sk"] = sprintkit


@pytest.fixture
def molenwijk():
    return sprintkit.load_casus("molenwijk")


@pytest.fixture
def write(tmp_path):
    """Write a text file under tmp_path and return its path."""

    def _write(relative: str, text: str) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True)
def _failure_log_in_tmp(tmp_path, monkeypatch):
    """Unexpected failures of a test are logged under its tmp_path, never in ~/.cache."""
    monkeypatch.setenv("SPRINTKIT_LOG_DIR", str(tmp_path / "log"))


# -- PostgreSQL: one throwaway server per session, one schema per test --------------------------
def _without_postgres(why: str) -> None:
    """Skip, saying why; under CI fail instead (``make test`` installs PostgreSQL)."""
    if os.environ.get("CI"):
        pytest.fail(f"{why} (`make test` installs PostgreSQL: `make postgres`)")
    pytest.skip(why)


@pytest.fixture(scope="session")
def pg_installed() -> None:
    """PostgreSQL's programs and psycopg are here; skipped without them, not in CI."""
    import pgserver

    why = pgserver.unavailable()
    if why is not None:
        _without_postgres(why)


@pytest.fixture(scope="session")
def pg_server(pg_installed):
    """A PostgreSQL server for this session (tests/pgserver.py); skipped without one, not in CI."""
    import pgserver

    try:
        server = pgserver.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        _without_postgres(f"the PostgreSQL test server did not start: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A ``postgresql://`` URL with a schema of this test's own (dropped afterwards)."""
    schema = pg_server.new_schema()
    yield pg_server.url(schema=schema)
    pg_server.drop_schema(schema)


class Backend:
    """A store location of one backend: ``ref`` (a file or a URL) and ``open()``."""

    def __init__(self, name: str, ref: str):
        self.name, self.ref = name, ref

    def open(self, *, create: bool = True):
        from sprintkit.stores import open_ref

        return open_ref(self.ref, create=create)

    def __repr__(self) -> str:
        return f"Backend({self.name})"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request, tmp_path):
    """The same store contract on SQLite (a file) and PostgreSQL (a schema of its own)."""
    if request.param == "sqlite":
        return Backend("sqlite", str(tmp_path / "s.sqlite"))
    return Backend("postgres", request.getfixturevalue("pg_url"))
