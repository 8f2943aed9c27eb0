"""Plots render with Agg; the tests check the artists (arrows, labels, overlaps), not pixels."""

from __future__ import annotations

import subprocess
import sys
from itertools import combinations

import matplotlib
import pytest
from matplotlib.patches import FancyArrowPatch

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from test_analysis_cases import casus, indicator, intervention  # noqa: E402

from sprintkit import analysis as kv  # noqa: E402
from sprintkit import plots  # noqa: E402
from sprintkit.analysis.layout import glijbaan_layout  # noqa: E402
from sprintkit.analysis.map_layout import environment_map_layout  # noqa: E402
from sprintkit.errors import MissingExtraError  # noqa: E402
from sprintkit.loading import load_casus, load_method  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def molenwijk_graph():
    return kv.build_graph(load_casus("molenwijk"))


def by_gid(ax, prefix):
    artists = [*ax.patches, *ax.texts]
    return [a for a in artists if (a.get_gid() or "").startswith(prefix)]


def assert_no_overlaps(ax):
    """Every label sits inside its own box, and no two boxes or titles share any area."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {
        a.get_gid().removeprefix("box:"): a.get_window_extent(renderer) for a in by_gid(ax, "box:")
    }
    assert boxes
    for label in by_gid(ax, "label:"):
        text = label.get_window_extent(renderer)
        box = boxes[label.get_gid().removeprefix("label:")]
        assert box.x0 - 1 <= text.x0 and text.x1 <= box.x1 + 1, label.get_text()
        assert box.y0 - 1 <= text.y0 and text.y1 <= box.y1 + 1, label.get_text()
    titles = [t.get_window_extent(renderer) for t in by_gid(ax, "title:")]
    for a, b in combinations([*boxes.values(), *titles], 2):
        assert not a.overlaps(b)


def test_environment_map_of_molenwijk(molenwijk_graph):
    ax = plots.draw_environment_map(molenwijk_graph)
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == kv.analyse(molenwijk_graph).koppelvlak_effects == 15
    assert {a.get_gid() for a in arrows} == {"koppelvlak"}
    titles = {t.get_text() for t in by_gid(ax, "title:")}
    assert titles == {
        "Sociale omgeving",
        "Fysieke omgeving",
        "Institutionele omgeving",
        "Criminele omgeving",
    }
    labels = {t.get_gid(): t.get_text().replace("\n", " ") for t in by_gid(ax, "label:")}
    assert len(labels) == 30
    assert labels["label:intervention:buitenfitness_molenpark"] == (
        "Buitenfitnesstoestellen in het Molenpark"
    )
    assert labels["label:indicator:sociale_cohesie"] == "Sociale cohesie"
    assert "Molenwijk" in ax.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "koppelvlak, negatief bijeffect" in legend
    assert_no_overlaps(ax)


def test_arrow_colour_follows_the_sign(molenwijk_graph):
    ax = plots.draw_environment_map(molenwijk_graph)
    styles = sorted(
        (p.get_linestyle(), matplotlib.colors.to_hex(p.get_edgecolor()))
        for p in ax.patches
        if p.get_gid() == "koppelvlak"
    )
    negative = [s for s in styles if s[1] == plots._SIGN[-1]]
    assert len(negative) == 5 and all(ls == "--" for ls, _ in negative)
    assert len(styles) - len(negative) == 10


def test_environment_map_in_english_with_internal_effects(molenwijk_graph):
    fig, ax = plt.subplots(figsize=(16, 10))
    out = plots.draw_environment_map(molenwijk_graph, ax=ax, lang="en", show_internal=True)
    assert out is ax
    gids = [p.get_gid() for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert gids.count("koppelvlak") == 15 and gids.count("internal") == 10
    assert "Social environment" in {t.get_text() for t in by_gid(ax, "title:")}
    texts = {t.get_text().replace("\n", " ") for t in by_gid(ax, "label:")}
    assert "Outdoor fitness equipment in Molenpark" in texts


def forty_node_casus():
    """40 nodes with long names, crowded into the physical quadrant."""
    long = "met een heel lange naam die op een projector gelezen moet kunnen worden"
    inds = [indicator(f"f{k}", "physical", name=f"Fysieke indicator {k} {long}") for k in range(9)]
    inds += [indicator(f"s{k}", "social", name=f"Sociale indicator {k}") for k in range(4)]
    inds += [indicator(f"c{k}", "criminal", name=f"Criminele indicator {k}") for k in range(4)]
    inds += [
        indicator(f"i{k}", "institutional", name=f"Institutionele indicator {k}") for k in range(3)
    ]
    ivs = [
        intervention(
            f"p{k}",
            "physical",
            (f"s{k % 4}",),
            (f"c{k % 4}", "negative"),
            name=f"Maatregel {k} {long}",
        )
        for k in range(9)
    ]
    ivs += [intervention(f"q{k}", "social", (f"i{k % 3}",), (f"f{k}",)) for k in range(5)]
    ivs += [intervention(f"r{k}", "criminal", ("social",)) for k in range(3)]
    ivs += [intervention(f"t{k}", "institutional", (f"c{k}",)) for k in range(3)]
    return casus(inds, ivs)


def test_forty_nodes_do_not_overlap():
    G = kv.build_graph(forty_node_casus())
    ax = plots.draw_environment_map(G)
    assert len(by_gid(ax, "label:")) == 40
    # 9 x 2 from physical, 5 x 2 from social, 3 onto the social title, 3 from institutional.
    assert len(by_gid(ax, "koppelvlak")) == 34
    assert_no_overlaps(ax)
    layout = environment_map_layout(G, 1100, 720)
    assert all(not a.overlaps(b) for a, b in combinations(layout.boxes, 2))
    assert layout.font_size >= 7


def test_heatmap(molenwijk_graph):
    ax = plots.draw_koppelvlakken_heatmap(molenwijk_graph)
    cells = [t.get_text() for t in by_gid(ax, "cell")]
    assert len(cells) == 16
    assert "6 effecten\nsterkte 10" in cells  # physical -> criminal
    assert sum("(binnen)" in c for c in cells) == 4
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    assert xlabels == [
        "sociale omgeving",
        "fysieke omgeving",
        "institutionele omgeving",
        "criminele omgeving",
    ]
    assert ax.get_title() == "Koppelvlakken tussen de omgevingen"


def test_heatmap_from_a_result_in_english(molenwijk_graph):
    result = kv.koppelvlakken(molenwijk_graph)
    ax = plots.draw_koppelvlakken_heatmap(result, value="weight", lang="en")
    assert ax.get_ylabel() == "from (environment of the intervention)"
    assert "6 effects\nstrength 10" in [t.get_text() for t in by_gid(ax, "cell")]


def test_leverage_bars(molenwijk_graph):
    ax = plots.draw_leverage(molenwijk_graph, top=5)
    (bars,) = ax.containers
    assert len(bars) == 5
    ticks = zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    names = {y: label.get_text().replace("\n", " ") for y, label in ticks}
    assert names[max(names)] == "Inbraakwerend hang- en sluitwerk in de Roedeflats"  # rank 1 on top
    assert ax.get_title() == "Hefboomwerking van de interventies"


def test_leverage_from_a_ranking_shows_negative_bars_hatched(molenwijk_graph):
    ranking = kv.leverage(molenwijk_graph)
    ax = plots.draw_leverage(ranking, top=20)
    (bars,) = ax.containers
    assert len(bars) == 12
    hatched = [b for b in bars if b.get_hatch() == "//"]
    assert len(hatched) == sum(x.score < 0 for x in ranking) == 4


def test_glijbaan_shows_actors_and_moves():
    casus = load_casus("molenwijk")
    ax = plots.draw_glijbaan(casus, method=load_method("wijkaanpak"))
    layout = glijbaan_layout(casus.actors)
    assert len(by_gid(ax, "glijbaan-flow")) == len(layout.flows)
    cells = " ".join(t.get_text().replace("\n", " ") for t in by_gid(ax, "glijbaan-cell"))
    assert "Ria Brouwer" in cells
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Bovenaan de glijbaan",
        "Halverwege de glijbaan",
        "Onderaan de glijbaan",
    ]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "sprint 1",
        "sprint 3",
        "sprint 5",
        "sprint 7",
    ]
    ax.figure.canvas.draw()  # renders without errors or warnings


def test_glijbaan_movement_colours():
    from sprintkit.model import Actor

    actors = [
        Actor(id="a", name="Ria", kind="resident", glijbaan={1: 1, 3: 3}),
        Actor(id="b", name="Tom", kind="youth", glijbaan={1: 2, 3: 1}),
        Actor(id="c", name="Noor", kind="youth", glijbaan={1: 2, 3: 2}),
    ]
    ax = plots.draw_glijbaan(actors, lang="en")
    colours = sorted(
        matplotlib.colors.to_hex(p.get_edgecolor()) for p in by_gid(ax, "glijbaan-flow")
    )
    assert colours == sorted([plots._SIGN[1], plots._SIGN[-1], plots._GREY])
    assert ax.get_yticklabels()[0].get_text() == "Top of the slide"


def test_write_environment_map(molenwijk_graph, tmp_path):
    path = plots.write_environment_map(molenwijk_graph, tmp_path / "kaart.png", dpi=40)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == []  # no pyplot figure left open


def test_missing_matplotlib_names_the_install_command(monkeypatch, molenwijk_graph):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingExtraError, match="pip install matplotlib"):
        plots.draw_environment_map(molenwijk_graph)
    with pytest.raises(MissingExtraError):
        plots.write_environment_map(molenwijk_graph, "never.png")


def test_analysis_and_plots_modules_do_not_import_matplotlib():
    code = (
        "import sys, sprintkit, sprintkit.analysis, sprintkit.plots;"
        "G = sprintkit.analysis.build_graph(sprintkit.load_casus('molenwijk'));"
        "sprintkit.analysis.analyse(G);"
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
