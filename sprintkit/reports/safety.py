"""Making typed text safe for each output format.

HTML is escaped by jinja2's autoescape (the templates never mark user text ``safe``); these
helpers cover what autoescape does not: characters XML (and so DOCX) cannot hold, and the
characters that would turn a Markdown paragraph into a link, a heading or raw HTML.
"""

from __future__ import annotations

import re

from ..privacy import safe_text

__all__ = ["strip_control", "md_escape", "Verbatim"]

_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
#: What makes a line a heading, list item, thematic break or setext underline.
_MD_LINE_START = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s|$)|[=-]+(?=\s*$)|\d{1,9}[.)](?=\s|$))"
)


def strip_control(text: str) -> str:
    r"""``text`` without control characters and bidi overrides (via ``privacy.safe_text``).

    What XML (so DOCX) cannot hold, what steers a terminal, and what makes text show in
    another order than it is stored: every renderer (HTML, DOCX, Markdown, terminal) calls this.

    Examples:
        >>> strip_control("kapotte\x00 lamp\x0b in de tunnel\u202e\n")
        'kapotte lamp in de tunnel\n'
    """
    return safe_text(text)


class Verbatim(str):
    """A string the report itself made (a file name), passed through the Markdown escaper."""

    __slots__ = ()


def md_escape(text: str) -> str:
    r"""``text`` as one line of Markdown that renders exactly as typed.

    Whitespace (newlines too) collapses to single spaces, so typed text cannot start a heading,
    list or code block; ``< > &`` become entities, so no raw HTML gets through; Markdown
    punctuation gets a backslash, so no link or emphasis either.

    Examples:
        >>> md_escape("<script>alert(1)</script> [klik](javascript:alert(1))")
        '&lt;script&gt;alert(1)&lt;/script&gt; \\[klik\\](javascript:alert(1))'
        >>> md_escape("# geen kop\n- geen lijst")
        '\\# geen kop - geen lijst'
    """
    if isinstance(text, Verbatim):
        return str(text)
    text = " ".join(strip_control(str(text)).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_start(m.group(2)), text)


def _escape_start(token: str) -> str:
    return "\\" + token if not token[0].isdigit() else token[:-1] + "\\" + token[-1]
