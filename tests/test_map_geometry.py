"""The koppelvlakken map reads at a glance: no arrow crosses a box or a label.

Checked twice for Molenwijk (the demo journey through sprint 7 with its ideas, dropped ones
included), the KVU case nachtkwartier (with its measures) and a generated case of 40
interventions and 40 indicators: on the layout model the renderer draws (routes against
boxes), and on the drawn artists after ``fig.canvas.draw()`` (each arrow's drawn path, its
head included, against every box patch and every text's window extent). Intersections are
computed here, not by the code under test.
"""

from __future__ import annotations

from itertools import combinations

import matplotlib
import pytest

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402
from test_analysis_cases import casus, indicator, intervention  # noqa: E402

from sprintkit.analysis import build_graph  # noqa: E402
from sprintkit.analysis.map_layout import QUADRANTS, environment_map_layout  # noqa: E402
from sprintkit.plots import draw_environment_map  # noqa: E402
from sprintkit.workspace import demo_journey  # noqa: E402

ENVS = ("social", "physical", "institutional", "criminal")
LONG = "met een lange naam die op een projector gelezen moet worden"


def generated_casus():
    """40 indicators and 40 interventions over the four environments, 3 effects each.

    Every fifth intervention also acts on a whole environment; names are long in one
    environment, so labels wrap.
    """
    inds = [
        indicator(
            f"i{k}",
            ENVS[k % 4],
            "worsening" if k % 3 else "stable",
            name=f"Indicator {k} {LONG if k % 4 == 1 else ''}".strip(),
        )
        for k in range(40)
    ]
    ivs = []
    for k in range(40):
        effects = [
            (f"i{(k * 7 + 3 * j) % 40}", "negative" if j == 2 else "positive") for j in range(3)
        ]
        if k % 5 == 0:
            effects.append((ENVS[(k + 1) % 4],))
        name = f"Maatregel {k} {LONG if k % 4 == 2 else ''}".strip()
        ivs.append(intervention(f"m{k}", ENVS[(k * 3) % 4], *effects, name=name))
    return casus(inds, ivs)


def _molenwijk():
    journey = demo_journey("molenwijk", 7)
    plan, everything = journey.interventions(), journey.interventions(plan=False)
    return build_graph(journey.casus, plan, dropped=everything)


def _nachtkwartier():
    journey = demo_journey("nachtkwartier")
    return build_graph(journey.casus, journey.interventions())


