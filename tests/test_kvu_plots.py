"""KVU figures render with Agg; the tests check the artists (bars, markers, texts, colours)."""

from __future__ import annotations

import subprocess
import sys
from itertools import combinations

import matplotlib
import pytest
from matplotlib.colors import to_hex

from sprintkit.workspace import start_journey

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sprintkit.kvu import Kvu  # noqa: E402
from sprintkit.kvu.ledger import STATUSES, WEAK_SCORE  # noqa: E402
from sprintkit.kvu.plots import (  # noqa: E402
    STATUS_COLOURS,
    VERDICT_COLOURS,
    baseline_plot,
    progress_matrix_plot,
    success_factors_plot,
)
from sprintkit.store import SQLiteStore  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def kvu():
    """A KVU journey filled through commands only (own measures, no catalogue or demo)."""
    kvu = Kvu(start_journey("nachtkwartier", store=SQLiteStore(":memory:")))
    for factor, score in (("gedeelde-visie", 2), ("stabiliteit", 1), ("externe-impuls", 4)):
        kvu.score(factor, score, phase=1)
    kvu.score("gedeelde-visie", 4, phase=4)
    kvu.score("externe-impuls", 5, phase=7)
    kvu.baseline_from_casus(phase=3)
    done = kvu.select(name="Toezichtpunt Schippersplein", environment="criminal")
    late = kvu.select(name="Glasvrij plein $5", environment="physical", category="beheer")
    kvu.select(name="Voorlichting lachgas", environment="social", category="imago")
    kvu.plan(done, owner="politie", deadline="2026-03-01", goal="Geweld naar 1,5", budget=4e4)
    kvu.plan(late, owner="projectleider", deadline="2026-01-01", goal="Glas halveren")
    kvu.progress(done, "uitgevoerd")
    kvu.progress(late, "vertraagd")
    kvu.measure("geweld_per_nacht", 1.4, "eindmeting")  # 2.1 -> 1.4, lower is better
    kvu.measure("zakkenrollerij", 58, "eindmeting")  # 52 -> 58: worse
    kvu.measure("veiligheidsgevoel_bezoekers", 62.5, "eindmeting")  # 62 -> 62.5: unchanged
    kvu.measure("drugsincidenten", 32, "tussenmeting")  # only an interim value
    return kvu


def gids(ax, prefix):
    artists = [*ax.patches, *ax.texts, *ax.collections]
    return {a.get_gid(): a for a in artists if (a.get_gid() or "").startswith(prefix)}


def extents(ax, artists):
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    return [a.get_window_extent(renderer) for a in artists]


def marker_extents(ax, markers):
    """Display boxes of scatter markers (a collection's own extent is not computed)."""
    from matplotlib.transforms import Bbox

    ax.figure.canvas.draw()
    out = []
    for marker in markers:
        x, y = ax.transData.transform(marker.get_offsets()[0])
        r = (marker.get_sizes()[0] ** 0.5) / 2 * ax.figure.dpi / 72
        out.append(Bbox([[x - r, y - r], [x + r, y + r]]))
    return out


