"""Run every ``bench_*.py`` module in this folder and print its figures (``make bench``)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    missed = 0
    for name in modules:
        if names and name.removeprefix("bench_") not in names:
            continue
        module = importlib.import_module(name)
        print(f"== {name.removeprefix('bench_')}: {module.__doc__.strip().splitlines()[0]}")
        for figure in module.run():
            print("  " + figure.line())
            missed += figure.line().endswith("MISSED")
    print(f"{missed} goal(s) missed" if missed else "all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
