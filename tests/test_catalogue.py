"""The work form registry: entry points, broken plugins, duplicates, the off switch."""

from __future__ import annotations

from importlib import metadata

import pytest
from factories import workform_data

from sprintkit import catalogue, registry
from sprintkit.errors import NotFoundError
from sprintkit.model import WorkFormSpec


@pytest.fixture(autouse=True)
def _fresh_registry():
    catalogue.reload()
    yield
    catalogue.reload()


def _spec(slug: str, **extra) -> dict:
    return workform_data(slug, **extra)


def good_plugin():
    return [_spec("buurtwandeling")]


def clashing_plugin():
    return [_spec("empathiekaart")]


def broken_plugin():
    raise RuntimeError("boom")


def invalid_plugin():
    return [{"slug": "Bad Slug"}]


WORKFORMS = registry.GROUPS["workforms"]


def _fake_entry_points(monkeypatch, *names):
    real = metadata.entry_points
    extra = [metadata.EntryPoint(n, f"{__name__}:{n}", WORKFORMS) for n in names]

    def fake(group=None, **_):  # the registry reads every group at once
        groups = [group] if group else list(registry.GROUPS.values())
        found = [ep for g in groups if g != WORKFORMS for ep in real(group=g)]
        if WORKFORMS in groups:  # the real built-in catalogue, then these fakes (no example plugin)
            found += [ep for ep in real(group=WORKFORMS) if ep.dist and ep.dist.name == "sprintkit"]
            found += extra
        return found

    monkeypatch.setattr(metadata, "entry_points", fake)


def test_builtins_come_through_the_entry_point(monkeypatch):
    monkeypatch.setenv("SPRINTKIT_DISABLE_PLUGINS", "1")  # the example plugin has its own test
    sources = {e.source for e in catalogue.entries()}
    assert sources == {"builtin"}
    assert catalogue.get("aanname-analyse").canvas.kind == "matrix"


def test_discovery_happens_once_and_reload_forgets(monkeypatch):
    calls = []
    real = metadata.entry_points
    monkeypatch.setattr(metadata, "entry_points", lambda **kw: calls.append(kw) or real(**kw))
    catalogue.entries()
    catalogue.entries()
    assert len(calls) == 1  # one scan of the installed packages, for every group
    catalogue.reload()
    catalogue.entries()
    assert len(calls) == 2


def test_plugin_work_forms_are_added_with_their_source(monkeypatch):
    _fake_entry_points(monkeypatch, "good_plugin")
    entry = next(e for e in catalogue.entries() if e.spec.slug == "buurtwandeling")
    assert entry.source == "plugin good_plugin (test_catalogue)"


def test_broken_and_invalid_plugins_are_skipped_with_a_warning(monkeypatch):
    _fake_entry_points(monkeypatch, "broken_plugin", "invalid_plugin", "good_plugin")
    with pytest.warns(catalogue.PluginWarning) as record:
        slugs = {e.spec.slug for e in catalogue.entries()}
    assert "buurtwandeling" in slugs and "empathiekaart" in slugs
    text = " ".join(str(w.message) for w in record)
    assert "kon niet worden geladen (RuntimeError: boom)" in text
    assert "werkvormen overgeslagen" in text
    failed = {f.entry_point: f.reason for f in registry.failures()}
    assert set(failed) == {"broken_plugin", "invalid_plugin"}


def test_duplicate_slug_keeps_the_builtin(monkeypatch):
    _fake_entry_points(monkeypatch, "clashing_plugin")
    with pytest.warns(catalogue.PluginWarning, match="'empathiekaart' overgeslagen: builtin"):
        spec = catalogue.get("empathiekaart")
    assert spec.canvas.kind == "fields_map"


@pytest.mark.parametrize("value", ["1", "good_plugin", "other,good_plugin", "test_catalogue"])
def test_plugins_can_be_switched_off(monkeypatch, value):
    _fake_entry_points(monkeypatch, "good_plugin")
    monkeypatch.setenv("SPRINTKIT_DISABLE_PLUGINS", value)
    slugs = {e.spec.slug for e in catalogue.entries()}
    assert "buurtwandeling" not in slugs and "empathiekaart" in slugs


def test_unknown_slug_suggests_and_names_plugins(monkeypatch):
    monkeypatch.setenv("SPRINTKIT_DISABLE_PLUGINS", "1")
    with pytest.raises(NotFoundError, match="bedoel je 'sabotagesessie'.*Geen plugins geladen"):
        catalogue.get("sabotage-sessie")


def test_a_casus_own_work_form_replaces_the_builtin(molenwijk):
    local = WorkFormSpec.model_validate(_spec("empathiekaart", phases=[2]))
    molenwijk.local_workforms.append(local)
    assert catalogue.get("empathiekaart", molenwijk) is local
    sources = {e.spec.slug: e.source for e in catalogue.for_casus(molenwijk)}
    assert sources["empathiekaart"] == "casus molenwijk"
    assert "kvu-schouw" not in sources
