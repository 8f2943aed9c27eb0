"""Where the built-in methods, work forms and cases live.

In a wheel, ``workforms/`` and ``casus/`` are mapped into ``sprintkit/_catalogue/`` (hatchling
``force-include``). In a source checkout (including editable installs) they sit next to the
package, and that copy wins so edits are seen at once.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["builtin_dir", "methods_dir", "schemas_dir"]

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """The built-in ``workforms`` or ``casus`` folder."""
    checkout = _PACKAGE.parent / name
    if (_PACKAGE.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return Path(str(resources.files("sprintkit").joinpath("_catalogue", name)))


def methods_dir() -> Path:
    """The folder of the method YAML files shipped inside the package."""
    return _PACKAGE / "methods"


def schemas_dir() -> Path:
    """The folder of the committed JSON Schemas."""
    return _PACKAGE / "schemas"
