"""Everyday commands as whole processes against importing their own dependencies (medians).

``sprintkit info molenwijk`` <= 1.5x and ``sprintkit validate casus/molenwijk workforms/`` <= 2x
of ``python -c "import typer, networkx, pydantic, yaml"``, each a fresh process. Most of both is
reading YAML (about 20 files for ``info``, 45 for ``validate``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _harness import Figure, median_ms, python_ms

ROOT = Path(__file__).resolve().parent.parent


def _command_ms(*argv: str, repeat: int = 9) -> float:
    command = [sys.executable, "-m", "sprintkit.cli", *argv]
    return median_ms(
        lambda: subprocess.run(command, cwd=ROOT, check=True, capture_output=True), repeat
    )


def run() -> list[Figure]:
    baseline = python_ms("import typer, networkx, pydantic, yaml")
    info = _command_ms("info", "molenwijk")
    validate = _command_ms("validate", "casus/molenwijk", "workforms/")
    return [
        Figure("python -c 'import typer, networkx, pydantic, yaml' (baseline)", baseline),
        Figure("sprintkit info molenwijk", info, baseline, goal=1.5),
        Figure("sprintkit validate casus/molenwijk workforms/", validate, baseline, goal=2.0),
    ]
