"""The one registry: built-ins through entry points, duplicates refused, failures listed."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from sprintkit import registry
from sprintkit.canvas import CanvasKind
from sprintkit.engine.extension import Extension
from sprintkit.kinds.matrix.logic import Matrix

ROOT = Path(__file__).resolve().parent.parent
KINDS = registry.GROUPS["canvas_kinds"]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.delenv("SPRINTKIT_DISABLE_PLUGINS", raising=False)
    registry.reload()
    yield
    registry.reload()


class OtherMatrix(Matrix):
    """A plugin trying to take over a built-in kind."""


class Kaart(CanvasKind):
    kind = "kaart"
    events = frozenset({"pin_set"})


class OtherKaart(Kaart):
    pass


def broken():
    raise RuntimeError("kapot")


class Ledger(Extension):
    name = "eigen"
    methods = frozenset({"wijkaanpak"})
    events = frozenset({"eigen_gemeten"})


class _Dist:
    def __init__(self, name: str):
        self.name, self.version = name, "1.0"


def _ep(name: str, value: str, group: str, package: str) -> metadata.EntryPoint:
    ep = metadata.EntryPoint(name, value, group)
    object.__setattr__(ep, "dist", _Dist(package))  # EntryPoint is immutable; tests only
    return ep


def _with(monkeypatch, group: str, *extra: metadata.EntryPoint) -> None:
    real = metadata.entry_points

    def fake(group=None, **_):  # noqa: ANN001 - the registry reads every group at once
        groups = [group] if group else list(registry.GROUPS.values())
        found = [
            ep for g in groups for ep in real(group=g) if ep.dist and ep.dist.name == "sprintkit"
        ]
        return found + [ep for ep in extra if ep.group in groups]

    monkeypatch.setattr(metadata, "entry_points", fake)


def test_builtins_are_declared_as_entry_points_exactly_as_the_fallback():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["entry-points"]
    for group, entry_point_group in registry.GROUPS.items():
        assert tuple(declared[entry_point_group].items()) == registry.BUILTINS[group]


def test_every_builtin_comes_from_the_sprintkit_package():
    kinds = {p.name: p for p in registry.entries("canvas_kinds")}
    assert list(kinds)[:7] == [n for n, _ in registry.BUILTINS["canvas_kinds"]]
    assert all(kinds[n].builtin for n, _ in registry.BUILTINS["canvas_kinds"])
    assert registry.package_of("extensions", "kvu") == "sprintkit"
    assert [e.name for e in registry.extensions_for_method("kvu")] == ["kvu"]
    assert registry.extension_for_event("measure_selected").name == "kvu"
    assert registry.extension_for_event("note_added") is None


def test_a_checkout_that_was_never_installed_registers_the_builtins(monkeypatch):
    monkeypatch.setattr(metadata, "entry_points", lambda group=None, **_: [])
    assert set(registry.canvas_kinds()) == {n for n, _ in registry.BUILTINS["canvas_kinds"]}
    assert registry.package_of("canvas_kinds", "matrix") == "sprintkit"


def test_a_plugin_cannot_replace_a_builtin_kind(monkeypatch):
    _with(monkeypatch, KINDS, _ep("matrix", f"{__name__}:OtherMatrix", KINDS, "andere-kaarten"))
    with pytest.warns(registry.PluginWarning) as record:
        logic = registry.canvas("matrix")
    assert type(logic) is Matrix
    (message,) = [str(w.message) for w in record]
    assert message == (
        "Plugin andere-kaarten: canvassoort 'matrix' is al van sprintkit; "
        "die van andere-kaarten is overgeslagen."
    )
    (failure,) = registry.failures()
    assert (failure.package, failure.entry_point) == ("andere-kaarten", "matrix")


def test_the_second_package_with_the_same_kind_is_refused_naming_both(monkeypatch):
    _with(
        monkeypatch,
        KINDS,
        _ep("kaart", f"{__name__}:Kaart", KINDS, "eerste-pakket"),
        _ep("kaart", f"{__name__}:OtherKaart", KINDS, "tweede-pakket"),
    )
    with pytest.warns(registry.PluginWarning, match="al van eerste-pakket; die van tweede-pakket"):
        assert type(registry.canvas("kaart")) is Kaart
    assert registry.package_of("canvas_kinds", "kaart") == "eerste-pakket"


def test_a_broken_plugin_is_skipped_and_listed_with_its_reason(monkeypatch):
    _with(monkeypatch, KINDS, _ep("stuk", f"{__name__}:broken", KINDS, "stuk-pakket"))
    with pytest.warns(registry.PluginWarning, match="kon niet worden geladen"):
        kinds = registry.canvas_kinds()
    assert "matrix" in kinds
    (failure,) = registry.failures()
    assert failure.package == "stuk-pakket" and "RuntimeError: kapot" in failure.reason


def test_a_broken_builtin_is_a_bug_and_raises(monkeypatch):
    bad = (("board", "sprintkit.kinds.board.logic:NoSuchKind"),)
    monkeypatch.setattr(metadata, "entry_points", lambda group=None, **_: [])
    monkeypatch.setitem(registry.BUILTINS, "canvas_kinds", bad)
    with pytest.raises(AttributeError):
        registry.canvas_kinds()


def test_an_extension_plugin_is_found_by_method_and_event(monkeypatch):
    group = registry.GROUPS["extensions"]
    _with(monkeypatch, group, _ep("eigen", f"{__name__}:Ledger", group, "eigen-pakket"))
    assert [e.name for e in registry.extensions_for_method("wijkaanpak")] == ["eigen"]
    assert registry.extension_for_event("eigen_gemeten").name == "eigen"


@pytest.mark.parametrize("value", ["1", "kaart", "eerste-pakket"])
def test_the_off_switch_takes_entry_point_or_package_names(monkeypatch, value):
    _with(monkeypatch, KINDS, _ep("kaart", f"{__name__}:Kaart", KINDS, "eerste-pakket"))
    monkeypatch.setenv("SPRINTKIT_DISABLE_PLUGINS", value)
    assert "kaart" not in registry.canvas_kinds() and "board" in registry.canvas_kinds()


def test_reload_reads_the_entry_points_again(monkeypatch):
    calls = []
    real = metadata.entry_points
    monkeypatch.setattr(metadata, "entry_points", lambda **kw: calls.append(kw) or real(**kw))
    registry.canvas_kinds()
    registry.canvas_kinds()
    assert len(calls) == 1
    before = registry.generation()
    registry.reload()
    registry.canvas_kinds()
    assert len(calls) == 2 and registry.generation() == before + 1


def test_register_from_code_follows_the_same_rules():
    with pytest.warns(registry.PluginWarning):
        registry.register("canvas_kinds", OtherMatrix(), package="notebook")
    assert type(registry.canvas("matrix")) is Matrix
    registry.register("canvas_kinds", Kaart(), package="notebook")
    assert registry.package_of("canvas_kinds", "kaart") == "notebook"


def plain_report(ctx):
    from sprintkit.reports.blocks import Paragraph, Report, Section

    report = Report(kind="plain", title="Kort verslag", subtitle=ctx.casus.name, lang=ctx.lang)
    report.sections.append(Section("Stand", [Paragraph(f"{ctx.state.events} gebeurtenissen")]))
    return report


def test_a_report_kind_from_a_plugin_is_built_and_listed(monkeypatch, tmp_path, capsys):
    from sprintkit import reports
    from sprintkit.cli import main

    group = registry.GROUPS["reports"]
    _with(monkeypatch, group, _ep("plain", f"{__name__}:plain_report", group, "verslag-pakket"))
    builtin = len(reports.KINDS)
    assert reports.kinds()[-1] == "plain" and reports.kinds()[:builtin] == list(reports.KINDS)
    out = tmp_path / "kort.md"
    assert main(["report", "molenwijk", "--demo", "--kind", "plain", "--out", str(out)]) == 0
    assert "# Kort verslag" in out.read_text(encoding="utf-8")
    assert main(["report", "molenwijk", "--demo", "--kind", "plan", "--out", str(out)]) == 1
    assert "Onbekend soort verslag 'plan' (kies uit: ontwerpbrief," in capsys.readouterr().err
