"""Rewrite expected_errors.yaml from the current messages (review the diff before committing).

Run from the repository root: ``python tests/errors/regen.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def cases() -> list[Path]:
    """Every broken file or folder in this folder.

    A folder is a casus (casus.yaml or demo/) or, named ``plugin-*``, the work form folder of a
    plugin (its files must be named by their slugs, so they cannot stand here on their own).
    """
    return sorted(
        p
        for p in HERE.iterdir()
        if (p.is_dir() and ((p / "casus.yaml").exists() or (p / "demo").is_dir()))
        or (p.is_dir() and p.name.startswith("plugin-"))
        or (p.suffix == ".yaml" and p.name != "expected_errors.yaml")
    )


def current() -> dict[str, list[str]]:
    """Case name -> formatted problems, in English, with paths relative to this folder.

    Computed in a fresh process with plugins disabled, so the golden messages describe
    sprintkit alone (an installed plugin adds its canvas kinds to "choose one of ...").
    """
    code = (
        f"import json, os, sys; sys.path.insert(0, {str(HERE)!r}); os.chdir({str(HERE)!r});"
        "from pathlib import Path; import regen;"
        "from sprintkit.validate_paths import validate_path;"
        "print(json.dumps({p.name: [q.format() for q in validate_path(Path(p.name), 'en')]"
        " for p in regen.cases()}))"
    )
    env = {**os.environ, "SPRINTKIT_DISABLE_PLUGINS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


if __name__ == "__main__":
    out = HERE / "expected_errors.yaml"
    header = "# Golden messages of the broken files beside this file.\n"
    header += "# Regenerate: python tests/errors/regen.py\n"
    out.write_text(
        header + yaml.safe_dump(current(), allow_unicode=True, width=1000, sort_keys=True)
    )
    print(f"wrote {out}")
