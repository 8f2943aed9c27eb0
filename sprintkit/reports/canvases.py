"""What a work form run produced, as report blocks: each canvas kind's own ``report`` face.

A kind names its report face in :attr:`~sprintkit.canvas.CanvasKind.report`
(``"module:function"``, a function ``(ctx, run, spec) -> list[Block]``); a kind without one shows
its summary items as bullets. People named on a canvas go through
:class:`~sprintkit.reports.names.Names`, typed text through its scrubber.
"""

from __future__ import annotations

from ..canvas import canvas_kind, face
from ..model import WorkFormSpec
from ..model.state import RunState
from .blocks import Block, Bullets, Paragraph
from .context import ReportContext

__all__ = ["run_blocks", "clusters"]


def clusters(ctx: ReportContext, run: RunState) -> list[tuple[str, list[tuple[str, int]]]]:
    """A run's notes grouped by cluster, clusters and notes with the most votes first.

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


def run_blocks(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    """What one run produced, as blocks; a kind without a report face shows its summary items."""
    logic = canvas_kind(run.canvas)
    if logic.report is not None:
        blocks: list[Block] = face(logic.report)(ctx, run, spec)
        return blocks
    items = tuple(ctx.user(i) for i in logic.items(run, spec))
    return [Bullets(items)] if items else [Paragraph(ctx.s("empty"), "small")]
