"""The cache of reads (sprintkit/_read_cache.py): never a different answer, only a faster one.

Every test points ``SPRINTKIT_CACHE_DIR`` at its own folder (the suite runs with the cache off,
see conftest.py) and compares a cached load with one made with the cache off.
"""

from __future__ import annotations

import math
import os
import shutil
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from sprintkit import _read_cache, loading, reading, validation
from sprintkit.catalogue import load_workform
from sprintkit.errors import CasusValidationError, FileValidationError
from sprintkit.loading import load_casus

ROOT = Path(__file__).resolve().parent.parent
WORKFORM = ROOT / "workforms" / "aanname-analyse.yaml"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(_read_cache.ENV, str(folder))
    loading._CASUS_CACHE.clear()  # the per-process copy would hide what the disk cache does
    yield folder
    loading._CASUS_CACHE.clear()


def _uncached(monkeypatch, load):
    with monkeypatch.context() as m:
        m.setenv(_read_cache.ENV, "off")
        loading._CASUS_CACHE.clear()
        try:
            return load()
        finally:
            loading._CASUS_CACHE.clear()


def _count(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json"))


def test_a_cached_load_gives_the_models_an_uncached_load_gives(cache, monkeypatch):
    plain = _uncached(monkeypatch, lambda: load_casus("molenwijk"))
    cold = load_casus("molenwijk")
    loading._CASUS_CACHE.clear()
    parses = _count(monkeypatch, reading, "parse_yaml")
    checks = _count(monkeypatch, validation, "check_casus")
    warm = load_casus("molenwijk")
    assert parses == [] and checks == []  # nothing parsed or checked again: it came from disk
    assert warm == cold == plain
    assert warm.model_dump() == plain.model_dump()
    assert warm.demo.keys() == plain.demo.keys() and warm.root == plain.root


def test_the_method_and_work_forms_come_back_equal(cache, monkeypatch, tmp_path):
    path = shutil.copy(WORKFORM, tmp_path / WORKFORM.name)
    plain = _uncached(monkeypatch, lambda: load_workform(path))
    load_workform(path)
    parses = _count(monkeypatch, reading, "parse_yaml")
    assert load_workform(path) == plain
    assert parses == []


def test_an_edited_work_form_is_read_again(cache, tmp_path):
    path = Path(shutil.copy(WORKFORM, tmp_path / WORKFORM.name))
    assert load_workform(path).name.nl == "Aanname-analyse"
    path.write_text(path.read_text().replace("nl: Aanname-analyse", "nl: Aannames toetsen"))
    assert load_workform(path).name.nl == "Aannames toetsen"


def test_a_work_form_made_invalid_gets_the_same_located_error(cache, monkeypatch, tmp_path):
    path = Path(shutil.copy(WORKFORM, tmp_path / WORKFORM.name))
    load_workform(path)  # valid, and cached
    text = path.read_text()
    path.write_text(text.replace("phases: [7]", "phases: [7]\nduration_minutes: -5"))

    def error() -> str:
        with pytest.raises(FileValidationError) as caught:
            load_workform(path)
        return caught.value.format("nl")

    cached = error()
    assert "duration_minutes" in cached and f"{path.name}:" in cached
    assert cached == _uncached(monkeypatch, error)
    path.write_text(text)  # and back: valid again
    assert load_workform(path).slug == "aanname-analyse"


def test_a_broken_reference_after_a_warm_load_is_found(cache, monkeypatch, tmp_path):
    folder = Path(shutil.copytree(ROOT / "casus" / "molenwijk", tmp_path / "wijk"))
    load_casus(folder)
    demo = folder / "demo" / "sprint-1.yaml"
    first_form = next(
        line.split(":", 1)[1].strip()
        for line in demo.read_text().splitlines()
        if "workform:" in line
    )
    demo.write_text(demo.read_text().replace(first_form, "bestaat-niet", 1))

    def error() -> str:
        loading._CASUS_CACHE.clear()
        with pytest.raises(CasusValidationError) as caught:
            load_casus(folder)
        return caught.value.format("nl")

    cached = error()
    assert "bestaat-niet" in cached and "sprint-1.yaml:" in cached
    assert cached == _uncached(monkeypatch, error)


def test_corrupt_truncated_and_foreign_entries_are_read_again(cache, monkeypatch):
    plain = _uncached(monkeypatch, lambda: load_casus("molenwijk"))
    load_casus("molenwijk")
    entries = _entries(cache)
    assert len(entries) >= 10
    for i, entry in enumerate(entries):
        raw = entry.read_bytes()
        damaged = [raw[: len(raw) // 2], b"", b"\xff\xfe garbage", raw.replace(b'"key"', b'"kex"')]
        entry.write_bytes(damaged[i % len(damaged)])
    # a valid entry of another key, copied over: found under the wrong name, it is not used
    entries[1].write_bytes(entries[0].read_bytes())
    loading._CASUS_CACHE.clear()
    assert load_casus("molenwijk") == plain
    rewritten = [e for e in entries if _read_cache.get(e.parent.name, e.stem) is not None]
    assert rewritten, "damaged entries are written again on the next read"


def test_the_folder_is_0700_and_every_entry_0600(cache):
    from sprintkit import i18n

    i18n.catalog.cache_clear()  # read once per process: read it again, through the cache
    assert i18n.t("cli.valid", "nl") == i18n.catalog()["cli.valid"]["nl"]
    load_casus("molenwijk")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    for folder in (p for p in cache.rglob("*") if p.is_dir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    entries = _entries(cache)
    assert {"yaml", "checks", "i18n"} <= {e.parent.name for e in entries}
    assert {stat.S_IMODE(e.stat().st_mode) for e in entries} == {0o600}


def test_an_own_folder_open_to_others_is_closed(tmp_path, monkeypatch):
    folder = tmp_path / "open"
    folder.mkdir()
    os.chmod(folder, 0o755)
    monkeypatch.setenv(_read_cache.ENV, str(folder))
    _read_cache.put("yaml", "k" * 64, {"a": 1})
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert _read_cache.get("yaml", "k" * 64) == {"a": 1}


def test_off_switches_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for value in ("off", "0", "OFF"):
        monkeypatch.setenv(_read_cache.ENV, value)
        assert _read_cache.folder() is None
        _read_cache.put("yaml", "k" * 64, {"a": 1})
        assert _read_cache.get("yaml", "k" * 64) is None
    loading._CASUS_CACHE.clear()
    load_casus("molenwijk")
    assert list(tmp_path.rglob("*.json")) == []
    monkeypatch.delenv(_read_cache.ENV)
    assert _read_cache.folder() == tmp_path / "xdg" / "sprintkit" / "reads"


def test_yaml_values_json_cannot_say_come_back_exactly():
    value = {
        1: {"a": [True, 1, 1.5, None, "x"]},
        "when": date(2026, 5, 1),
        "at": datetime(2026, 5, 1, 20, 30, tzinfo=timezone(timedelta(hours=2))),
        "inf": [float("inf"), float("-inf")],
        "\x00map": "a key that looks like a tag",
        None: {False: "a boolean key", 2.5: "a number key"},
    }
    back = _read_cache.decode(_read_cache.encode(value))
    assert back == value
    assert [type(k) for k in back] == [type(k) for k in value]
    assert type(back[1]["a"][1]) is int and type(back[1]["a"][0]) is bool
    assert math.isnan(_read_cache.decode(_read_cache.encode(float("nan"))))
    with pytest.raises(TypeError):
        _read_cache.encode({"set": {1, 2}})
