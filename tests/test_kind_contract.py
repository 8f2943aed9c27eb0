"""One contract, every canvas kind: built-in and plugin kinds pass the same tests.

Each registered kind gives valid settings and content through ``sample()``; from there the test
plays the content into a journey through the kind's own operations and checks every face of the
contract: check/apply round trip, undo, contribution, anonymised export, export/import, the
notebook widget and the report blocks. A new kind (one folder plus one entry point) is tested
here with no new test.
"""

from __future__ import annotations

import json

import pytest
from factories import workform_data

from sprintkit import registry
from sprintkit.canvas import CanvasKind
from sprintkit.engine import Journey, exchange, fold
from sprintkit.engine.fold import effective
from sprintkit.loading import load_casus, load_method
from sprintkit.model import WorkFormSpec
from sprintkit.reports import build_report, render
from sprintkit.store import SQLiteStore
from sprintkit.workspace import workforms_for

KINDS = sorted(registry.canvas_kinds())
CASUS = load_casus("molenwijk")


def _texts(value):
    """Every string in a nested content value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def _html(widget) -> str:
    """Every HTML a widget tree shows."""
    own = getattr(widget, "value", "") if type(widget).__name__ == "HTML" else ""
    return own + "".join(_html(child) for child in getattr(widget, "children", ()))


@pytest.fixture(params=KINDS)
def played(request):
    """A journey with one run of the kind, filled with the kind's sample through operations."""
    return _play(request.param)


def _play(kind: str):
    logic: CanvasKind = registry.canvas(kind)
    settings, content = logic.sample()
    data = workform_data(f"contract-{kind}".replace("_", "-"), canvas=settings)
    data["feeds"] = ["pijnpunten"]
    spec = WorkFormSpec.model_validate(data)
    assert type(spec.canvas) is logic.settings
    method = load_method(CASUS.method)
    store = SQLiteStore(":memory:")
    journey = Journey.create(CASUS, method, [*workforms_for(CASUS), spec], store)
    run = journey.start_run(spec.slug)
    for kind, payload, author in logic.operations(content):
        journey.canvas_op(run, kind, payload, author)
    return logic, spec, content, journey, run


def test_every_kind_declares_the_contract():
    for kind in KINDS:
        logic = registry.canvas(kind)
        assert logic.kind == kind and logic.events
        assert logic.settings is not None and logic.content_model is not None
        assert set(logic.creates) <= logic.events
        assert logic.widget and logic.report, f"{kind} ships a widget and a report face"


def test_content_round_trips_through_check_and_apply(played):
    logic, spec, content, journey, run = played
    logic.content_model.model_validate(content)
    assert logic.content(journey.run(run)) == content
    assert journey.state == fold(effective(journey.events))  # live equals a refold


def test_undo_of_the_last_operation_refolds(played):
    logic, spec, content, journey, run = played
    before = journey.run(run).model_copy(deep=True)
    journey.undo()
    journey.redo()
    assert journey.run(run) == before
    journey.undo()
    assert journey.state == fold(effective(journey.events))


def test_contribution_feeds_only_declared_fields(played):
    logic, spec, content, journey, run = played
    contribution = logic.contribute(journey.run(run), spec, journey.method.phase(1).result)
    assert set(contribution) <= set(spec.feeds)


def test_export_import_and_anonymised_export(played):
    logic, spec, content, journey, run = played
    data = exchange.export_journey(journey.store, journey.id)
    other = SQLiteStore(":memory:")
    exchange.import_journey(data, other)
    again = Journey(CASUS, journey.method, journey.workforms(1), other, journey.id)
    assert again.state == journey.state
    anonymous = exchange.anonymise(data, CASUS)
    authors = {e["author"] for e in anonymous["events"]} - {None}
    assert all(a.startswith("deelnemer-") for a in authors)


def test_the_widget_renders_the_content_escaped(played):
    pytest.importorskip("ipywidgets")
    from sprintkit.widgets import Workshop, make_canvas

    logic, spec, content, journey, run = played
    view = _html(make_canvas(Workshop(journey), run))
    shown = [t for t in _texts(content) if len(t) > 3]
    assert shown[0] in view, f"{logic.kind}: {shown[0]!r} not shown"


def test_the_report_shows_the_run(played):
    logic, spec, content, journey, run = played
    report = build_report(journey, "sprint", phase=1)
    text = render(report, "md").content.decode("utf-8")
    shown = [t for t in _texts(content) if len(t) > 3]
    assert any(t in text for t in shown), f"{logic.kind}: none of {shown[:3]} in the report"


def test_a_plugin_kind_without_faces_gets_readable_generic_views(monkeypatch):
    logic, spec, content, journey, run = _play("tijdlijn")
    pytest.importorskip("ipywidgets")
    from sprintkit.widgets import Workshop, make_canvas
    from sprintkit.widgets.canvases import GenericWidget

    faceless = type("Bare", (type(logic),), {"widget": None, "report": None})()
    registry.reload()
    monkeypatch.setenv("SPRINTKIT_DISABLE_PLUGINS", "sprintkit-example-plugin")
    registry.register("canvas_kinds", faceless, package="bare")
    try:
        widget = make_canvas(Workshop(journey), run)
        assert isinstance(widget, GenericWidget)
        assert "<pre>" not in _html(widget) and "Nieuwe flats" in _html(widget)
        text = render(build_report(journey, "sprint", phase=1), "md").content.decode("utf-8")
        assert "Nieuwe flats" in text
    finally:
        registry.reload()


def test_the_template_plugin_is_one_folder_and_one_entry_point():
    from importlib import metadata

    (ep,) = [
        ep for ep in metadata.entry_points(group="sprintkit.canvas_kinds") if ep.name == "tijdlijn"
    ]
    assert ep.value == "sprintkit_example_plugin.tijdlijn.logic:Tijdlijn"
    assert json.dumps(sorted(KINDS)).count("tijdlijn") == 1
