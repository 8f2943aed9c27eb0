"""Where the details of an unexpected failure go: a log file, never a person's screen.

A person reads one short message (in their language) that names the log file; the traceback
is appended to ``sprintkit-YYYYMMDD.log`` in ``$SPRINTKIT_LOG_DIR``, else
``$XDG_CACHE_HOME/sprintkit/log``, else ``~/.cache/sprintkit/log``. The file is made ``0600``
(a traceback may show names people typed). The file handler is set up only when the first
failure is recorded, so a run without failures never touches the folder.

Examples:
    >>> log_path().name.startswith("sprintkit-"), log_path().suffix
    (True, '.log')
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import date
from pathlib import Path

from .i18n import Message

__all__ = ["log_dir", "log_path", "record", "unexpected"]

#: the logger every failure goes through; its one file handler is added on first use
_log = logging.getLogger("sprintkit.failures")
_lock = threading.Lock()


def log_dir() -> Path:
    """The folder of the failure log (``SPRINTKIT_LOG_DIR`` wins, then ``XDG_CACHE_HOME``)."""
    own = os.environ.get("SPRINTKIT_LOG_DIR")
    if own:
        return Path(own).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME")
    base = Path(cache).expanduser() if cache else Path.home() / ".cache"
    return base / "sprintkit" / "log"


def log_path() -> Path:
    """Today's log file."""
    return log_dir() / f"sprintkit-{date.today():%Y%m%d}.log"


def _handler(path: Path) -> logging.Handler:
    """The file handler writing to ``path`` (made once per path; the file is ``0600``)."""
    for handler in _log.handlers:
        if isinstance(handler, logging.FileHandler) and handler.baseFilename == str(path):
            return handler
    for handler in list(_log.handlers):  # another day or another folder: close the old file
        _log.removeHandler(handler)
        handler.close()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # create it private before logging opens it (FileHandler would use the umask)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _log.addHandler(handler)
    _log.setLevel(logging.INFO)
    _log.propagate = False  # the details stay in the file, out of a notebook's output
    return handler


def record(exc: BaseException, where: str) -> Path | None:
    """Append ``exc`` with its traceback to the log; its path, or ``None`` when unwritable."""
    path = log_path()
    try:
        with _lock:
            handler = _handler(path)
            _log.error("%s failed", where, exc_info=(type(exc), exc, exc.__traceback__))
            handler.flush()
    except OSError:  # a full disk or a read-only home: the message still reaches the person
        return None
    return path


def unexpected(exc: BaseException, where: str) -> Message:
    """Record ``exc`` and return the one message a person reads instead of a traceback."""
    path = record(exc, where)
    kind = type(exc).__name__
    if path is None:
        return Message("failure.unexpected_unlogged", kind=kind)
    return Message("failure.unexpected", kind=kind, log=str(path))
