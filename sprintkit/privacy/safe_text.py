r"""Text people typed, made safe to show: one function for every renderer, one for CSV cells.

:func:`safe_text` drops what can make text lie about itself or steer the device showing it:
the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, the "Trojan
Source" characters that show ``gnp.exe`` as ``exe.png``) and control characters (ESC sequences
that recolour or clear a terminal, NUL, DEL, the C1 range), keeping line breaks and tabs.
The HTML, DOCX, Markdown and terminal renderers all call it on what they show.

:func:`csv_cell` also keeps a spreadsheet from running a cell as a formula: a text starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``
(OWASP's advice for CSV injection).

Examples:
    >>> safe_text("Noor\u202egnp.exe\x1b[2J zegt\nhoi")
    'Noorgnp.exe[2J zegt\nhoi'
    >>> csv_cell("=HYPERLINK(\"http://x\")"), csv_cell("-5 graden"), csv_cell(3)
    ('\'=HYPERLINK("http://x")', "'-5 graden", 3)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["safe_text", "csv_cell", "UNSAFE"]

#: bidi embeddings/overrides/isolates, C0 controls but tab and newline, DEL and C1, and what
#: XML (so DOCX) cannot hold: lone surrogates and the two non-characters
UNSAFE = re.compile(
    "[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    r"""``text`` without bidi controls and control characters.

    ``\n`` and ``\t`` stay; ``\r\n`` becomes ``\n``.
    """
    if not text:
        return text
    return UNSAFE.sub("", text.replace("\r\n", "\n"))


def csv_cell(value: Any) -> Any:
    """A CSV cell value: text made safe and never read as a formula; numbers as they are."""
    if not isinstance(value, str):
        return value
    value = safe_text(value)  # first: an ESC before "=" must not hide the formula
    return "'" + value if value.startswith(_FORMULA) else value
