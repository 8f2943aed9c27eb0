"""Exception types shared by every layer of sprintkit.

Every error a user can cause derives from :class:`SprintkitError`, so the CLI can print it as one
short message without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "SprintkitError",
    "Problem",
    "FileValidationError",
    "CasusValidationError",
    "NotFoundError",
    "MissingExtraError",
]


class SprintkitError(Exception):
    """Base class of every error sprintkit raises on purpose."""


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

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.format())

    def format(self) -> str:
        """All problems, one per line, grouped under a count per file."""
        by_file: dict[str, list[Problem]] = {}
        for problem in self.problems:
            by_file.setdefault(problem.path, []).append(problem)
        lines: list[str] = []
        for path, problems in by_file.items():
            noun = "problem" if len(problems) == 1 else "problems"
            lines.append(f"{path}: {len(problems)} {noun}")
            lines.extend("  " + p.format() for p in problems)
        return "\n".join(lines)


class CasusValidationError(FileValidationError):
    """A casus folder (casus.yaml, its work forms or demo input) is invalid."""


class NotFoundError(SprintkitError, LookupError):
    """A named thing (casus, method, work form) does not exist; the message suggests names."""


class MissingExtraError(SprintkitError, ImportError):
    """An optional dependency is missing; the message names the command that installs it."""
