"""'Wie doet wat?': what the closing work form of a training holds, by own organisation.

The closing work form (taken, verantwoordelijkheden, bevoegdheden, wat ik leerde, wie ik ga
bellen) is a board; this module turns its notes into blocks grouped by the column and
labelled with who wrote them and their own organisation. The training's cooperation report
shows the blocks as a section; :func:`tvb_report` is the same as a report of its own, which
``sprintkit run --training`` and the training notebook write beside it. Personal notes never
appear; typed text is scrubbed when anonymised.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import catalogue
from .._atomic_write import write_bytes
from ..model import WorkFormSpec
from ..model.state import RunState
from .blocks import Block, Bullets, Paragraph, Report, Section
from .context import ReportContext
from .own_orgs import OwnOrgs

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Journey

__all__ = ["TVB_WORKFORM", "tvb_run", "tvb_sections", "tvb_report", "write_training_reports"]

#: The closing work form of a training (``workforms/wie-doet-wat.yaml``); the report option
#: ``workform`` names another board to read the same way.
TVB_WORKFORM = "wie-doet-wat"


def _slug(ctx: ReportContext) -> str:
    return str(ctx.options.get("workform") or TVB_WORKFORM)


def tvb_run(ctx: ReportContext) -> RunState | None:
    """The last run of the closing work form, if the journey has one."""
    runs = [r for r in ctx.state.runs.values() if r.workform == _slug(ctx)]
    return runs[-1] if runs else None


def _spec(ctx: ReportContext) -> WorkFormSpec | None:
    slug = _slug(ctx)
    if ctx.workforms is not None and slug in ctx.workforms:
        return ctx.workforms[slug]
    try:
        return catalogue.get(slug, ctx.casus)
    except Exception:  # a work form uninstalled since the session: nothing to read
        return None


def tvb_sections(ctx: ReportContext, level: int = 2) -> list[Section]:
    """One section per column of the closing board: each note with who wrote it and from where."""
    run, spec = tvb_run(ctx), _spec(ctx)
    columns = getattr(spec.canvas, "columns", None) if spec is not None else None
    if run is None or not columns:  # a board's columns; another canvas has nothing to group
        return []
    orgs = OwnOrgs(ctx)
    sections = []
    for column in columns:
        notes = [n for n in run.notes.values() if n.column == column.key and not n.personal]
        lines = tuple(
            ctx.s("tvb.note", text=orgs.scrub(ctx.user(n.text)), who=orgs.who(n.author))
            for n in notes
        )
        blocks: list[Block] = [Bullets(lines) if lines else Paragraph(ctx.s("empty"), "small")]
        sections.append(Section(ctx.loc(column.label), blocks, level))
    return sections


def tvb_report(ctx: ReportContext) -> Report:
    """The 'Wie doet wat?' report of a training."""
    report = Report(
        kind="tvb",
        title=ctx.s("tvb.title", casus=ctx.casus.name),
        subtitle=ctx.s("tvb.subtitle"),
        lang=ctx.lang,
        meta=ctx.meta(),
        anonymised=ctx.anonymise,
        header=ctx.s("tvb.title", casus=ctx.casus.name),
    )
    intro: list[Block] = [Paragraph(ctx.s("tvb.intro"))]
    spec = _spec(ctx)
    if spec is not None and spec.provenance != "source":
        intro.append(Paragraph(ctx.s_any(f"prov.workform.{spec.provenance}"), "small"))
    report.sections.append(Section(ctx.s("tvb.why"), intro))
    found = tvb_sections(ctx)
    report.sections += found or [Section(ctx.s("tvb.by_org"), [Paragraph(ctx.s("tvb.none"))])]
    return report


def write_training_reports(
    journey: Journey, folder: str | Path, fmts: tuple[str, ...] = ("html",), lang: str = "nl"
) -> list[Path]:
    """Write a training's cooperation report and its 'Wie doet wat?' report into ``folder``.

    Files ``samenwerking-training.<fmt>`` and ``wie-doet-wat.<fmt>``; both name people, so
    both are private (0600), as every report that is not anonymised.
    """
    from .api import render, write_report

    folder = Path(folder)
    ctx = ReportContext.of(journey, lang)
    written = []
    for fmt in fmts:
        path = folder / f"samenwerking-training.{fmt}"
        written.append(write_report(ctx, "cooperation", path, fmt, lang=lang).path)
        content = render(tvb_report(ctx), fmt, stem="wie-doet-wat").content
        written.append(write_bytes(folder / f"wie-doet-wat.{fmt}", content, private=True))
    return written