CASES = {
    "molenwijk": _molenwijk,
    "nachtkwartier": _nachtkwartier,
    "generated-40x40": lambda: build_graph(generated_casus()),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def graph(request):
    return CASES[request.param]()


def crosses(polyline, box, inset=0.0):
    """Whether a polyline ``[(x, y), ...]`` enters the rectangle ``(x0, y0, x1, y1)``.

    Touching the border (within ``inset``) is not crossing: an arrow starts and ends on one.
    Liang-Barsky clipping of each segment against the rectangle shrunk by ``inset``.
    """
    x0, y0, x1, y1 = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    if x0 >= x1 or y0 >= y1:
        return False
    for (ax, ay), (bx, by) in zip(polyline, polyline[1:], strict=False):
        dx, dy = bx - ax, by - ay
        low, high = 0.0, 1.0
        for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
            if p == 0:
                if q <= 0:
                    break
            else:
                r = q / p
                if p < 0:
                    low = max(low, r)
                else:
                    high = min(high, r)
        else:
            if low < high:
                return True
    return False


def test_crosses_sees_a_crossing_and_not_a_touch():
    box = (0.0, 0.0, 1.0, 1.0)
    assert crosses([(-1, 0.5), (2, 0.5)], box)
    assert crosses([(0.5, 0.5), (0.6, 0.6)], box)  # wholly inside
    assert not crosses([(-1, 0.5), (0.0, 0.5)], box, inset=0.01)  # ends on the border
    assert not crosses([(-1, 2), (2, 2)], box)


def _layout(G):
    # the size of the map's axes in the reports (16 x 10 inch, the map's margins)
    return environment_map_layout(G, 16 * 0.98 * 72, 10 * 0.86 * 72)


def test_the_model_routes_no_arrow_through_a_box_or_title(graph):
    layout = _layout(graph)
    assert len(layout.arrows) >= 15
    obstacles = [*layout.boxes, *(q.title for q in layout.quadrants)]
    bad = []
    for arrow in layout.arrows:
        points = arrow.points
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
            assert ax == bx or ay == by, "segments are horizontal or vertical"
        for box in obstacles:
            if crosses(points, (box.x, box.y, box.x + box.w, box.y + box.h), inset=1e-9):
                bad.append((arrow.source, arrow.target, box.key))
    assert bad == []
    ends = {b.key: b for b in obstacles}
    for arrow in layout.arrows:
        (sx, sy), (tx, ty) = arrow.points[0], arrow.points[-1]
        source, target = ends[arrow.source], ends[arrow.target]
        assert sx in (pytest.approx(source.x), pytest.approx(source.x + source.w))
        assert source.y < sy < source.y + source.h
        assert tx in (pytest.approx(target.x), pytest.approx(target.x + target.w))
        assert target.y < ty < target.y + target.h


def test_indicators_and_interventions_each_have_their_own_column(graph):
    layout = _layout(graph)
    for env, (qx, qy) in QUADRANTS.items():
        columns = {}
        for box in layout.boxes:
            if box.environment == env:
                columns.setdefault(box.kind, set()).add(round(box.x, 9))
                assert qx <= box.x and box.x + box.w <= qx + 1
                assert qy <= box.y and box.y + box.h <= qy + 1
        assert all(len(xs) == 1 for xs in columns.values()), (env, columns)
        if len(columns) == 2:  # the interventions sit by the centre of the map
            (ind,), (iv,) = columns["indicator"], columns["intervention"]
            assert abs(iv - 1) < abs(ind - 1)
    assert all(not a.overlaps(b) for a, b in combinations(layout.boxes, 2))


def _drawn(G, **kwargs):
    fig = Figure(figsize=(16, 10))
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.93, bottom=0.07)
    ax = draw_environment_map(G, ax=fig.add_subplot(), **kwargs)
    fig.canvas.draw()
    return ax


def test_the_drawn_arrows_cross_no_box_and_no_label(graph):
    ax = _drawn(graph)
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()

    def data_box(extent, inset_px=0.0):
        (x0, y0), (x1, y1) = to_data.transform(
            [
                (extent.x0 + inset_px, extent.y0 + inset_px),
                (extent.x1 - inset_px, extent.y1 - inset_px),
            ]
        )
        return (x0, y0, x1, y1)

    boxes = [p for p in ax.patches if (p.get_gid() or "").startswith("box:")]
    texts = [*ax.texts, ax.title, *ax.get_legend().get_texts()]
    # a box's drawn border may meet an arrow's end: 1 px inside it is the box proper
    obstacles = [("box", p.get_gid(), data_box(p.get_window_extent(renderer), 1.0)) for p in boxes]
    obstacles += [
        ("label", t.get_gid() or t.get_text(), data_box(t.get_window_extent(renderer)))
        for t in texts
        if t.get_text()
    ]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    layout = _layout(graph)
    assert len(arrows) == len(layout.arrows)
    hits = []
    for arrow in arrows:
        for polyline in arrow.get_path().to_polygons(closed_only=False):
            hits += [
                (kind, gid)
                for kind, gid, box in obstacles
                if crosses(list(map(tuple, polyline)), box)
            ]
    assert hits == []
    # the artists follow the model: each drawn arrow ends where its route ends
    for drawn, model in zip(arrows, layout.arrows, strict=True):
        extent = Bbox(drawn.get_path().get_extents().get_points())
        tip = model.points[-1]
        assert extent.x0 - 0.01 <= tip[0] <= extent.x1 + 0.01
        assert extent.y0 - 0.01 <= tip[1] <= extent.y1 + 0.01


def test_every_label_sits_in_its_box_at_the_drawn_size(graph):
    ax = _drawn(graph)
    renderer = ax.figure.canvas.get_renderer()
    boxes = {
        p.get_gid().removeprefix("box:"): p.get_window_extent(renderer)
        for p in ax.patches
        if (p.get_gid() or "").startswith("box:")
    }
    for label in ax.texts:
        gid = label.get_gid() or ""
        if gid.startswith("label:"):
            text, box = label.get_window_extent(renderer), boxes[gid.removeprefix("label:")]
            assert box.x0 - 1 <= text.x0 and text.x1 <= box.x1 + 1, label.get_text()
            assert box.y0 - 1 <= text.y0 and text.y1 <= box.y1 + 1, label.get_text()


