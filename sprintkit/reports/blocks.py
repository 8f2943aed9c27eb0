"""The document model every report is built in, and every renderer reads.

A report kind (ontwerpbrief, sprint report, ...) only decides *what* to say: it returns a
:class:`Report` of sections holding paragraphs, bullet lists, tables, figures and notices, all as
plain strings. The renderers (DOCX, HTML, Markdown) only decide *how* it looks, and escape every
string on the way out, so no report kind can produce unsafe output by accident.

Examples:
    >>> report = Report(kind="sprint", title="Sprint 1", lang="nl")
    >>> report.sections.append(Section("Doel", [Paragraph("Begrijpen wat er speelt.")]))
    >>> list(report.texts())
    ['Sprint 1', 'Doel', 'Begrijpen wat er speelt.']
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Paragraph", "Bullets", "Table", "Figure", "Notice", "Block", "Section", "Report"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph; ``lead`` is bold (a cluster name), ``small`` smaller (remarks)."""

    text: str
    style: Literal["body", "lead", "small", "quote"] = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``widths`` are relative column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Figure:
    """A PNG figure with its caption, alt text and every text drawn in it (``labels``).

    The labels are collected from the figure before it is rendered, so a test can check that an
    anonymised figure names nobody without reading pixels.
    """

    png: bytes
    caption: str
    alt: str
    labels: tuple[str, ...] = ()
    width_cm: float = 16.0

    @property
    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI, so an HTML page needs no external file."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass(frozen=True)
class Notice:
    """A remark for the reader (``info``) or a problem to fix before sharing (``warning``)."""

    text: str
    kind: Literal["info", "warning"] = "info"


Block = Paragraph | Bullets | Table | Figure | Notice


@dataclass
class Section:
    """A heading (level 2 = section, 3 = subsection) with its blocks."""

    heading: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 2


@dataclass
class Report:
    """A whole report: title, metadata, sections and warnings about the report itself.

    ``warnings`` are for the person making the report (shown on screen, printed by the CLI) and
    are not part of the printed document; ``compact`` asks for the one-page house layout.
    """

    kind: str
    title: str
    lang: str
    subtitle: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header: str = ""
    compact: bool = False
    anonymised: bool = False

    def figures(self) -> list[Figure]:
        """Every figure, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def texts(self) -> Iterator[str]:
        """Every string a reader can see, figure labels included (for checks and tests)."""
        yield from (s for s in (self.title, self.subtitle, self.header) if s)
        for key, value in self.meta:
            yield key
            yield value
        for section in self.sections:
            yield section.heading
            for block in section.blocks:
                yield from _block_texts(block)
        yield from self.warnings


def _block_texts(block: Block) -> Iterator[str]:
    if isinstance(block, Paragraph | Notice):
        yield block.text
    elif isinstance(block, Bullets):
        yield from block.items
    elif isinstance(block, Table):
        yield from block.header
        for row in block.rows:
            yield from row
    elif isinstance(block, Figure):
        yield block.caption
        yield block.alt
        yield from block.labels
