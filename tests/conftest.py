"""Shared fixtures. Doctests get ``sk`` (the package), as networkx's get ``nx``."""

from __future__ import annotations

from pathlib import Path

import pytest

import sprintkit

ROOT = Path(__file__).resolve().parent.parent


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
