"""An example sprintkit plugin: two work forms as YAML, registered through an entry point.

sprintkit reads the entry point group ``sprintkit.workforms`` the first time the catalogue is
used; this package's ``pyproject.toml`` names :func:`workforms` there as ``example``. The
plugin is data only: it needs no sprintkit import, and sprintkit validates its files with the
same models and located error messages as the built-in catalogue.

Examples:
    >>> sorted(path.name for path in workforms().glob("*.yaml"))
    ['buurtschouw.yaml', 'nachtschouw.yaml', 'wijkgeschiedenis.yaml']
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["workforms"]


def workforms() -> Path:
    """The folder holding this plugin's work form YAML files (one file per work form)."""
    # Installed as a normal or editable package the data is a real folder on disk; a plugin
    # shipped inside a zip would have to return the specs themselves instead of a folder.
    return Path(str(resources.files(__name__).joinpath("workforms")))
