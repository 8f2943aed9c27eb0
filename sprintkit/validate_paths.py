"""Validate whatever path a user names: a casus folder, a casus.yaml, a work form or a method."""

from __future__ import annotations

from pathlib import Path

from .errors import FileValidationError, NotFoundError, Problem
from .i18n import t
from .loading import display_path, load_casus, load_workform, load_yaml_model
from .model import Method

__all__ = ["validate_path", "kind_of"]


def kind_of(path: Path) -> str | None:
    """``casus``, ``workform``, ``method``, ``folder`` or ``None`` for what lives at ``path``."""
    if path.is_dir():
        return "casus" if (path / "casus.yaml").is_file() else "folder"
    if path.name == "casus.yaml" or path.parent.name == "demo":
        return "casus"
    if path.suffix not in (".yaml", ".yml"):
        return None
    if path.parent.name == "workforms":
        return "workform"
    if path.parent.name == "methods":
        return "method"
    head = path.read_text(encoding="utf-8", errors="replace")
    if "\ncanvas:" in head:
        return "workform"
    if "\nphases:" in head and "\nkey_factors:" in head or "phase_noun" in head:
        return "method"
    if "\nactors:" in head or "\narea:" in head:
        return "casus"
    return None


def validate_path(path: Path, lang: str | None = None) -> list[Problem]:
    """Every problem found at ``path`` (empty when valid)."""
    if path.is_file() and not path.read_bytes().strip():
        return [Problem(display_path(path), 1, 1, "", t("yaml.empty", lang))]
    kind = kind_of(path)
    try:
        if kind == "casus":
            load_casus(path if path.is_dir() else _casus_folder(path), lang)
        elif kind == "workform":
            load_workform(path, lang)
        elif kind == "method":
            _, problems = load_yaml_model(path, Method, lang)
            return problems
        elif kind == "folder":
            return [p for child in sorted(path.glob("*.y*ml")) for p in validate_path(child, lang)]
        else:
            return [Problem(display_path(path), 0, 0, "", t("cli.unknown_kind", lang))]
    except FileValidationError as exc:
        return exc.problems
    except NotFoundError as exc:
        return [Problem(display_path(path), 0, 0, "", str(exc))]
    return []


def _casus_folder(path: Path) -> Path:
    return path.parent.parent if path.parent.name == "demo" else path.parent
