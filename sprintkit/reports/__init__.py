"""Reports a municipality can file, six kinds (ontwerpbrief, intentieverklaring, voortgang ...).

Each report kind builds a :class:`~sprintkit.reports.blocks.Report` (sections of plain text,
tables and figures); the renderers turn it into a Word document in the Dutch house template,
a self-contained HTML page, or Markdown. python-docx, jinja2 and matplotlib are imported only
when a report is rendered or drawn, so importing this package stays cheap.

Examples:
    >>> from sprintkit import reports
    >>> from sprintkit.workspace import demo_journey
    >>> journey = demo_journey("molenwijk")
    >>> brief = reports.build_report(journey, "ontwerpbrief", anonymise=True)
    >>> any("Ria Brouwer" in text for text in brief.texts())
    False
    >>> reports.ontwerpbrief_fit(brief).fits
    True
"""

from ..pagefit import (
    HOUSE,
    FitEstimate,
    FitPart,
    HouseStyle,
    count_lines,
    estimate_fit,
    fit_warning,
)
from .api import (
    FORMATS,
    KINDS,
    Rendered,
    Written,
    build_report,
    kinds,
    render,
    resolve_format,
    write_report,
)
from .blocks import Bullets, Figure, Notice, Paragraph, Report, Section, Table
from .context import ReportContext
from .ontwerpbrief import ontwerpbrief_fit

__all__ = [
    "KINDS",
    "kinds",
    "FORMATS",
    "build_report",
    "render",
    "resolve_format",
    "write_report",
    "Rendered",
    "Written",
    "ReportContext",
    "Report",
    "Section",
    "Paragraph",
    "Bullets",
    "Table",
    "Figure",
    "Notice",
    "HOUSE",
    "HouseStyle",
    "FitPart",
    "FitEstimate",
    "count_lines",
    "estimate_fit",
    "fit_warning",
    "ontwerpbrief_fit",
]
