"""HTML and Markdown renderers (jinja2 templates shipped in ``sprintkit/reports/templates``).

HTML: one self-contained file. Figures are ``data:`` URIs, the stylesheet is inline (with a
print stylesheet in the house template's A4 geometry), nothing loads from elsewhere, and a
Content-Security-Policy forbids scripts even if something slipped through. Every value is
escaped by autoescape; the templates never mark anything ``safe``.

Markdown: every value passes :func:`~sprintkit.reports.safety.md_escape`, through jinja2's
``finalize`` hook, so a template cannot forget it; figures go to PNG files beside the ``.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any
from urllib.parse import quote

from .._version import __version__
from ..i18n import t
from ..pagefit import HOUSE
from .blocks import Block, Figure, Report
from .safety import Verbatim, md_escape, strip_control

__all__ = ["render_html", "render_blocks_html", "render_markdown", "figure_names"]


def _html_value(value: Any) -> Any:
    # Only plain strings are data; markupsafe.Markup (a str subclass) is what jinja2 itself made.
    return strip_control(value) if type(value) is str else value


def _md_value(value: Any) -> str:
    return "" if value is None else md_escape(value)


def _kind(block: Any) -> str:
    return type(block).__name__.lower()


@cache
def _environment(fmt: str) -> Any:
    import jinja2  # lazy: only report rendering needs jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sprintkit.reports", "templates"),
        autoescape=fmt == "html",
        finalize=_html_value if fmt == "html" else _md_value,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["kind"] = _kind
    return env


def _strings(lang: str) -> dict[str, str]:
    keys = ("page", "warnings", "generated", "anonymised_banner", "figure")
    return {k: t(f"report.render.{k}", lang) for k in keys}


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page.

    Examples:
        >>> from sprintkit.reports.blocks import Paragraph, Report, Section
        >>> r = Report(kind="sprint", title="Verslag", lang="nl")
        >>> r.sections.append(Section("Notities", [Paragraph("<script>alert(1)</script>")]))
        >>> page = render_html(r)
        >>> "&lt;script&gt;" in page, "<script>" in page
        (True, False)
    """
    template = _environment("html").get_template("report.html.j2")
    return template.render(report=report, style=HOUSE, s=_strings(report.lang), version=__version__)


def render_blocks_html(blocks: Iterable[Block]) -> str:
    """Blocks as an HTML fragment (no page around them), for a notebook panel.

    The same ``_block.html.j2`` the report page uses, with the same autoescape: a widget never
    escapes or builds markup for a read model itself.

    Examples:
        >>> from sprintkit.reports.blocks import Bullets, Paragraph
        >>> print(render_blocks_html([Paragraph("<b>", "lead"), Bullets(("a",))]).strip())
        <p class="lead">&lt;b&gt;</p>
        <ul>
        <li>a</li>
        </ul>
    """
    template = _environment("html").from_string(_BLOCKS_HTML)
    return template.render(blocks=list(blocks))


_BLOCKS_HTML = '{% for block in blocks %}{% include "_block.html.j2" %}{% endfor %}'


def figure_names(report: Report, stem: str) -> list[str]:
    """File names of a Markdown report's figures: ``<stem>-figuur-1.png``, ..."""
    word = t("report.render.figure_file", report.lang)
    return [f"{stem}-{word}-{i}.png" for i, _ in enumerate(report.figures(), 1)]


def render_markdown(report: Report, stem: str = "verslag") -> tuple[str, dict[str, bytes]]:
    r"""The report as Markdown, and its figures as ``{file name: PNG bytes}`` to write beside it.

    Examples:
        >>> from sprintkit.reports.blocks import Bullets, Report, Section
        >>> r = Report(kind="sprint", title="Verslag", lang="nl")
        >>> r.sections.append(Section("Lijst", [Bullets(("[klik](javascript:x)",))]))
        >>> text, files = render_markdown(r)
        >>> "- \\[klik\\](javascript:x)" in text, files
        (True, {})
    """
    names = figure_names(report, stem)
    figures: list[Figure] = report.figures()
    paths = {id(fig): Verbatim(quote(name)) for fig, name in zip(figures, names, strict=True)}
    template = _environment("md").get_template("report.md.j2")
    text = template.render(
        report=report,
        figure_path=lambda block: paths[id(block)],
        s=_strings(report.lang),
        version=__version__,
    )
    files = {name: fig.png for fig, name in zip(figures, names, strict=True)}
    return text, files
