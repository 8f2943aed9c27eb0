"""Golden tests: each broken file in tests/errors gives exactly its recorded, located messages."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from sprintkit.cli import main

HERE = Path(__file__).parent / "errors"
_spec = importlib.util.spec_from_file_location("regen", HERE / "regen.py")
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)

EXPECTED = yaml.safe_load((HERE / "expected_errors.yaml").read_text(encoding="utf-8"))
CASES = regen.cases()


def test_there_are_at_least_twenty_golden_cases():
    assert len(CASES) >= 20
    assert {c.name for c in CASES} == set(EXPECTED)


@pytest.fixture(scope="module")
def actual():
    return regen.current()


@pytest.mark.parametrize("case", [c.name for c in CASES])
def test_messages_match_golden(case, actual):
    assert actual[case] == EXPECTED[case]
    for line in actual[case]:
        location, _, rest = line.partition("  ")
        assert location.startswith(case), line
        assert rest, f"no message in {line!r}"


@pytest.mark.parametrize("case", [c.name for c in CASES])
def test_cli_exits_1_without_traceback(case, capsys, monkeypatch):
    monkeypatch.chdir(HERE)
    assert main(["--lang", "en", "validate", case]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert EXPECTED[case][0] in err
