"""The live koppelvlakken map: drawn again only when its input changed, in the background."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from sprintkit.kinds.board.actions import add_note  # noqa: E402
from sprintkit.store import SQLiteStore  # noqa: E402
from sprintkit.widgets import Workshop  # noqa: E402
from sprintkit.widgets.koppelvlakken import KoppelvlakkenView  # noqa: E402
from sprintkit.workspace import start_journey  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def ws(molenwijk, tmp_path):
    journey = start_journey(
        molenwijk, store=SQLiteStore(tmp_path / "s.sqlite"), at_sprint=4, demo=True
    )
    yield Workshop(journey)
    journey.store.close()


def test_first_drawing_is_shown_and_saved(ws, tmp_path):
    target = tmp_path / "figures" / "kaart.png"
    view = KoppelvlakkenView(ws, target)
    assert view.draws == 1
    assert bytes(view.image.value).startswith(PNG) and len(view.image.value) > 10_000
    assert target.read_bytes() == bytes(view.image.value)
    assert [p.name for p in target.parent.iterdir()] == ["kaart.png"]  # no temporary file left


def test_a_save_that_does_not_touch_the_graph_draws_nothing(ws):
    view = KoppelvlakkenView(ws)
    run = ws.journey.start_run("hoe-zouden-zij", 4)
    add_note(ws.journey, run, "Een idee")
    ws.changed()
    ws.journey.note_key_factor(ws.journey.method.key_factors[0].key, "gezien", 4)
    ws.changed()
    view.wait()
    assert view.draws == 1


def test_a_new_intervention_is_drawn_in_the_background(ws):
    view = KoppelvlakkenView(ws)
    first = bytes(view.image.value)
    ws.journey.add_intervention("ideeen", "Buurtconciërge", "social", owner="gemeente_veenstede")
    ws.changed()
    assert view._pending is not None  # the save returned; the drawing runs on its thread
    view.wait()
    assert view.draws == 2 and bytes(view.image.value) != first
    ws.changed()  # the same input again: nothing more to draw
    view.wait()
    assert view.draws == 2
    view.close()


def test_the_language_is_part_of_the_input(molenwijk, tmp_path):
    journey = start_journey(molenwijk, store=SQLiteStore(tmp_path / "s.sqlite"))
    dutch, english = (
        KoppelvlakkenView(Workshop(journey)),
        KoppelvlakkenView(Workshop(journey, "en")),
    )
    assert dutch.fingerprint([]) != english.fingerprint([])
    assert bytes(dutch.image.value) != bytes(english.image.value)
    journey.store.close()


def test_a_failed_drawing_goes_to_the_log_and_is_tried_again(ws, monkeypatch, tmp_path):
    import sprintkit.widgets.koppelvlakken as module

    view = KoppelvlakkenView(ws, background=False)

    def broken(*args, **kwargs):
        raise RuntimeError("geen lettertype")

    monkeypatch.setattr(module, "map_png", broken)
    ws.journey.add_intervention("ideeen", "Buurtconciërge", "social")
    ws.changed()
    shown = str(ws.log.outputs)
    assert "(RuntimeError)" in shown and "Traceback" not in shown
    assert "geen lettertype" in next(tmp_path.glob("log/sprintkit-*.log")).read_text()
    assert view.draws == 1
    monkeypatch.undo()
    assert view.refresh() is True and view.draws == 2


def test_the_notebook_section_is_the_view(ws, tmp_path):
    from sprintkit.widgets.app import SprintApp

    app = SprintApp(ws, 4)
    view = app.koppelvlakken(save_to=tmp_path / "k.png")
    assert isinstance(view, KoppelvlakkenView)
    assert (tmp_path / "k.png").read_bytes() == bytes(view.image.value)
    ws.close()


def test_focus_shows_one_intervention_and_is_part_of_the_fingerprint(ws):
    view = KoppelvlakkenView(ws, background=False)
    whole = bytes(view.image.value)
    keys = [key for _, key in view.focus.options]
    assert keys[0] == "" and "intervention:buitenfitness_molenpark" in keys
    assert "indicator:sociale_cohesie" in keys
    labels = dict((key, label) for label, key in view.focus.options)
    assert labels["intervention:buitenfitness_molenpark"] == (
        "interventie: Buitenfitnesstoestellen in het Molenpark"
    )
    before = view.fingerprint(ws.journey.interventions())
    view.focus.value = "intervention:buitenfitness_molenpark"
    assert view.fingerprint(ws.journey.interventions()) != before
    assert view.draws == 2
    focused = bytes(view.image.value)
    assert focused.startswith(PNG) and focused != whole
    view.focus.value = "indicator:sociale_cohesie"
    assert view.draws == 3 and bytes(view.image.value) not in (whole, focused)
    view.refresh()  # nothing changed: nothing drawn
    assert view.draws == 3
    view.focus.value = ""
    assert view.draws == 4 and bytes(view.image.value) == whole


def test_a_focus_that_leaves_the_map_falls_back_to_the_whole_map(ws):
    view = KoppelvlakkenView(ws, background=False)
    ident = ws.journey.add_intervention("ideeen", "Buurtconciërge", "social")
    ws.changed()
    key = f"intervention:{ident}"
    assert key in [k for _, k in view.focus.options]
    view.focus.value = key
    ws.journey.undo()
    ws.changed()
    assert key not in [k for _, k in view.focus.options]
    assert view.focus.value == ""
