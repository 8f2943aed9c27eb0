"""Exception types shared by every layer of sprintkit.

Every error a user can cause derives from :class:`SprintkitError`, so the CLI can print it as one
short message without a traceback.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from os import PathLike
from typing import Any

from .i18n import Message, t

__all__ = [
    "SprintkitError",
    "Problem",
    "FileValidationError",
    "CasusValidationError",
    "NotFoundError",
    "MissingExtraError",
    "PathError",
    "path_error",
]


class SprintkitError(Exception):
    """Base class of every error sprintkit raises on purpose.

    The message is a :class:`~sprintkit.i18n.Message` (worded when shown, in the language of
    whoever reads it) or, for text that is not ours to translate, a plain string.
    ``str(exc)`` words it in ``lang`` when one was given, else in the default language.

    Examples:
        >>> exc = SprintkitError(Message("canvas.own_note"))
        >>> exc.text("en")
        'you cannot vote for your own note'
    """

    def __init__(self, message: str | Message = "", *args: Any, lang: str | None = None):
        super().__init__(message, *args)
        self.message = message
        self.lang = lang

    def text(self, lang: str | None = None) -> str:
        """The message worded in ``lang`` (default: the error's own language, else the default)."""
        if isinstance(self.message, Message):
            return self.message.text(lang or self.lang)
        return str(self.message)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a data file.

    Attributes:
        path: File the problem is in, as the user named it.
        line: 1-based line, or 0 when the position is unknown.
        col: 1-based column, or 0 when the position is unknown.
        loc: Field path such as ``actors[3].kind`` (empty for the whole file).
        message: Plain-language description, including ``(got: ...)`` where useful.
    """

    path: str
    line: int
    col: int
    loc: str
    message: str

    def format(self) -> str:
        """Render as ``path:line:col  field.path  message``."""
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        return "  ".join(part for part in (where, self.loc, self.message) if part)


class FileValidationError(SprintkitError, ValueError):
    """One or more files failed to load or validate; carries every problem at once."""

    def __init__(self, problems: list[Problem], *, lang: str | None = None):
        self.problems = sorted(set(problems))
        super().__init__(self.format(lang), lang=lang)

    def text(self, lang: str | None = None) -> str:  # noqa: D102
        return self.format(lang or self.lang)

    def format(self, lang: str | None = None) -> str:
        """All problems, one per line, grouped under a count per file (``2 problems``)."""
        by_file: dict[str, list[Problem]] = {}
        for problem in self.problems:
            by_file.setdefault(problem.path, []).append(problem)
        lines: list[str] = []
        for path, problems in by_file.items():
            lines.append(f"{path}: {t('error.problem_count', lang, count=len(problems))}")
            lines.extend("  " + p.format() for p in problems)
        return "\n".join(lines)


class CasusValidationError(FileValidationError):
    """A casus folder (casus.yaml, its work forms or demo input) is invalid."""


class NotFoundError(SprintkitError, LookupError):
    """A named thing (casus, method, work form) does not exist; the message suggests names."""


class MissingExtraError(SprintkitError, ImportError):
    """An optional dependency is missing; the message names the command that installs it."""


class PathError(SprintkitError, OSError):
    """A file or folder a person named cannot be used: missing, no access, full disk, ...

    Made from the :class:`OSError` by :func:`path_error`, so the message says what to do
    instead of showing the system's English text.
    """


#: errno -> message key; anything else is ``failure.path.os`` with the errno's name
_BY_ERRNO = {
    errno.ENOENT: "failure.path.missing",
    errno.EACCES: "failure.path.denied",
    errno.EPERM: "failure.path.denied",
    errno.EISDIR: "failure.path.is_folder",
    errno.ENOTDIR: "failure.path.not_folder",
    errno.ENOSPC: "failure.path.full",
    errno.EDQUOT: "failure.path.full",
    errno.EFBIG: "failure.path.too_big",
    errno.EROFS: "failure.path.read_only",
    errno.ELOOP: "failure.path.loop",
}


def path_error(exc: OSError, path: str | PathLike[str] | None = None) -> PathError:
    """The :class:`PathError` for ``exc``, naming ``path`` (default: the file the OS named).

    Chosen by ``errno``, never by the system's wording.

    Examples:
        >>> import errno
        >>> path_error(OSError(errno.ENOSPC, "No space left", "uit.html")).text("en")[:37]
        'uit.html was not written: the disk is'
        >>> path_error(PermissionError(errno.EACCES, "Permission denied", "/x")).message.key
        'failure.path.denied'
    """
    where = str(path if path is not None else (exc.filename or "?"))
    key = _BY_ERRNO.get(exc.errno or 0, "failure.path.os")
    code = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
    error = PathError(Message(key, path=where, code=code))
    error.errno = exc.errno
    return error
