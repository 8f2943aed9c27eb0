"""Figures are drawn once per journey state and shared by every format and report kind."""

from __future__ import annotations

import pytest

from sprintkit.reports import ReportContext, build_report, figure_cache, write_report
from sprintkit.reports.blocks import Figure
from sprintkit.workspace import demo_journey


@pytest.fixture(scope="module")
def journey():
    return demo_journey("molenwijk")


@pytest.fixture(autouse=True)
def _empty_cache():
    figure_cache.clear()
    yield
    figure_cache.clear()


def _figures(report) -> list[Figure]:
    return [b for s in report.sections for b in s.blocks if isinstance(b, Figure)]


def test_three_formats_draw_each_figure_once(journey, tmp_path):
    for fmt in ("html", "md", "docx"):
        write_report(journey, "journey", tmp_path / f"reis.{fmt}")
    info = figure_cache.cache_info()
    assert (info.misses, info.hits) == (2, 4)  # the map and the glijbaan, drawn once each
    png = (tmp_path / "reis-figuur-1.png").read_bytes()  # Markdown writes them beside the file
    assert png in [f.png for f in _figures(build_report(journey, "journey"))]


def test_the_same_state_gives_the_same_figure_objects(journey):
    first, second = build_report(journey, "journey"), build_report(journey, "journey")
    assert [id(f) for f in _figures(first)] == [id(f) for f in _figures(second)]
    assert len(_figures(first)) == 2


def test_language_and_anonymisation_are_separate_figures(journey):
    build_report(journey, "journey")
    build_report(journey, "journey", lang="en")
    build_report(journey, "journey", anonymise=True)
    assert figure_cache.cache_info().misses == 6


def test_a_new_event_draws_the_figures_anew():
    journey = demo_journey("molenwijk", through=1)
    build_report(journey, "sprint", phase=1)
    drawn = figure_cache.cache_info().misses
    assert drawn > 0
    build_report(journey, "sprint", phase=1)
    assert figure_cache.cache_info().misses == drawn  # same state: nothing drawn
    journey.set_stage("join")  # any stored event moves the state on
    build_report(journey, "sprint", phase=1)
    assert figure_cache.cache_info().misses == 2 * drawn


def test_a_hand_built_state_is_drawn_every_time(journey):
    ctx = ReportContext(journey.casus, journey.method, journey.state)
    assert ctx.state_key is None
    first, second = build_report(ctx, "journey"), build_report(ctx, "journey")
    assert figure_cache.cache_info() == (0, 0, 0)
    assert _figures(first)[0] is not _figures(second)[0]


def test_the_cache_keeps_at_most_its_size(journey, monkeypatch):
    monkeypatch.setattr(figure_cache, "SIZE", 1)
    build_report(journey, "journey")
    assert figure_cache.cache_info().size == 1
