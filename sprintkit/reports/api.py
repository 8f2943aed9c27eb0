"""Make a report of a journey, render it to DOCX, HTML or Markdown, and write it to a file."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import registry
from .._atomic_write import write_bytes
from ..errors import SprintkitError
from ..i18n import Message, t
from .blocks import Report
from .context import ReportContext

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Journey

__all__ = [
    "KINDS",
    "kinds",
    "FORMATS",
    "Rendered",
    "Written",
    "build_report",
    "render",
    "resolve_format",
    "write_report",
]

#: Report kinds shipped with sprintkit, in the order the CLI lists them (plugins add more
#: through the entry point group ``sprintkit.reports``; see :func:`kinds`).
KINDS: tuple[str, ...] = tuple(name for name, _ in registry.BUILTINS["reports"])


def kinds() -> list[str]:
    """Every registered report kind: the built-ins, then those of plugins."""
    return [plugin.name for plugin in registry.entries("reports")]


#: Output formats.
FORMATS: tuple[str, ...] = ("docx", "html", "md")


def build_report(
    source: Journey | ReportContext,
    kind: str,
    *,
    phase: int | None = None,
    lang: str = "nl",
    anonymise: bool = False,
    options: dict[str, Any] | None = None,
) -> Report:
    """Build a report of one kind from a journey (or a ready context).

    Args:
        source: A live journey, or a :class:`ReportContext` (for a hand-built state).
        kind: One of :data:`KINDS`.
        phase: For ``sprint``: the phase to report on (default: the last one with activity).
        lang: ``nl`` or ``en`` (ignored for a context, which has its own).
        anonymise: Replace people by the journey's pseudonyms everywhere, figures included.
        options: Options the kind reads (``cooperation``: ``ranking``); ignored for a context,
            which has its own.

    Examples:
        >>> from sprintkit.workspace import demo_journey
        >>> journey = demo_journey("molenwijk")
        >>> report = build_report(journey, "ontwerpbrief")
        >>> [s.heading for s in report.sections][:2]
        ['Wat is het probleem? (ontwerp van het probleem)', 'Gevonden feiten over het probleem']
        >>> report.warnings
        []
    """
    ctx = (
        source
        if isinstance(source, ReportContext)
        else ReportContext.of(source, lang, anonymise, options)
    )
    plugin = registry.get("reports", kind)
    if plugin is None:
        known = ", ".join(kinds())
        raise SprintkitError(Message("report.unknown_kind", kind=kind, kinds=known), lang=ctx.lang)
    builder: Callable[..., Report] = plugin.obj
    return builder(ctx, phase) if _takes_phase(builder) else builder(ctx)


@cache
def _takes_phase(builder: Callable[..., Report]) -> bool:
    """Whether a report builder reports on one phase (``sprint``: ``(ctx, number=None)``)."""
    return len(inspect.signature(builder).parameters) > 1


@dataclass(frozen=True)
class Rendered:
    """A rendered report: the document's bytes and, for Markdown, its figure files."""

    content: bytes
    files: dict[str, bytes] = field(default_factory=dict)


def render(report: Report, fmt: str, *, stem: str = "verslag") -> Rendered:
    """Render a report as ``docx``, ``html`` or ``md`` (figures named after ``stem``)."""
    if fmt == "docx":
        from .render_docx import render_docx

        return Rendered(render_docx(report))
    if fmt == "html":
        from .render_text import render_html

        return Rendered(render_html(report).encode("utf-8"))
    if fmt == "md":
        from .render_text import render_markdown

        text, files = render_markdown(report, stem)
        return Rendered(text.encode("utf-8"), files)
    raise SprintkitError(
        t("report.unknown_format", report.lang, fmt=fmt, formats=", ".join(FORMATS))
    )


def resolve_format(fmt: str | None, out: Path, lang: str = "nl") -> str:
    """The format to write: the given one, else the one the file name ends in.

    Examples:
        >>> resolve_format(None, Path("brief.docx")), resolve_format("md", Path("x.txt"))
        ('docx', 'md')
    """
    if fmt:
        return fmt
    suffix = out.suffix.lower().lstrip(".")
    found = {"htm": "html", "markdown": "md"}.get(suffix, suffix)
    if found not in FORMATS:
        raise SprintkitError(
            t("report.unknown_format", lang, fmt=suffix, formats=", ".join(FORMATS))
        )
    return found


@dataclass(frozen=True)
class Written:
    """What :func:`write_report` wrote: the report, its file, the figure files and warnings."""

    report: Report
    path: Path
    size: int
    files: tuple[Path, ...]

    @property
    def warnings(self) -> list[str]:
        """Warnings for the person who made the report (a too-long ontwerpbrief, a draft)."""
        return self.report.warnings


def write_report(
    source: Journey | ReportContext,
    kind: str,
    out: str | Path,
    fmt: str | None = None,
    *,
    phase: int | None = None,
    lang: str = "nl",
    anonymise: bool = False,
    options: dict[str, Any] | None = None,
) -> Written:
    """Build, render and write a report; Markdown figures go beside the file as PNGs."""
    out = Path(out)
    fmt = resolve_format(fmt, out, lang)
    report = build_report(
        source, kind, phase=phase, lang=lang, anonymise=anonymise, options=options
    )
    rendered = render(report, fmt, stem=out.stem)
    # figures first: a failure then leaves the earlier report whole (each file is atomic);
    # a report that names people is its owner's alone (0600), an anonymised one is for sharing
    private = not anonymise
    files = [
        write_bytes(out.parent / name, data, private=private)
        for name, data in rendered.files.items()
    ]
    write_bytes(out, rendered.content, private=private)
    return Written(report, out, len(rendered.content), tuple(files))
