"""The koppelvlakken map in a live notebook: drawn again only when the graph changed.

Drawing the four-environment map costs about 0.4 s. Most saves (a note, a vote, a key factor)
do not touch what it shows, so the view keeps a fingerprint of its input, the journey's
interventions with their effects and owners, and skips the redraw when that is unchanged. A
change is drawn on one background thread with a bare matplotlib ``Figure`` (no pyplot
state), so the save that caused it returns at once; the image widget is updated when the
drawing is done, and a newer change supersedes an older one that has not started.

The view is an ``ipywidgets.Image``, not an ``Output``: filling an ``Output`` widget while its
own cell runs made headless runs (papermill, ``jupyter execute``) wait for their timeout.

**Focus.** A dropdown above the map picks one intervention or indicator: the map then shows
only its koppelvlakken and fades the rest (:func:`sprintkit.plots.draw_environment_map`'s
``focus``). The focus is part of the fingerprint, so picking one draws anew and picking it
again draws nothing. The journey's dropped ideas are drawn too (grey, without arrows).
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import ipywidgets as w

from .._atomic_write import write_bytes
from ._base import Workshop

__all__ = ["KoppelvlakkenView", "map_png"]


def map_png(
    casus: Any,
    interventions: list[Any],
    lang: str,
    *,
    dropped: Sequence[Any] = (),
    focus: str | None = None,
) -> bytes:
    """The koppelvlakken map of ``casus`` with ``interventions`` as PNG bytes (no pyplot).

    ``dropped`` are the journey's recorded interventions (those in the plan are skipped);
    ``focus`` a box key to show alone (see :func:`sprintkit.plots.draw_environment_map`).
    """
    from matplotlib.figure import Figure  # lazy: only notebooks and reports draw

    from ..analysis import build_graph
    from ..plots import draw_environment_map

    graph = build_graph(casus, interventions, dropped=dropped)
    fig = Figure(figsize=(12, 9))
    draw_environment_map(graph, ax=fig.subplots(), lang=lang, focus=focus or None)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


class KoppelvlakkenView(w.VBox):
    """The map as an image widget that follows the journey's interventions, with a focus.

    ``background=False`` draws every change in the caller's thread (scripts, tests that want
    the new image at once). :attr:`draws` counts the drawings made, :meth:`wait` waits for the
    one under way. :attr:`focus` is the dropdown of what to show alone (``""``: everything);
    setting its ``value`` draws the map again.
    """

    def __init__(self, ws: Workshop, save_to: str | Path | None = None, *, background: bool = True):
        self.ws = ws
        self.save_to = Path(save_to) if save_to is not None else None
        self.background = background
        self.image = w.Image(format="png", layout={"max_width": "100%", "height": "auto"})
        self.focus = w.Dropdown(
            description=ws.t("kv.map.focus_label"),
            options=[(ws.t("kv.map.focus_all"), "")],
            value="",
            layout={"width": "auto"},
        )
        self._choices: list[tuple[str, str]] = []
        self.draws = 0
        self._shown: str | None = None
        self._wanted: str | None = None
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None
        super().__init__([self.focus, self.image])
        self.add_class("sk")
        self.add_class("sk-koppelvlakken")
        self.refresh(wait=True)  # the first drawing belongs to the cell that shows the view
        self.focus.observe(ws.guard(self._focused), "value")
        ws.on_change(self._changed)

    def fingerprint(self, interventions: list[Any], dropped: Sequence[Any] = ()) -> str:
        """What the map shows, as text: equal text, equal map (the focus included)."""
        data = [i.model_dump(mode="json") for i in interventions]
        gone = sorted(i.id for i in dropped)
        return json.dumps(
            [self.ws.lang, data, gone, self.focus.value], sort_keys=True, ensure_ascii=False
        )

    def _changed(self) -> None:
        self.refresh()

    def _focused(self, change: dict[str, Any]) -> None:
        self.refresh()

    def _offer(self, casus: Any, interventions: list[Any]) -> None:
        """Fill the focus dropdown with what is on the map (a vanished pick falls back to all)."""
        from ..analysis import build_graph
        from ..analysis.map_layout import focus_choices

        graph = build_graph(casus, interventions, include_parties=False)
        choices = [
            (self.ws.t(f"kv.map.focus_{kind}", label=label), key)
            for kind, key, label in focus_choices(graph, self.ws.lang)
        ]
        if choices == self._choices:
            return
        self._choices = choices
        picked = self.focus.value
        with self.focus.hold_trait_notifications():
            self.focus.options = [(self.ws.t("kv.map.focus_all"), ""), *choices]
            self.focus.value = picked if picked in {key for _, key in choices} else ""

    def refresh(self, wait: bool = False) -> bool:
        """Draw the map again if its input changed; ``True`` when a drawing was started."""
        journey = self.ws.journey
        interventions = journey.interventions()
        planned = {i.id for i in interventions}
        dropped = [i for i in journey.interventions(plan=False) if i.id not in planned]
        self._offer(journey.casus, interventions)
        key = self.fingerprint(interventions, dropped)
        with self._lock:
            if key in (self._shown, self._wanted):
                return False
            self._wanted = key
        args = (key, journey.casus, interventions, dropped, self.focus.value, self.ws.lang)
        if wait or not self.background:
            self._draw(*args)
            return True
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sk-map")
        self._pending = self._pool.submit(self._draw, *args)
        return True

    def _draw(
        self,
        key: str,
        casus: Any,
        interventions: list[Any],
        dropped: list[Any],
        focus: str,
        lang: str,
    ) -> None:
        with self._lock:
            if key != self._wanted:  # a newer change came in before this one started
                return
        # outside any cell: a failure is shown in the log pane (and logged), never raised
        data = self.ws.guard(self._png)(casus, interventions, dropped, focus, lang)
        if data is None:
            with self._lock:
                self._wanted = None  # the next change tries again
            return
        with self._lock:
            if key != self._wanted:
                return
            self._shown, self._wanted = key, None
            self.draws += 1
        self.image.value = data

    def _png(
        self, casus: Any, interventions: list[Any], dropped: list[Any], focus: str, lang: str
    ) -> bytes:
        data = map_png(casus, interventions, lang, dropped=dropped, focus=focus)
        if self.save_to is not None:
            write_bytes(self.save_to, data)
        return data

    def wait(self, timeout: float = 60.0) -> None:
        """Wait for the drawing under way (tests, and a script that saves the figure)."""
        if self._pending is not None:
            self._pending.result(timeout=timeout)

    def close(self) -> None:
        """Stop the drawing thread and close the widget."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        super().close()
