"""Demo input for one work form run: notes on a board, content on other canvases."""

from __future__ import annotations

from typing import Any

from ._base import Ident, Slug, StrictModel

__all__ = ["DemoNote", "DemoRun"]


class DemoNote(StrictModel):
    """A note a demo participant put on a board, with who voted for it."""

    text: str
    author: Ident
    column: Ident | None = None
    cluster: str | None = None
    votes: list[Ident] = []


class DemoRun(StrictModel):
    """Demo input for one work form run.

    A board is filled with ``notes``; every other canvas kind with ``content`` in the shape of
    its kind's content model (``sprintkit/kinds/<kind>/logic.py``; checked once the work form is
    known).
    """

    workform: Slug
    notes: list[DemoNote] = []
    content: dict[str, Any] = {}
