"""The DOCX renderer: the Dutch house template built with python-docx.

The template is made in code from :data:`~sprintkit.pagefit.HOUSE` (no binary template in
the repository): A4 portrait, Arial, exact line heights (so the one-A4 estimate holds), a
running header, and a footer with "Pagina X van Y" as Word fields. Section headings use Word's
own *Heading 1/2* styles, so the navigation pane and a table of contents work; figures are
embedded as inline pictures with a caption. Text passes
:func:`~sprintkit.reports.safety.strip_control` first: XML cannot hold control characters.
"""

from __future__ import annotations

import io
from typing import Any

from ..pagefit import HOUSE, HouseStyle
from .blocks import Block, Bullets, Figure, Notice, Paragraph, Report, Table
from .safety import strip_control

__all__ = ["render_docx", "SMALL_STYLE", "NOTICE_STYLE"]

SMALL_STYLE = "Sprintkit Klein"
NOTICE_STYLE = "Sprintkit Opmerking"
_HEADING = {2: "Heading 1", 3: "Heading 2"}
_THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _clean(text: str) -> str:
    return strip_control(str(text))


def _font(style: Any, st: HouseStyle, size: float, *, bold=False, italic=False, colour=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = style.font
    font.name, font.size, font.bold, font.italic = st.font, Pt(size), bold, italic
    font.color.rgb = RGBColor.from_string(colour or "1A1A1A")
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in _THEME_FONTS:  # theme fonts would override the house font
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    fonts.set(qn("w:eastAsia"), st.font)


def _spacing(style: Any, line: float, before: float = 0, after: float = 0, keep=False) -> None:
    from docx.shared import Pt

    fmt = style.paragraph_format
    fmt.line_spacing, fmt.space_before, fmt.space_after = Pt(line), Pt(before), Pt(after)
    fmt.keep_with_next = keep


def _styles(doc: Any, st: HouseStyle, lang: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, st, st.body_pt)
    _spacing(normal, st.line_pt, after=st.paragraph_after_pt)
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), "nl-NL" if lang == "nl" else "en-GB")
    normal.element.get_or_add_rPr().append(lang_el)
    _font(styles["Title"], st, st.title_pt, bold=True, colour=st.primary)
    _spacing(styles["Title"], st.title_line_pt, after=st.paragraph_after_pt)
    _no_border(styles["Title"])
    _font(styles["Subtitle"], st, st.body_pt, colour=st.muted)
    _spacing(styles["Subtitle"], st.line_pt, after=st.paragraph_after_pt)
    for level, name in _HEADING.items():
        size = st.heading_pt if level == 2 else st.body_pt + 0.5
        line = st.heading_line_pt if level == 2 else st.line_pt
        _font(styles[name], st, size, bold=True, colour=st.primary if level == 2 else None)
        _spacing(styles[name], line, st.heading_before_pt, st.heading_after_pt, keep=True)
    _font(styles["List Bullet"], st, st.body_pt)
    _spacing(styles["List Bullet"], st.line_pt, after=st.paragraph_after_pt)
    _font(styles["Caption"], st, st.small_pt, italic=True, colour=st.muted)
    _spacing(styles["Caption"], st.line_pt, after=st.paragraph_after_pt * 2)
    for name, colour in ((SMALL_STYLE, st.muted), (NOTICE_STYLE, st.accent)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _font(style, st, st.small_pt if name == SMALL_STYLE else st.body_pt, colour=colour)
    for name in ("Header", "Footer"):
        _font(styles[name], st, st.small_pt, colour=st.muted)


def _no_border(style: Any) -> None:
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    for element in (char("begin"), instr, char("separate")):
        paragraph.add_run()._r.append(element)
    paragraph.add_run("1")
    paragraph.add_run()._r.append(char("end"))


def _page(doc: Any, report: Report, st: HouseStyle, words: dict[str, str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(st.page_width_cm), Cm(st.page_height_cm)
    section.top_margin, section.bottom_margin = Cm(st.margin_top_cm), Cm(st.margin_bottom_cm)
    section.left_margin, section.right_margin = Cm(st.margin_left_cm), Cm(st.margin_right_cm)
    section.header_distance = Cm(st.header_distance_cm)
    section.footer_distance = Cm(st.footer_distance_cm)
    header = section.header.paragraphs[0]
    header.text = _clean(report.header or report.title)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(words["page"] + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + words["of"] + " ")
    _field(footer, "NUMPAGES")


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _table(doc: Any, block: Table, st: HouseStyle, *, header: bool = True) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    cols = len(block.header)
    lines = (block.header, *block.rows) if header else block.rows
    table = doc.add_table(rows=len(lines), cols=cols)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    widths = block.widths or tuple(1 / cols for _ in range(cols))
    for r, (row, values) in enumerate(zip(table.rows, lines, strict=True)):
        for cell, value, width in zip(row.cells, values, widths, strict=False):
            cell.width = Cm(st.text_width_cm * width)
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(_clean(value))
            if header and r == 0:
                run.bold = True
                _shade(cell, "E6ECF3")
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
    # A spacer as high as a paragraph's space after; it also keeps two tables apart.
    spacer = doc.add_paragraph().paragraph_format
    spacer.line_spacing, spacer.space_after = Pt(st.paragraph_after_pt), Pt(0)


def _figure(doc: Any, block: Figure, st: HouseStyle) -> None:
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, st.text_width_cm)))
    picture = doc.paragraphs[-1]
    picture.paragraph_format.line_spacing = 1.0  # exact line height would clip the picture
    picture.paragraph_format.keep_with_next = True
    doc.add_paragraph(_clean(block.caption), style="Caption")


