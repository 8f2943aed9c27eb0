"""Start a new casus (``sprintkit new DIR``): from a blank template, or as a copy of a case.

Without ``--van`` the case starts from the blank template shipped in the package
(``sprintkit/templates/casus/``): one organisation, one actor, one indicator, every field
explained in ``docs/casus.md``. ``--van molenwijk`` copies a case instead (``--from`` is the
same option); ``--zonder-demo`` leaves its demo input out, and ``--naam`` gives the new case
its name (a copy's description is then replaced by a placeholder too, so nothing of the old
case's story stays by accident). Every YAML file's ``yaml-language-server`` comment is pointed
at the schema shipped in the installed package, so an editor finds it wherever the case lives.

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
from importlib import resources
from pathlib import Path

from . import _resources
from ._atomic_write import umask
from ._fold import slug
from .errors import SprintkitError, path_error
from .i18n import Message
from .loading import find_casus, load_casus

__all__ = ["copy_casus", "new_casus", "case_id_for", "template_dir", "schema_line"]

_ID_LINE = re.compile(r"^id:\s*.*$", re.MULTILINE)
_NAME_LINE = re.compile(r"^name:\s*.*$", re.MULTILINE)
#: a top-level block (``description:`` and its indented lines), up to the next top-level key
_BLOCK = "^{key}:.*?\n(?=\\S)"
_SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.MULTILINE)
_SKIPPED = (".sprintkit", "__pycache__")
#: what a copy's ``description`` becomes when it gets a new name
_PLACEHOLDER = "Beschrijf hier in een paar zinnen de wijk en waarom er een wijkaanpak komt."
#: the schema of each kind of file in a case folder, by its folder
_SCHEMAS = {".": "casus", "demo": "demo", "workforms": "workform", "maatregelen": "measure"}


def template_dir() -> Path:
    """The blank casus template shipped in the package."""
    return Path(str(resources.files("sprintkit").joinpath("templates", "casus")))


def schema_line(kind: str) -> str:
    """The ``yaml-language-server`` comment pointing at ``kind``'s schema in this installation.

    Examples:
        >>> schema_line("casus").endswith("sprintkit/schemas/casus.schema.json")
        True
    """
    path = (_resources.schemas_dir() / f"{kind}.schema.json").resolve()
    return f"# yaml-language-server: $schema={path.as_uri()}"


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


def new_casus(
    folder: Path,
    source: str | Path | None = None,
    new_id: str | None = None,
    *,
    name: str | None = None,
    demo: bool = True,
) -> str:
    """Start a case in ``folder``: the blank template, or a copy of ``source``; returns its id.

    ``name`` names the case (the template's default: the folder's name); ``demo=False`` leaves
    a copied case's demo input out.
    """
    if source is None:
        return copy_casus(template_dir(), folder, new_id, name=name or folder.name, demo=demo)
    return copy_casus(source, folder, new_id, name=name, demo=demo)


def copy_casus(
    source: str | Path,
    folder: Path,
    new_id: str | None = None,
    *,
    name: str | None = None,
    demo: bool = True,
) -> str:
    """Copy casus ``source`` into ``folder`` with id ``new_id`` (default: from the folder name).

    Comments and layout of the YAML are kept: the ``id:`` line changes, the schema comments
    point at this installation's schemas, and with ``name`` the ``name:`` line and the
    description change too. ``demo=False`` leaves ``demo/`` out. Session data (``.sprintkit/``)
    is not copied. Returns the new id. ``folder`` must not exist yet.
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
        _copy_into(origin, work, case_id, name, demo)
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


def _copy_into(origin: Path, work: Path, case_id: str, name: str | None, demo: bool) -> None:
    """Copy the case into the empty folder ``work`` and give it its new id (and name)."""
    ignore = shutil.ignore_patterns(*_SKIPPED, *(() if demo else ("demo",)))
    # links were refused above; one made since is copied as a link, never followed
    shutil.copytree(origin, work, symlinks=True, ignore=ignore, dirs_exist_ok=True)
    os.chmod(work, 0o777 & ~umask())  # mkdtemp made it private; a case folder is not
    # inside the hidden folder, plain writes: the rename is the atomic step
    for path in sorted(work.rglob("*.y*ml")):
        kind = _SCHEMAS.get(path.parent.relative_to(work).as_posix())
        text = path.read_text(encoding="utf-8")
        if kind is not None and _SCHEMA_LINE.search(text):
            text = _SCHEMA_LINE.sub(schema_line(kind).replace("\\", "\\\\"), text, count=1)
            path.write_text(text, encoding="utf-8")
    casus_file = work / "casus.yaml"
    text = _ID_LINE.sub(f"id: {case_id}", casus_file.read_text(encoding="utf-8"), count=1)
    if name is not None:
        text = _NAME_LINE.sub(lambda _: f"name: {_quoted(name)}", text, count=1)
        if origin != template_dir():
            block = re.compile(_BLOCK.format(key="description"), re.MULTILINE | re.DOTALL)
            text = block.sub(lambda _: f"description:\n  nl: {_PLACEHOLDER}\n", text, count=1)
    casus_file.write_text(text, encoding="utf-8")


def _quoted(text: str) -> str:
    """``text`` as a YAML scalar on one line (quoted when YAML would read it otherwise)."""
    import json

    plain = re.fullmatch(r"[A-Za-zÀ-ÿĲĳ][\w .'-]*", text) and not text.endswith(":")
    return text if plain else json.dumps(text, ensure_ascii=False)
