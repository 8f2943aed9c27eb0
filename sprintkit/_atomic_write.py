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
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import IO, Any

from .errors import path_error

__all__ = ["atomic_write", "write_text", "write_bytes", "umask", "private_dir", "PRIVATE"]

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
    made for it ``0700``.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write writes new files only ('w' or 'wb'), not {mode!r}")
    target = Path(path)
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
    except OSError as exc:
        raise path_error(exc, target) from exc
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
