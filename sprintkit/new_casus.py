"""Start a new casus as a copy of an existing one (``sprintkit new DIR --from molenwijk``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .errors import SprintkitError
from .i18n import Message
from .loading import find_casus, load_casus

__all__ = ["copy_casus"]

_ID_LINE = re.compile(r"^id:\s*.*$", re.MULTILINE)
_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-") or "casus"


def copy_casus(source: str | Path, folder: Path, new_id: str | None = None) -> str:
    """Copy casus ``source`` into ``folder`` with id ``new_id`` (default: the folder name).

    Comments and layout of the YAML are kept: only the ``id:`` line changes. Session data
    (``.sprintkit/``) is not copied. Returns the new id.
    """
    origin = find_casus(source)
    load_casus(origin)  # refuse to copy a broken case
    case_id = new_id or _slug(folder.name)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", case_id):
        raise SprintkitError(Message("new.bad_id", id=case_id))
    shutil.copytree(origin, folder, ignore=shutil.ignore_patterns(".sprintkit", "__pycache__"))
    casus_file = folder / "casus.yaml"
    text = casus_file.read_text(encoding="utf-8")
    casus_file.write_text(_ID_LINE.sub(f"id: {case_id}", text, count=1), encoding="utf-8")
    load_casus(folder)
    return case_id
