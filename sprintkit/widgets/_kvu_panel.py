"""The base of the KVU panels and the small helpers their forms share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from ..errors import SprintkitError
from ..i18n import t
from ._base import Workshop
from ._kvu_views import title_html

__all__ = ["Panel", "need", "iso", "text_or_none", "wide", "button"]


def need(value: Any, label: str, lang: str) -> Any:
    """``value``, or a Dutch (or English) error naming the empty field by its label."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise SprintkitError(t("kvuw.required", lang, field=label))
    return value.strip() if isinstance(value, str) else value


def iso(value: dt.date | None) -> str | None:
    """A picked date as ``YYYY-MM-DD`` (``None`` when none was picked)."""
    return value.isoformat() if value else None


def text_or_none(value: str) -> str | None:
    """Typed text without surrounding blanks; ``None`` when nothing was typed."""
    return value.strip() or None


def wide(width: str = "95%") -> w.Layout:
    """A layout of the given width."""
    return w.Layout(width=width)


def button(label: str, style: str = "") -> w.Button:
    """A button as wide as its label."""
    return w.Button(description=label, button_style=style, layout=w.Layout(width="auto"))


class Panel(w.VBox):
    """A KVU panel: the workshop, the step, a status line, and a refresh on every change."""

    title_key = ""

    def __init__(self, ws: Workshop, phase: int, body: list[w.Widget]):
        self.status = w.HTML()
        super().__init__([w.HTML(title_html(ws.t(self.title_key))), *body, self.status])
        self.add_class("sk")
        ws.on_change(self.refresh)
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - every panel overrides it
        """Re-render the views from the journey."""

    def bind(
        self,
        button: w.Button,
        action: Any,
        status: w.HTML,
        done: str | None,
        saves: Sequence[w.Widget] = (),
    ) -> None:
        """Run ``action`` on a click, through the workshop guard (errors shown, never lost).

        ``saves`` are the text fields the click stores; their "niet opgeslagen" clears.
        """
        button.on_click(self.ws.guard(lambda _: action(), status, done, saves=saves))
