"""Privacy by design: one anonymiser for every anonymised output, and text made safe to show.

* :class:`Anonymiser` (``anonymise.py``): pseudonyms that cannot be reversed and free text
  scrubbed of names and contact details; pure, no I/O.
* :func:`safe_text` and :func:`csv_cell` (``safe_text.py``): bidi overrides and control
  characters out of what renderers show; CSV cells that no spreadsheet runs as a formula.

What is stored where, for how long, and how to erase it is ``docs/privacy.md``.
"""

from __future__ import annotations

from .anonymise import PREFIX, Anonymiser, name_tokens
from .safe_text import csv_cell, safe_text

__all__ = ["Anonymiser", "PREFIX", "name_tokens", "safe_text", "csv_cell"]
