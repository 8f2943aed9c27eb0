"""Helpers shared by the report tests (this module holds no tests itself)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")

#: Attributes that can make a browser fetch or navigate somewhere.
URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "xlink:href"}


def open_docx(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    """Every text in a DOCX: body paragraphs, table cells, headers and footers."""
    doc = open_docx(data)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def headings(data: bytes) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in open_docx(data).paragraphs
        if p.style.name.startswith("Heading")
    ]


class PageScan(HTMLParser):
    """Tags, URL-bearing attribute values and visible text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name in URL_ATTRIBUTES:
                self.urls.append((tag, name, value or ""))
            if name == "style":
                self.styles.append(value or "")

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)


def scan(html: str) -> PageScan:
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return parser


def external_urls(html: str) -> list[str]:
    """URLs that would make a browser load or open something outside the page."""
    page = scan(html)
    bad = []
    for _, _, value in page.urls:
        v = value.strip().lower()
        if not v.startswith("data:image/png;base64,") or "cdn" in v[:40]:
            bad.append(value[:80])
    for css in page.styles:
        bad += [
            m for m in re.findall(r"url\(([^)]*)\)", css) if not m.strip("'\" ").startswith("data:")
        ]
        bad += re.findall(r"@import[^;]*", css)
    return bad


def person_names(casus) -> list[str]:
    """Full names and first names of every actor in a casus."""
    out = set()
    for actor in casus.actors:
        out.add(actor.name)
        out.add(actor.name.split()[0])
    return sorted(out)


def names_in(text: str, casus) -> list[str]:
    """Actor names (full or first) that occur as whole words in ``text``."""
    flat = " ".join(text.split())
    return [n for n in person_names(casus) if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", flat)]
