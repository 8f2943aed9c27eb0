"""The Dutch house template: page, margins, fonts and line heights, shared by every format.

The DOCX writer sets its styles from these numbers, the HTML print stylesheet uses them for
``@media print``, and the one-A4 check of the ontwerpbrief (:mod:`sprintkit.reports.fit`)
estimates line counts from them, so the estimate and the printed page agree.

Examples:
    >>> HOUSE.chars_per_line()
    94
    >>> round(HOUSE.body_height_pt)
    729
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HouseStyle", "HOUSE", "CM"]

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