def test_journey_ideas_are_drawn_apart_and_dropped_ones_left_out_of_the_analysis():
    from sprintkit.analysis import analyse
    from sprintkit.plots import ENV_COLOURS

    journey = demo_journey("molenwijk", 7)
    plan, everything = journey.interventions(), journey.interventions(plan=False)
    dropped_ids = {i.id for i in everything} - {i.id for i in plan}
    assert dropped_ids  # the demo drops two ideas in sprint 7
    G = build_graph(journey.casus, plan, dropped=everything)
    without = build_graph(journey.casus, plan)
    assert analyse(G).to_dict() == analyse(without).to_dict()
    assert all(G.nodes[f"iv:{i}"]["dropped"] for i in dropped_ids)
    layout = _layout(G)
    styles = {b.id: b.style for b in layout.boxes if b.kind == "intervention"}
    assert {styles[i] for i in dropped_ids} == {"dropped"}
    assert {styles[i.id] for i in plan} == {"plan"}
    assert all(i.id in styles for i in journey.casus.interventions)
    assert styles["buitenfitness_molenpark"] == "casus"
    assert not [a for a in layout.arrows if a.source.removeprefix("intervention:") in dropped_ids]
    ax = _drawn(G)
    patches = {p.get_gid(): p for p in ax.patches}
    casus_box = patches["box:intervention:buitenfitness_molenpark"]
    plan_box = patches[f"box:intervention:{plan[0].id}"]
    assert matplotlib.colors.to_hex(casus_box.get_facecolor()) == ENV_COLOURS["physical"].lower()
    assert casus_box.get_facecolor() != plan_box.get_facecolor()
    assert plan_box.get_linewidth() > casus_box.get_linewidth()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"bestaande interventie", "gekozen in deze aanpak", "idee, afgevallen"} <= set(legend)
    english = [t.get_text() for t in _drawn(G, lang="en").get_legend().get_texts()]
    assert {"existing intervention", "chosen in this approach", "idea, dropped"} <= set(english)


def test_ideas_and_prototypes_have_their_own_look():
    G = build_graph(
        generated_casus(),
        [
            intervention("idee", "social", ("i1",), name="Een idee").model_copy(
                update={"status": "idea"}
            ),
            intervention("proto", "social", ("i1",), name="Een prototype").model_copy(
                update={"status": "prototype"}
            ),
        ],
    )
    ax = _drawn(G)
    patches = {p.get_gid(): p for p in ax.patches}
    idea, proto = patches["box:intervention:idee"], patches["box:intervention:proto"]
    known = patches["box:intervention:m0"]
    assert idea.get_linestyle() != known.get_linestyle()  # dashed border
    assert proto.get_hatch() and not known.get_hatch()
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"idee", "prototype", "bestaande interventie"} <= legend


def test_focus_fades_all_but_the_koppelvlakken_of_one_box():
    G = _molenwijk()
    key = "intervention:buitenfitness_molenpark"
    layout = _layout(G)
    boxes, arrows = layout.focus(key)
    assert key in boxes and len(arrows) == sum(a.source == key for a in layout.arrows) > 0
    assert layout.focus("intervention:bestaat_niet") is None
    ax = _drawn(G, focus=key)
    drawn = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    lit = [p for p in drawn if p.get_alpha() > 0.5]
    assert len(lit) == len(arrows) and len(drawn) == len(layout.arrows)
    faded = {
        p.get_gid()
        for p in ax.patches
        if (p.get_gid() or "").startswith("box:")
        and p.get_alpha() is not None
        and p.get_alpha() < 0.5
    }
    assert f"box:{key}" not in faded and "box:indicator:sociale_cohesie" not in faded
    assert "box:indicator:woninginbraken" in faded
    assert "Buitenfitnesstoestellen" in ax.get_title()
    assert len(_drawn(G, focus="intervention:bestaat_niet").get_title().splitlines()) == 1
