"""Reading YAML: parse_yaml on casus/molenwijk/casus.yaml within 4x of libyaml composing alone."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from _harness import Figure, median_ms

from sprintkit import _yaml
from sprintkit._yaml import parse_yaml
from sprintkit.loading import load_casus

ROOT = Path(__file__).resolve().parent.parent
MOLENWIJK = ROOT / "casus" / "molenwijk"


def _parse(text: str, libyaml: bool) -> None:
    _yaml.USE_LIBYAML = libyaml
    try:
        parse_yaml(text, "casus.yaml")
    finally:
        _yaml.USE_LIBYAML = yaml.__with_libyaml__


def _load_uncached(folder: Path) -> None:
    (folder / "casus.yaml").touch()  # a new mtime: load_casus parses and checks again
    load_casus(folder)


def run() -> list[Figure]:
    text = (MOLENWIJK / "casus.yaml").read_text(encoding="utf-8")
    _parse(text, True)  # warm up: the i18n catalogue, Babel
    compose = median_ms(lambda: yaml.compose(text, Loader=yaml.CSafeLoader), repeat=21)
    ours = median_ms(lambda: _parse(text, True), repeat=21)
    python = median_ms(lambda: _parse(text, False), repeat=7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(shutil.copytree(MOLENWIJK, Path(tmp) / "molenwijk"))
        load = median_ms(lambda: _load_uncached(folder), repeat=7)
    return [
        Figure("yaml.compose, CSafeLoader alone, molenwijk (baseline)", compose),
        Figure("parse_yaml (libyaml + limits + positions), molenwijk", ours, compose, goal=4),
        Figure("parse_yaml, pure-Python fallback (information)", python, compose),
        Figure("load_casus molenwijk, not cached (information)", load),
    ]
