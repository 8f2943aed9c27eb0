"""What a work form run produced, as report blocks, per canvas kind.

Boards show their notes by cluster with the votes; the other canvases show their content in a
table or list. People named on a canvas (objectors, the consenting, actors in a journey step)
go through :class:`~sprintkit.reports.names.Names`, typed text through its scrubber.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..canvas import canvas_kind
from ..model import WorkFormSpec
from ..model.state import RunState
from .blocks import Block, Bullets, Paragraph, Table
from .context import ReportContext

__all__ = ["run_blocks", "clusters"]


def clusters(ctx: ReportContext, run: RunState) -> list[tuple[str, list[tuple[str, int]]]]:
    """A board's notes grouped by cluster, clusters and notes with the most votes first.

    Notes without a cluster are gathered under 'not clustered'. Personal notes lose their text
    when anonymised.
    """
    groups: dict[str, list[tuple[str, int]]] = {}
    for note in run.notes.values():
        name = ctx.user(note.cluster) if note.cluster else ctx.s("sprint.no_cluster")
        groups.setdefault(name, []).append(
            (ctx.names.note(note.text, note.personal), len(note.votes))
        )
    ordered = sorted(groups.items(), key=lambda g: -sum(v for _, v in g[1]))
    return [(name, sorted(notes, key=lambda n: -n[1])) for name, notes in ordered]


def _board(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    blocks: list[Block] = []
    for name, notes in clusters(ctx, run):
        votes = sum(v for _, v in notes)
        title = ctx.s("sprint.cluster", name=name, votes=votes) if votes else name
        blocks.append(Paragraph(title, "lead"))
        blocks.append(
            Bullets(tuple(ctx.s("sprint.note", text=t, votes=v) if v else t for t, v in notes))
        )
    return blocks or [Paragraph(ctx.s("empty"), "small")]


def _fields_map(ctx: ReportContext, content: dict[str, Any], spec: WorkFormSpec) -> list[Block]:
    labels = {f.key: ctx.loc(f.label) for f in getattr(spec.canvas, "fields", [])}
    rows = tuple(
        (labels.get(key, key), "; ".join(ctx.user(x) for x in texts))
        for key, texts in content["fields"].items()
    )
    subject = Paragraph(ctx.s("sprint.subject", subject=ctx.user(content["subject"])))
    return [subject, Table((ctx.s("sprint.field"), ctx.s("sprint.notes")), rows, (0.25, 0.75))]


def _journey(ctx: ReportContext, content: dict[str, Any], spec: WorkFormSpec) -> list[Block]:
    rows = tuple(
        (
            str(i),
            ctx.user(step["name"]),
            ctx.s(f"feeling.{step.get('feeling') or 'none'}"),
            "; ".join(ctx.user(p) for p in step.get("pain_points", [])) or "-",
            ", ".join(ctx.names.person(a) for a in step.get("actors", [])) or "-",
        )
        for i, step in enumerate(content["steps"], 1)
    )
    header = tuple(ctx.s(f"sprint.step.{k}") for k in ("nr", "step", "feeling", "pains", "who"))
    subject = Paragraph(ctx.s("sprint.subject", subject=ctx.user(content["subject"])))
    return [subject, Table(header, rows, (0.05, 0.3, 0.1, 0.35, 0.2))]


def _matrix(ctx: ReportContext, content: dict[str, Any], spec: WorkFormSpec) -> list[Block]:
    canvas: Any = spec.canvas
    rows = tuple(
        (ctx.user(item["text"]), f"{item['x']:.1f}", f"{item['y']:.1f}")
        for item in content["items"]
    )
    header = (ctx.s("sprint.item"), ctx.loc(canvas.x.label), ctx.loc(canvas.y.label))
    return [Table(header, rows, (0.6, 0.2, 0.2))]


def _consent(ctx: ReportContext, content: dict[str, Any], spec: WorkFormSpec) -> list[Block]:
    blocks: list[Block] = [Paragraph(ctx.s("sprint.proposal", text=ctx.user(content["proposal"])))]
    if content["objections"]:
        rows = tuple(
            (
                ctx.names.person(o["by"]),
                ctx.user(o["text"]),
                ctx.s("yes") if o.get("resolved") else ctx.s("no"),
            )
            for o in content["objections"]
        )
        header = (ctx.s("sprint.by"), ctx.s("sprint.objection"), ctx.s("sprint.resolved"))
        blocks.append(Table(header, rows, (0.2, 0.65, 0.15)))
    if content.get("amended_proposal"):
        blocks.append(
            Paragraph(ctx.s("sprint.amended", text=ctx.user(content["amended_proposal"])))
        )
    consenting = ", ".join(ctx.names.person(p) for p in content["consenting"]) or "-"
    decision = ctx.s(f"decision.{content['decision']}")
    blocks.append(Paragraph(ctx.s("sprint.decision", decision=decision, who=consenting)))
    return blocks


def _ab(ctx: ReportContext, content: dict[str, Any], spec: WorkFormSpec) -> list[Block]:
    variants = content["variants"]
    rows = tuple(
        (ctx.user(measure), _num(values.get("a")), _num(values.get("b")))
        for measure, values in content["results"].items()
    )
    blocks: list[Block] = [
        Paragraph(ctx.s("sprint.subject", subject=ctx.user(content["subject"]))),
        Bullets(tuple(f"{k.upper()}: {ctx.user(v)}" for k, v in sorted(variants.items()))),
    ]
    if rows:
        blocks.append(Table((ctx.s("sprint.measure"), "A", "B"), rows, (0.6, 0.2, 0.2)))
    if content.get("outcome"):
        blocks.append(Paragraph(ctx.s("sprint.outcome", text=ctx.user(content["outcome"]))))
    return blocks


def _grid(ctx: ReportContext, content: dict[str, Any], spec: WorkFormSpec) -> list[Block]:
    rows = tuple(
        (
            ctx.user(cell["idea"]),
            ctx.kind_label(cell["perspective"]),
            ctx.user(cell["text"]),
        )
        for cell in content["cells"]
    )
    header = (ctx.s("sprint.idea"), ctx.s("sprint.through"), ctx.s("sprint.notes"))
    ideas = Bullets(tuple(ctx.user(i) for i in content["ideas"]))
    return [ideas, Table(header, rows, (0.3, 0.2, 0.5))] if rows else [ideas]


_KINDS: dict[str, Callable[[ReportContext, dict[str, Any], WorkFormSpec], list[Block]]] = {
    "fields_map": _fields_map,
    "journey": _journey,
    "matrix": _matrix,
    "consent_round": _consent,
    "ab_comparison": _ab,
    "perspectives_grid": _grid,
}


def run_blocks(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    """What one run produced, as blocks; an unknown (plugin) canvas shows its summary items."""
    logic = canvas_kind(run.canvas)
    if run.canvas == "board":
        return _board(ctx, run, spec)
    if run.canvas in _KINDS:
        return _KINDS[run.canvas](ctx, logic.content(run), spec)
    items = tuple(ctx.user(i) for i in logic.items(run, spec))
    return [Bullets(items)] if items else [Paragraph(ctx.s("empty"), "small")]


def _num(value: Any) -> str:
    return "-" if value is None else f"{value:g}"
