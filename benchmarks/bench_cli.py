"""Everyday commands as whole processes against importing their own dependencies (medians).

``sprintkit info molenwijk`` <= 1.5x and ``sprintkit validate casus/molenwijk workforms/`` <= 2x
of ``python -c "import typer, networkx, pydantic, yaml"``, each a fresh process. Most of both is
reading YAML (about 20 files for ``info``, 45 for ``validate``).

The goals are for the everyday case: files read before, so their parse and the casus' passed
checks come from the read cache (``sprintkit/_read_cache.py``; a folder of this run's own,
warmed by one run of each command). The first read of unchanged files (cache off) is printed
too, without a goal. Every process, the baseline's too, runs with its bytecode cached (a
``PYTHONPYCACHEPREFIX`` of this run, warmed first), as an installed package runs: with
``PYTHONDONTWRITEBYTECODE`` set and no ``__pycache__`` in a checkout, each process would compile
sprintkit's modules again, a cost the baseline's installed packages never pay. The CPU time of
each process is printed too: on a busy machine, waiting for a core inflates wall time, and
unevenly.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import Figure, median_ms

ROOT = Path(__file__).resolve().parent.parent


def _env(folder: Path, cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(folder / "pyc"), "SPRINTKIT_CACHE_DIR": cache}


def _ms(argv: list[str], env: dict[str, str], repeat: int = 9) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system of the process) in ms."""
    cpu: list[float] = []

    def run() -> None:
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, argv)
        cpu.append((usage.ru_utime + usage.ru_stime) * 1000)

    run()  # warm: bytecode and read cache
    cpu.clear()
    return median_ms(run, repeat), statistics.median(cpu)


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="sprintkit-bench-") as tmp:
        folder = Path(tmp)
        warm = _env(folder, str(folder / "reads"))
        off = _env(folder, "off")
        cli = [sys.executable, "-m", "sprintkit.cli"]
        baseline, base_cpu = _ms(
            [sys.executable, "-c", "import typer, networkx, pydantic, yaml"], warm
        )
        info, info_cpu = _ms([*cli, "info", "molenwijk"], warm)
        validate, validate_cpu = _ms([*cli, "validate", "casus/molenwijk", "workforms/"], warm)
        info_off, _ = _ms([*cli, "info", "molenwijk"], off, repeat=5)
        validate_off, _ = _ms([*cli, "validate", "casus/molenwijk", "workforms/"], off, repeat=5)
    return [
        Figure("python -c 'import typer, networkx, pydantic, yaml' (baseline)", baseline),
        Figure("sprintkit info molenwijk", info, baseline, goal=1.5),
        Figure("sprintkit validate casus/molenwijk workforms/", validate, baseline, goal=2.0),
        Figure("  the same in CPU time: baseline", base_cpu),
        Figure("  the same in CPU time: info", info_cpu, base_cpu, goal=1.5),
        Figure("  the same in CPU time: validate", validate_cpu, base_cpu, goal=2.0),
        Figure("  the same, read cache off: info", info_off, baseline),
        Figure("  the same, read cache off: validate", validate_off, baseline),
    ]
