"""In a notebook, a sprintkit error in a cell is one message, not a traceback.

Installed (with IPython's ``set_custom_exc``) when :mod:`sprintkit.widgets` is imported inside
an IPython kernel. A :class:`~sprintkit.errors.SprintkitError` shows its message in the
notebook's language; any other error raised from inside sprintkit shows the "went wrong,
details in <log file>" message and writes the traceback to the failure log. An error in the
person's own code (no sprintkit frame in the traceback) keeps IPython's usual traceback. The
cell still fails (papermill and ``sprintkit run`` see the error), it just reads as a message.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

from .._failure_log import unexpected
from ..errors import SprintkitError
from ..i18n import default_lang

__all__ = ["install", "handle"]

_PACKAGE = str(Path(__file__).resolve().parent.parent)
_lang: list[str] = []  # the language the notebook asked for last (open_sprint(lang=...))


def install(shell: Any | None = None, lang: str | None = None) -> bool:
    """Handle errors in ``shell`` (default: the running IPython, if any); ``False`` outside one."""
    if lang is not None:
        _lang[:] = [lang]
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - ipywidgets depends on IPython
            return False
        shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((Exception,), handle)
    return True


def _from_sprintkit(tb: TracebackType | None) -> bool:
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith(_PACKAGE):
            return True
        tb = tb.tb_next
    return False


def handle(
    shell: Any,
    etype: type[BaseException],
    value: BaseException,
    tb: TracebackType | None,
    tb_offset: int | None = None,
) -> list[str] | None:
    """IPython's custom exception hook: our message as the cell's error output."""
    lang = _lang[0] if _lang else default_lang()
    if isinstance(value, SprintkitError):
        text = value.text(lang)
    elif _from_sprintkit(tb):
        text = unexpected(value, "notebook cell").text(lang)
    else:  # the person's own code: the usual traceback helps them
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        shell._showtraceback(etype, value, stb)
        return list(stb)
    shell._showtraceback(etype, value, [text])
    return [text]
