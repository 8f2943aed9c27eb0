"""How much of a page a one-page document takes: the house template's geometry and an estimate.

The CCV asks for an ontwerpbrief of one A4. This module is pure (no I/O, no report model), so both
the reports (the ontwerpbrief warns the maker of a report) and the engine's gate (a
phase result with ``max_pages`` is refused when it does not fit) use the same numbers: the DOCX
writer and the HTML print stylesheet set their styles from :data:`HOUSE`, and :func:`estimate_fit`
wraps each part's text at the house template's characters per line, adds the heights of headings,
paragraphs, list items and table rows exactly as the DOCX writer sets them, and compares the total
with the height of one page's text block. When it does not fit, :func:`fit_warning` names the
longest parts, since those are where shortening helps most.

Examples:
    >>> HOUSE.chars_per_line()
    94
    >>> round(HOUSE.body_height_pt)
    729
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from .i18n import fmt_number, t

__all__ = [
    "CM",
    "HOUSE",
    "HouseStyle",
    "PARTY_COLUMN",
    "FitPart",
    "PartKind",
    "PartFit",
    "FitEstimate",
    "count_lines",
    "estimate_fit",
    "fit_warning",
]

#: Points per centimetre.
CM = 72 / 2.54


@dataclass(frozen=True)
class HouseStyle:
    """Page geometry and type of the house template (A4 portrait, Arial)."""

    page_width_cm: float = 21.0
    page_height_cm: float = 29.7
    margin_top_cm: float = 2.0
    margin_bottom_cm: float = 2.0
    margin_left_cm: float = 2.2
    margin_right_cm: float = 2.2
    header_distance_cm: float = 1.0
    footer_distance_cm: float = 1.0
    font: str = "Arial"
    #: For HTML: metric-compatible fonts when Arial is not installed.
    font_stack: str = "Arial, Liberation Sans, Helvetica, sans-serif"
    body_pt: float = 10.0
    #: Exact line height of body text (the DOCX sets it exactly, so estimates hold).
    line_pt: float = 13.0
    paragraph_after_pt: float = 4.0
    title_pt: float = 16.0
    title_line_pt: float = 20.0
    heading_pt: float = 11.5
    heading_line_pt: float = 15.0
    heading_before_pt: float = 6.0
    heading_after_pt: float = 2.0
    small_pt: float = 8.0
    #: Average width of a character of Dutch text, in em (measured on Arial/Liberation Sans:
    #: 0.48; rounded up so an estimate errs on the long side).
    char_em: float = 0.5
    #: Indent of a bulleted item, in characters of body text.
    bullet_indent_chars: int = 4
    table_row_pad_pt: float = 2.0
    primary: str = "154273"
    accent: str = "E17000"
    muted: str = "5F6B7A"
    rule: str = "C9D1DB"

    @property
    def text_width_pt(self) -> float:
        """Width of the text block in points."""
        return (self.page_width_cm - self.margin_left_cm - self.margin_right_cm) * CM

    @property
    def text_width_cm(self) -> float:
        """Width of the text block in centimetres."""
        return self.page_width_cm - self.margin_left_cm - self.margin_right_cm

    @property
    def body_height_pt(self) -> float:
        """Height of the text block of one page in points."""
        return (self.page_height_cm - self.margin_top_cm - self.margin_bottom_cm) * CM

    def chars_per_line(self, width_fraction: float = 1.0) -> int:
        """How many characters of body text fit on one line (of a fraction of the width)."""
        return max(1, int(self.text_width_pt * width_fraction / (self.char_em * self.body_pt)))


HOUSE = HouseStyle()

#: Width of the first table column (the party) as a fraction of the text width.
PARTY_COLUMN = 0.7

#: How a part's texts are set (see :class:`FitPart`).
PartKind = Literal["text", "list", "rows"]


class FitPart(NamedTuple):
    """One part of a one-page document: its heading and its texts.

    ``kind`` says how the texts are set: ``text`` paragraphs, ``list`` bulleted items, or
    ``rows`` of a two-column table (the first column wraps).
    """

    label: str
    texts: tuple[str, ...]
    kind: PartKind = "text"


class PartFit(NamedTuple):
    """How much room one part takes: its body lines and its height with the heading."""

    label: str
    lines: int
    height_pt: float


@dataclass(frozen=True)
class FitEstimate:
    """The estimated height of a one-page document against the page's text block."""

    parts: tuple[PartFit, ...]
    height_pt: float
    page_pt: float
    line_pt: float

    @property
    def pages(self) -> float:
        """Estimated length in pages."""
        return self.height_pt / self.page_pt

    @property
    def fits(self) -> bool:
        """Whether it fits on one page."""
        return self.height_pt <= self.page_pt

    @property
    def lines_over(self) -> int:
        """Body lines to cut to make it fit (0 when it fits)."""
        return max(0, math.ceil((self.height_pt - self.page_pt) / self.line_pt))


