"""sprintkit: Design Thinking sprint workshops on neighbourhood safety and liveability.

Public names resolve lazily (PEP 562), so ``import sprintkit`` stays cheap: matplotlib,
ipywidgets, papermill and jupyter are only imported by the modules that draw or run notebooks.

Examples:
    >>> import sprintkit as sk
    >>> sk.load_casus("molenwijk").fictional
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # pragma: no cover - for IDEs and type checkers only
    from .analysis import build_graph
    from .catalogue import get as get_workform
    from .engine import Journey
    from .errors import (
        CasusValidationError,
        FileValidationError,
        MissingExtraError,
        NotFoundError,
        Problem,
        SprintkitError,
    )
    from .loading import load_casus, load_method, load_workform
    from .model import (
        Actor,
        Casus,
        Effect,
        Environment,
        Indicator,
        Intervention,
        KeyFactor,
        Method,
        Organisation,
        Phase,
        ResultSpec,
        WorkFormSpec,
    )
    from .planning import plan_session
    from .reports import write_report
    from .store import SQLiteStore
    from .summary import casus_summary
    from .widgets import open_sprint

#: public name -> (module, attribute)
_LAZY: dict[str, tuple[str, str]] = {
    "load_casus": ("loading", "load_casus"),
    "load_method": ("loading", "load_method"),
    "load_workform": ("loading", "load_workform"),
    "get_workform": ("catalogue", "get"),
    "casus_summary": ("summary", "casus_summary"),
    "Journey": ("engine", "Journey"),
    "SQLiteStore": ("store", "SQLiteStore"),
    "build_graph": ("analysis", "build_graph"),
    "plan_session": ("planning", "plan_session"),
    "write_report": ("reports", "write_report"),
    "open_sprint": ("widgets", "open_sprint"),
    **{
        name: ("errors", name)
        for name in (
            "SprintkitError",
            "FileValidationError",
            "CasusValidationError",
            "NotFoundError",
            "MissingExtraError",
            "Problem",
        )
    },
    **{
        name: ("model", name)
        for name in (
            "Actor",
            "Casus",
            "Effect",
            "Environment",
            "Indicator",
            "Intervention",
            "KeyFactor",
            "Method",
            "Organisation",
            "Phase",
            "ResultSpec",
            "WorkFormSpec",
        )
    },
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'sprintkit' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
