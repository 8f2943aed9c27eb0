"""The participant page and the projector: phones take part in a journey over the local network.

``make_app(casus, store_path, journey_id)`` is a Starlette app; ``sprintkit serve`` runs it with
uvicorn. Never imported by ``import sprintkit`` (Starlette is only needed to serve).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .app import make_app

__all__ = ["make_app"]


def __getattr__(name: str) -> Any:
    if name == "make_app":
        from .app import make_app  # lazy: Starlette and Jinja2 load only when serving

        return make_app
    raise AttributeError(name)