# -- success factors ---------------------------------------------------------------------------
def test_success_factors_bars_per_step(kvu):
    rows = kvu.assessment()
    ax = success_factors_plot(rows)
    bars = gids(ax, "score:")
    assert sorted(bars) == sorted(
        [
            "score:gedeelde-visie:1",
            "score:gedeelde-visie:4",
            "score:stabiliteit:1",
            "score:externe-impuls:1",
            "score:externe-impuls:7",
        ]
    )
    assert bars["score:stabiliteit:1"].get_width() == 1
    assert bars["score:externe-impuls:7"].get_width() == 5
    # one colour per step, the same for every factor scored in it
    colour = {gid.rsplit(":", 1)[1]: to_hex(b.get_facecolor()) for gid, b in bars.items()}
    assert to_hex(bars["score:gedeelde-visie:1"].get_facecolor()) == colour["1"]
    assert len(set(colour.values())) == 3
    # weak bars are hatched (a second cue beside the dashed line)
    assert bars["score:stabiliteit:1"].get_hatch() == "//"
    assert not bars["score:gedeelde-visie:4"].get_hatch()
    weak = [line for line in ax.lines if line.get_gid() == "weak-line"]
    assert len(weak) == 1 and weak[0].get_linestyle() == "--"
    assert list(weak[0].get_xdata()) == [WEAK_SCORE, WEAK_SCORE]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["stap 1", "stap 4", "stap 7", f"zwak (≤ {WEAK_SCORE})"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4", "5"]


def test_success_factors_unscored_say_so(kvu):
    rows = kvu.assessment()
    ax = success_factors_plot(rows)
    unscored = gids(ax, "no-score:")
    assert len(unscored) == len(rows) - 3 == 6
    assert {t.get_text() for t in unscored.values()} == {"geen score"}
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    position = dict(zip(labels, ax.get_yticks(), strict=True))
    assert max(position, key=position.get) == "Gedeelde visie"  # the first factor on top
    assert min(position, key=position.get) == "Intentieverklaring"
    assert ax.get_title() == "Succesfactoren per stap"
    values = gids(ax, "value:")
    assert values["value:externe-impuls:7"].get_text() == "5"
    boxes = extents(ax, values.values())
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))


def test_success_factors_in_english_and_empty(kvu):
    ax = success_factors_plot(kvu.assessment(), lang="en")
    assert ax.get_title() == "Success factors per step"
    assert "step 4" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert {t.get_text() for t in gids(ax, "no-score:").values()} == {"no score"}
    assert "Shared vision" in [t.get_text() for t in ax.get_yticklabels()]
    fresh = Kvu(start_journey("nachtkwartier", store=SQLiteStore(":memory:")))
    ax = success_factors_plot(fresh.assessment())
    assert not gids(ax, "score:") and len(gids(ax, "no-score:")) == 9


# -- progress matrix ---------------------------------------------------------------------------
def test_progress_matrix_marks_status_and_owner(kvu):
    rows = kvu.progress_matrix()
    ax = progress_matrix_plot(rows)
    markers = gids(ax, "status:")
    assert len(markers) == len(rows) == 3
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert columns == ["gepland", "gestart", "op schema", "vertraagd", "uitgevoerd", "gestopt"]
    for row in rows:
        marker = markers[f"status:{row.id}"]
        x, _ = marker.get_offsets()[0]
        assert x == STATUSES.index(row.status)
        assert to_hex(marker.get_facecolor()[0]) == STATUS_COLOURS[row.status].lower()
    by_status = {r.status: r for r in rows}
    assert to_hex(markers[f"status:{by_status['uitgevoerd'].id}"].get_facecolor()[0]) == "#009e73"
    assert to_hex(markers[f"status:{by_status['vertraagd'].id}"].get_facecolor()[0]) == "#e69f00"
    owners = {gid: t.get_text().replace("\n", " ") for gid, t in gids(ax, "owner:").items()}
    assert owners[f"owner:{by_status['vertraagd'].id}"] == "Marloes Tiemens"
    assert owners[f"owner:{by_status['uitgevoerd'].id}"] == "Politie, basisteam Waardenstreek"
    assert owners[f"owner:{by_status['gepland'].id}"] == "(nog geen eigenaar)"
    names = [t.get_text() for t in ax.get_yticklabels()]
    position = dict(zip(names, ax.get_yticks(), strict=True))
    assert max(position, key=position.get) == "Toezichtpunt Schippersplein"  # selection order
    assert min(position, key=position.get) == "Voorlichting lachgas"
    assert r"Glasvrij plein \$5" in names  # drawn as typed, not as mathtext


def test_progress_matrix_labels_do_not_overlap(kvu):
    ax = progress_matrix_plot(kvu.progress_matrix())
    owners = list(gids(ax, "owner:").values())
    markers = list(gids(ax, "status:").values())
    boxes = extents(ax, owners) + marker_extents(ax, markers)
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))
    figure = ax.figure.bbox
    assert all(figure.x0 <= b.x0 and b.x1 <= figure.x1 for b in boxes)


