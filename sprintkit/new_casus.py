"""Start a new casus as a copy of an existing one (``sprintkit new DIR --from molenwijk``).

The copy is made in a hidden sibling folder and renamed into place only when it is complete
and valid, so a failure (a full disk, Ctrl-C, a refused file) leaves no half-copied case.
Symbolic links in the source case are refused, not followed: a link can point outside the
case (and copy whatever it points at), or back at itself (a loop that never ends), and a case
is data that people pass around, where links do not survive anyway.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from ._atomic_write import umask
from ._fold import slug
from .errors import SprintkitError, path_error
from .i18n import Message
from .loading import find_casus, load_casus

__all__ = ["copy_casus", "case_id_for"]

_ID_LINE = re.compile(r"^id:\s*.*$", re.MULTILINE)
_SKIPPED = (".sprintkit", "__pycache__")


def case_id_for(name: str) -> str:
    """The id a folder name gives: lower-case ASCII, accents and ligatures spelled out.

    Examples:
        >>> case_id_for("Zuidoost-Ĳsselkwartier"), case_id_for("Café Überweg")
        ('zuidoost-ijsselkwartier', 'cafe-uberweg')
    """
    case_id = slug(name)
    if not case_id:
        raise SprintkitError(Message("failure.new.no_name", name=repr(name)))
    return case_id


def copy_casus(source: str | Path, folder: Path, new_id: str | None = None) -> str:
    """Copy casus ``source`` into ``folder`` with id ``new_id`` (default: from the folder name).

    Comments and layout of the YAML are kept: only the ``id:`` line changes. Session data
    (``.sprintkit/``) is not copied. Returns the new id. ``folder`` must not exist yet.
    """
    origin = find_casus(source)
    _refuse_links(origin, str(source))
    load_casus(origin)  # refuse to copy a broken case
    case_id = new_id or case_id_for(folder.name)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", case_id):
        raise SprintkitError(Message("new.bad_id", id=case_id))
    if folder.exists():
        raise SprintkitError(Message("cli.exists", path=folder))
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    except OSError as exc:
        raise path_error(exc, folder) from exc
    try:
        _copy_into(origin, work, case_id)
        load_casus(work)  # the copy must load before anyone sees it
        os.rename(work, folder)
    except BaseException as exc:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, SprintkitError):
            raise path_error(exc, folder) from exc
        raise
    return case_id


def _refuse_links(origin: Path, source: str) -> None:
    """Refuse any symbolic link inside the case (loops and links out of the case included)."""
    for root, dirs, files in os.walk(origin):  # does not follow links into folders
        dirs[:] = [d for d in dirs if d not in _SKIPPED]
        for name in [*dirs, *files]:
            if (Path(root) / name).is_symlink():
                link = (Path(root) / name).relative_to(origin).as_posix()  # never resolved
                raise SprintkitError(Message("failure.new.symlink", source=source, link=link))


def _copy_into(origin: Path, work: Path, case_id: str) -> None:
    """Copy the case into the empty folder ``work`` and give it its new id."""
    ignore = shutil.ignore_patterns(*_SKIPPED)
    # links were refused above; one made since is copied as a link, never followed
    shutil.copytree(origin, work, symlinks=True, ignore=ignore, dirs_exist_ok=True)
    os.chmod(work, 0o777 & ~umask())  # mkdtemp made it private; a case folder is not
    casus_file = work / "casus.yaml"  # inside the hidden folder: the rename is the atomic step
    text = casus_file.read_text(encoding="utf-8")
    casus_file.write_text(_ID_LINE.sub(f"id: {case_id}", text, count=1), encoding="utf-8")
