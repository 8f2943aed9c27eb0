"""A cache of what reading costs, keyed by content: parsed YAML files and passed checks.

Parsing YAML is most of what ``sprintkit info`` and ``sprintkit validate`` do, and every
process used to do it again for files that had not changed. This cache keeps, per file, the
data its bytes parse to (only for files that parsed and validated without a problem), and per
casus, that its reference checks passed for one exact set of inputs. Models are still built by
pydantic from that data on every load, so a cached load gives the very models an uncached load
gives, and an error can never be hidden by the cache.

Where: ``$SPRINTKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/sprintkit/reads``, else
``~/.cache/sprintkit/reads``; ``SPRINTKIT_CACHE_DIR=off`` switches it off. The folder is ``0700``,
every entry ``0600`` and written whole (by :mod:`sprintkit._atomic_write`'s mechanism,
:mod:`sprintkit._atomic_core`). A folder that is not
ours, or open to others, is not used. An entry that cannot be read back exactly (truncated,
corrupt, another key, another owner) is ignored and written again; the cache never raises.
Deleting the folder at any time is safe.

Entries are JSON, never pickle: reading a pickle runs code, and the cache folder is a place
other programs could write to. YAML values JSON has no word for (integer keys, dates, ``.inf``)
are tagged (see :func:`encode`).

Examples:
    >>> decode(encode({1: [date(2026, 5, 1), float("inf")], "a": None}))
    {1: [datetime.date(2026, 5, 1), inf], 'a': None}
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import stat
import sys
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from ._atomic_core import private_dir, whole_file

__all__ = [
    "ENV",
    "folder",
    "get",
    "put",
    "key",
    "file_digest",
    "code_stamp",
    "encode",
    "decode",
]

#: the environment variable naming the folder; ``off`` (or ``0``, ``no``, ``false``) switches off
ENV = "SPRINTKIT_CACHE_DIR"
_OFF = {"off", "0", "no", "false", "none"}
#: bump when the layout of entries changes: older entries are then simply never found
FORMAT = 1
#: an entry larger than this is not ours (the largest shipped file parses to ~100 kB of JSON)
_MAX_ENTRY = 32 * 1024 * 1024

# tags for the YAML values JSON cannot say; a tagged value is an object with this one key
_MAP, _DATE, _DATETIME, _FLOAT = "\x00map", "\x00date", "\x00datetime", "\x00float"
_TAGS = frozenset({_MAP, _DATE, _DATETIME, _FLOAT})


class _Unsupported(TypeError):
    """A value this cache does not keep (the file is then simply read every time)."""


def folder() -> Path | None:
    """The cache folder, or ``None`` when the cache is switched off."""
    own = os.environ.get(ENV, "").strip()
    if own.lower() in _OFF:
        return None
    if own:
        return Path(own).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "sprintkit" / "reads"


_usable: dict[Path, bool] = {}


def _ready(root: Path) -> bool:
    """Whether ``root`` may hold entries: made ``0700`` if missing, ours and closed to others."""
    if root not in _usable:
        try:
            private_dir(root)
            info = os.lstat(root)
            mine = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            if mine and info.st_mode & 0o077:
                os.chmod(root, 0o700)  # ours, made by hand or by an older version: close it
            _usable[root] = mine
        except OSError:
            _usable[root] = False
    return _usable[root]


def file_digest(raw: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(raw).hexdigest()


def key(*parts: Any) -> str:
    """One hex key for ``parts`` (JSON-able values: strings, numbers, lists)."""
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def code_stamp() -> str:
    """What the meaning of a cached entry depends on besides the files: the code reading them.

    The versions of sprintkit, Python, pydantic and PyYAML, and the size and modification time
    of every module of the installed sprintkit (so an edited checkout never reads entries an
    older version of its code wrote).
    """
    import pydantic
    import pydantic_core
    import yaml

    from ._version import __version__

    package = Path(__file__).resolve().parent
    sources = []
    for root, dirs, files in os.walk(package):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(root, name))
                sources.append(
                    f"{os.path.relpath(root, package)}/{name}:{info.st_size}:{info.st_mtime_ns}"
                )
    return key(
        FORMAT,
        __version__,
        list(sys.version_info[:2]),
        pydantic.VERSION,
        pydantic_core.__version__,
        yaml.__version__,
        sources,
    )


def _path(root: Path, kind: str, name: str) -> Path:
    return root / kind / f"{name}.json"


def get(kind: str, name: str) -> Any | None:
    """The value stored under ``kind``/``name``; ``None`` when absent, off or unreadable."""
    root = folder()
    if root is None or not _ready(root):
        return None
    try:
        fd = os.open(_path(root, kind, name), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if info.st_uid != os.getuid() or info.st_size > _MAX_ENTRY:
                return None
            entry = decode(file.read().decode("utf-8"))
        if entry["format"] != FORMAT or entry["kind"] != kind or entry["key"] != name:
            return None
        return entry["value"]
    # a truncated, corrupt or foreign entry is a miss, whatever is wrong with it
    except Exception:  # noqa: BLE001
        return None


def put(kind: str, name: str, value: Any) -> None:
    """Store ``value`` under ``kind``/``name``; silently nothing when off, unwritable or odd."""
    root = folder()
    if root is None or not _ready(root):
        return
    try:
        text = encode({"format": FORMAT, "kind": kind, "key": name, "value": value})
    except (_Unsupported, ValueError, RecursionError):
        return
    try:
        with whole_file(_path(root, kind, name), "wb", private=True) as file:
            file.write(text.encode("utf-8"))
    except OSError:  # a full disk or a read-only home: the next read parses again
        return


def encode(value: Any) -> str:
    """``value`` (what a YAML file parses to) as JSON text; :class:`TypeError` if it cannot be."""
    return json.dumps(_tagged(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _tagged(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {_FLOAT: repr(value)}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if isinstance(value, dict):
        plain = all(isinstance(k, str) for k in value) and not (
            len(value) == 1 and next(iter(value)) in _TAGS
        )
        if plain:
            return {k: _tagged(v) for k, v in value.items()}
        return {_MAP: [[_tagged(k), _tagged(v)] for k, v in value.items()]}
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    raise _Unsupported(type(value).__name__)


def _untag(obj: dict[str, Any]) -> Any:
    if len(obj) != 1:
        return obj
    tag, value = next(iter(obj.items()))
    if tag == _MAP:
        return {k: v for k, v in value}
    if tag == _DATE:
        return date.fromisoformat(value)
    if tag == _DATETIME:
        return datetime.fromisoformat(value)
    if tag == _FLOAT:
        return float(value)
    return obj


def decode(text: str) -> Any:
    """The value :func:`encode` wrote as ``text``."""
    return json.loads(text, object_hook=_untag)