def _block(doc: Any, block: Block, st: HouseStyle) -> None:
    if isinstance(block, Paragraph):
        style = SMALL_STYLE if block.style == "small" else "Normal"
        paragraph = doc.add_paragraph(_clean(block.text), style=style)
        if paragraph.runs and block.style in ("quote", "lead"):
            paragraph.runs[0].italic = block.style == "quote"
            paragraph.runs[0].bold = block.style == "lead"
            paragraph.paragraph_format.keep_with_next = block.style == "lead"
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(_clean(item), style="List Bullet")
    elif isinstance(block, Table):
        _table(doc, block, st)
    elif isinstance(block, Figure):
        _figure(doc, block, st)
    elif isinstance(block, Notice):
        doc.add_paragraph(_clean(block.text), style=NOTICE_STYLE)


def render_docx(report: Report, style: HouseStyle = HOUSE) -> bytes:
    """The report as a Word document in the house template.

    Warnings about the report (``report.warnings``) are not printed in it: they are for the
    person making it, and would not fit an ontwerpbrief's single page.
    """
    from docx import Document  # lazy: python-docx (and lxml) are only needed here

    from ..i18n import t

    words = {k: t(f"report.render.{k}", report.lang) for k in ("page", "of", "anonymised_banner")}
    doc = Document()
    _styles(doc, style, report.lang)
    _page(doc, report, style, words)
    props = doc.core_properties
    props.title, props.author = _clean(report.title)[:255], "sprintkit"
    props.language, props.keywords = ("nl-NL" if report.lang == "nl" else "en-GB"), report.kind
    doc.add_paragraph(_clean(report.title), style="Title")
    if report.subtitle:
        doc.add_paragraph(_clean(report.subtitle), style="Subtitle")
    if report.anonymised:
        doc.add_paragraph(_clean(words["anonymised_banner"]), style=NOTICE_STYLE)
    if report.meta:
        _table(doc, Table(("", ""), tuple(report.meta), (0.3, 0.7)), style, header=False)
    for section in report.sections:
        doc.add_paragraph(_clean(section.heading), style=_HEADING.get(section.level, "Heading 2"))
        for block in section.blocks:
            _block(doc, block, style)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