def test_progress_matrix_dropped_and_empty(kvu):
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    fresh = Kvu(journey)
    ax = progress_matrix_plot(fresh.progress_matrix())
    assert [t.get_text() for t in ax.texts] == ["Nog geen maatregelen gekozen"]
    assert not ax.collections and not ax.axison
    ax = progress_matrix_plot([], lang="en")
    assert [t.get_text() for t in ax.texts] == ["No measures selected yet"]
    m = fresh.select(name="Portiersoverleg", environment="institutional")
    fresh.drop(m, "Dubbel met het horecaoverleg")
    rows = fresh.progress_matrix(include_dropped=True)
    ax = progress_matrix_plot(rows, lang="en")
    marker = gids(ax, "status:")[f"status:{m}"]
    assert marker.get_offsets()[0][0] == STATUSES.index("gestopt")
    assert to_hex(marker.get_facecolor()[0]) == "#7f7f7f"
    assert ax.get_xticklabels()[-1].get_text() == "stopped"


# -- baseline against final --------------------------------------------------------------------
def test_baseline_bars_coloured_by_verdict(kvu):
    comparisons = kvu.comparison()
    ax = baseline_plot(comparisons)
    bars = gids(ax, "change:")
    assert sorted(bars) == sorted(
        [
            "change:geweld_per_nacht",
            "change:zakkenrollerij",
            "change:veiligheidsgevoel_bezoekers",
            "change:drugsincidenten",
        ]
    )
    colour = {gid: to_hex(b.get_facecolor()) for gid, b in bars.items()}
    assert colour["change:geweld_per_nacht"] == VERDICT_COLOURS["beter"].lower()
    assert colour["change:zakkenrollerij"] == VERDICT_COLOURS["slechter"].lower()
    assert colour["change:veiligheidsgevoel_bezoekers"] == VERDICT_COLOURS["gelijk"].lower()
    assert bars["change:zakkenrollerij"].get_hatch() == "//"
    assert bars["change:geweld_per_nacht"].get_width() == pytest.approx(-100 / 3)
    values = {gid: t.get_text() for gid, t in gids(ax, "values:").items()}
    assert values["values:geweld_per_nacht"] == "2,1 → 1,4  (-33%)"
    assert values["values:zakkenrollerij"] == "52 → 58  (+12%)"
    assert values["values:drugsincidenten"].endswith(", tussenmeting")
    unmeasured = gids(ax, "unmeasured:")
    assert len(unmeasured) == len(comparisons) - 4 == 8
    assert {t.get_text() for t in unmeasured.values()} == {"nog niet gemeten"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["beter", "slechter", "gelijk"]


def test_baseline_texts_stay_inside_and_apart(kvu):
    ax = baseline_plot(kvu.comparison())
    texts = [*gids(ax, "values:").values(), *gids(ax, "unmeasured:").values()]
    boxes = extents(ax, texts)
    frame = ax.get_window_extent()
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 for b in boxes)
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))


def test_baseline_in_english_and_empty(kvu):
    ax = baseline_plot(kvu.comparison(), lang="en")
    assert ax.get_title() == "Baseline and final measurement"
    values = {gid: t.get_text() for gid, t in gids(ax, "values:").items()}
    assert values["values:veiligheidsgevoel_bezoekers"] == "62 → 62.5  (+1%)"
    assert values["values:drugsincidenten"].endswith(", interim measurement")
    assert {t.get_text() for t in gids(ax, "unmeasured:").values()} == {"not measured yet"}
    ax = baseline_plot([])
    assert [t.get_text() for t in ax.texts] == ["Nog geen nulmeting vastgelegd"]


def test_plots_draw_on_a_given_axes(kvu):
    fig, axes = plt.subplots(1, 3)
    drawn = [
        success_factors_plot(kvu.assessment(), ax=axes[0]),
        progress_matrix_plot(kvu.progress_matrix(), ax=axes[1]),
        baseline_plot(kvu.comparison(), ax=axes[2]),
    ]
    assert drawn == list(axes)
    assert len(plt.get_fignums()) == 1


def test_importing_the_module_does_not_load_matplotlib():
    code = "import sys, sprintkit.kvu.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
