"""Every file sprintkit writes appears whole or not at all.

The content goes to a temporary file in the target's own folder (so the rename stays on one
file system), is flushed to disk, and then replaces the target with :func:`os.replace`. A
failure on the way (a full disk, a file size limit, an error while rendering, Ctrl-C) removes
the temporary file and leaves the earlier file, or nothing, behind. An :class:`OSError`
becomes a :class:`~sprintkit.errors.PathError` naming the target, not the temporary file.

Examples:
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "uit" / "verslag.md"
    >>> write_text(target, "# Verslag").name
    'verslag.md'
    >>> target.read_text(encoding="utf-8"), sorted(p.name for p in target.parent.iterdir())
    ('# Verslag', ['verslag.md'])
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ._atomic_core import PRIVATE, private_dir, umask, whole_file
from .errors import path_error

__all__ = ["atomic_write", "write_text", "write_bytes", "umask", "private_dir", "PRIVATE"]


@contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    private: bool = False,
) -> Iterator[IO[Any]]:
    """A file object to write ``path`` through; the file appears only when the block ends well.

    ``mode`` is ``"w"`` (text, ``encoding``) or ``"wb"``. The parent folder is made when
    missing. The new file gets the permissions an ordinary new file would get (or those of the
    file it replaces), not the private ones of a temporary file. ``private=True`` (personal
    data: exports, reports with names) makes it ``0600`` whatever it replaces, and folders
    made for it ``0700``. The mechanism is :func:`sprintkit._atomic_core.whole_file`.
    """
    target = Path(path)
    try:
        with whole_file(target, mode, encoding=encoding, private=private) as file:
            yield file
    except OSError as exc:
        raise path_error(exc, target) from exc


def write_text(
    path: str | os.PathLike[str], text: str, encoding: str = "utf-8", *, private: bool = False
) -> Path:
    """Write ``text`` to ``path`` atomically (``private``: mode 0600); return the path."""
    with atomic_write(path, "w", encoding=encoding, private=private) as file:
        file.write(text)
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically (``private``: mode 0600); return the path."""
    with atomic_write(path, "wb", private=private) as file:
        file.write(data)
    return Path(path)
