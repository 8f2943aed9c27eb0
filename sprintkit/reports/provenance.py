"""The provenance marks (:mod:`sprintkit.provenance`) as report blocks.

A report marks a part that is not from a CCV source where the part appears (a :class:`Notice`
under a phase's goal, its result, the glijbaan) and, in reports that name many parts, lists all
of them once more in a closing section "Herkomst van de inhoud", so a reader who only skims
still sees what is ours.
"""

from __future__ import annotations

from ..provenance import Mark, level_marks, method_marks, phase_marks
from .blocks import Bullets, Notice, Paragraph, Section
from .context import ReportContext

__all__ = ["notices", "phase_notices", "result_notices", "level_notices", "provenance_section"]


def notices(ctx: ReportContext, marks: list[Mark]) -> list[Notice]:
    """Each mark as an info notice, in the report's language (names scrubbed as usual)."""
    return [Notice(ctx.user(m.text(ctx.lang))) for m in marks]


def phase_notices(ctx: ReportContext, number: int) -> list[Notice]:
    """The mark of a phase's name and goal (none when they come from the source)."""
    return notices(
        ctx, [m for m in phase_marks(ctx.method, number) if m.subject.startswith("phase:")]
    )


def result_notices(ctx: ReportContext, number: int) -> list[Notice]:
    """The mark of a phase's result (none when its definition comes from the source)."""
    return notices(
        ctx, [m for m in phase_marks(ctx.method, number) if m.subject.startswith("result:")]
    )


def level_notices(ctx: ReportContext) -> list[Notice]:
    """The marks of the glijbaan levels that are not from the source."""
    return notices(ctx, level_marks(ctx.method))


def provenance_section(
    ctx: ReportContext,
    phases: list[int] | None = None,
    *,
    levels: bool = True,
    rules: bool = True,
) -> Section | None:
    """The closing section: every mark in the report's scope (``None`` when there is none)."""
    marks = method_marks(ctx.method, phases, levels=levels, rules=rules)
    if not marks:
        return None
    items = tuple(ctx.user(m.text(ctx.lang)) for m in marks)
    return Section(ctx.s_any("prov.heading"), [Paragraph(ctx.s_any("prov.intro")), Bullets(items)])