def count_lines(text: str, width: int) -> int:
    r"""Lines ``text`` takes when word-wrapped at ``width`` characters (at least one).

    Linear in the length of the text, so a pasted megabyte is estimated, not hung on.

    Examples:
        >>> count_lines("een twee drie", 8)
        2
        >>> count_lines("a" * 25, 10), count_lines("", 10), count_lines("regel\nregel", 80)
        (3, 1, 2)
    """
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            need = size if used == 0 else used + 1 + size
            if need <= width:
                used = need
                continue
            if used:
                lines, used = lines + 1, 0
            full, size = divmod(size, width)
            if size == 0 and full:
                full, size = full - 1, width
            lines += full
            used = size
        total += lines
    return max(total, 1)


def _part_height(part: FitPart, style: HouseStyle) -> tuple[int, float]:
    heading_lines = count_lines(
        part.label, int(style.chars_per_line() * style.body_pt / style.heading_pt)
    )
    height = style.heading_before_pt + heading_lines * style.heading_line_pt
    height += style.heading_after_pt
    lines = 0
    if part.kind == "rows":
        width = style.chars_per_line(PARTY_COLUMN)
        height += style.line_pt + style.table_row_pad_pt + style.paragraph_after_pt
    else:
        width = style.chars_per_line() - (style.bullet_indent_chars if part.kind == "list" else 0)
    for text in part.texts or ("-",):
        n = count_lines(text, width)
        lines += n
        pad = style.table_row_pad_pt if part.kind == "rows" else style.paragraph_after_pt
        height += n * style.line_pt + pad
    return lines, height


def estimate_fit(
    parts: Sequence[FitPart], style: HouseStyle = HOUSE, *, title_lines: int = 2
) -> FitEstimate:
    """Estimate the height of a one-page document set in the house template.

    Args:
        parts: The parts in order, each with its heading and texts.
        style: The house template (page, margins, font, line heights).
        title_lines: Lines of the title block above the first part (title and one subtitle).

    Returns:
        The estimate; ``fits`` says whether it fits one page, ``parts`` how long each part is.

    Examples:
        >>> short = estimate_fit([FitPart("Tijdspad", ("Januari tot september 2026.",))])
        >>> short.fits, short.parts[0].lines
        (True, 1)
        >>> long = estimate_fit([FitPart("Probleem", ("woord " * 6000,))])
        >>> long.fits, long.parts[0].lines, round(long.pages, 1)
        (False, 400, 7.2)
    """
    fitted = []
    for part in parts:
        lines, height = _part_height(part, style)
        fitted.append(PartFit(part.label, lines, height))
    header = style.title_line_pt + style.paragraph_after_pt
    header += max(0, title_lines - 1) * (style.line_pt + style.paragraph_after_pt)
    return FitEstimate(
        parts=tuple(fitted),
        height_pt=header + sum(p.height_pt for p in fitted),
        page_pt=style.body_height_pt,
        line_pt=style.line_pt,
    )


def fit_warning(estimate: FitEstimate, lang: str = "nl", *, most: int = 3) -> str | None:
    """A warning naming the longest parts to shorten, or ``None`` when it fits.

    Examples:
        >>> parts = [FitPart("Gevonden feiten", ("feit " * 1500,)), FitPart("Tijdspad", ("2026",))]
        >>> import textwrap
        >>> print(textwrap.fill(fit_warning(estimate_fit(parts)), 80))
        De ontwerpbrief past niet op één A4 (ca. 1,6 A4; ca. 32 regels te veel). Kort
        in: 'Gevonden feiten' (ca. 79 regels).
    """
    if estimate.fits:
        return None
    longest = sorted(estimate.parts, key=lambda p: -p.lines)
    # A part of a line or two is not where shortening helps.
    floor = max(2, longest[0].lines // 4) if longest else 2
    named: list[PartFit] = []
    for part in (p for p in longest if p.lines >= floor):
        named.append(part)
        if len(named) >= most or sum(p.lines for p in named) >= 2 * estimate.lines_over:
            break
    listed = ", ".join(
        t("report.fit.part", lang, label=p.label, lines=fmt_number(p.lines, lang)) for p in named
    )
    return t(
        "report.fit.warning",
        lang,
        pages=fmt_number(round(estimate.pages, 1), lang),
        count=estimate.lines_over,
        parts=listed,
    )
