"""The mechanism of :mod:`sprintkit._atomic_write`, without wording its errors: raises OSError.

The content goes to a temporary file in the target's own folder (so the rename stays on one
file system), is flushed to disk, and then replaces the target with :func:`os.replace`. A
failure on the way removes the temporary file and leaves the earlier file, or nothing, behind.

Every writer uses :mod:`sprintkit._atomic_write`, which turns an :class:`OSError` into a worded
:class:`~sprintkit.errors.PathError`; only the read cache (:mod:`sprintkit._read_cache`), which
the message catalogue itself uses and which never reports a failed write, uses this module
directly (through the errors it would import the catalogue: a cycle).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import IO, Any

__all__ = ["whole_file", "umask", "private_dir", "PRIVATE"]

#: the mode of a file only its owner may read: the session store, journey exports, reports
#: that name people (folders made for them: 0700)
PRIVATE = 0o600


@cache
def umask() -> int:
    """The process' umask (read once: reading it means setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def whole_file(
    target: Path, mode: str = "w", *, encoding: str | None = "utf-8", private: bool = False
) -> Iterator[IO[Any]]:
    """A file object to write ``target`` through (see :mod:`sprintkit._atomic_write`)."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write writes new files only ('w' or 'wb'), not {mode!r}")
    temporary: str | None = None
    try:
        if private:
            private_dir(target.parent)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, PRIVATE if private else _mode_for(target))
        os.replace(temporary, target)
        temporary = None
    finally:
        if temporary is not None:
            with suppress(OSError):
                os.unlink(temporary)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~umask()


def private_dir(folder: Path) -> None:
    """Make ``folder`` and any missing parents with mode ``0700`` (existing ones stay)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)
        os.chmod(each, 0o700)  # mkdir's mode is masked by the umask
