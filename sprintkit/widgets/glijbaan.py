"""The glijbaan board: each actor's position on the slide in this phase."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..model import GlijbaanLevel
from ..provenance import label, level_marks
from ._base import Workshop, esc
from .guidance import glijbaan_credit_html


def _level_name(level: GlijbaanLevel, lang: str) -> str:
    """A level's name, with its badge when it is not from the source ("afgeleid, ...")."""
    badge = label(level.provenance, lang)
    return f"{level.name.get(lang)} ({badge})" if badge else level.name.get(lang)


__all__ = ["GlijbaanBoard"]


class GlijbaanBoard(w.VBox):
    """A dropdown per actor (1 top .. 3 bottom); every change is stored at once.

    A dropdown shows only what is stored: a position nobody chose yet shows "-", whatever the
    casus suggests (the suggestion is named beside it). "Neem de posities uit de casus over"
    stores the casus' positions for the unset actors as one command (one undo takes it back).
    """

    def __init__(self, ws: Workshop, phase: int):
        self.ws, self.phase = ws, phase
        levels = {g.position: _level_name(g, ws.lang) for g in ws.journey.method.glijbaan}
        options = [("-", 0)] + [(f"{p}. {name}", p) for p, name in sorted(levels.items())]
        self.status = w.HTML()
        self.choices: dict[str, w.Dropdown] = {}
        self.hints: dict[str, w.HTML] = {}
        marks = "".join(
            f"<p class='muted'>{esc(m.text(ws.lang))}</p>" for m in level_marks(ws.journey.method)
        )
        title = f"<h3>{esc(ws.t('w.glijbaan'))}</h3>{marks}{glijbaan_credit_html(ws)}"
        rows = [w.HTML(f"<div class='sk'>{title}</div>")]
        self._loading = False
        for actor in ws.journey.casus.actors:
            box = w.Dropdown(options=options, value=0, description=actor.name[:18])
            box.observe(
                ws.guard(lambda change, a=actor.id: self.set(a, change["new"]), self.status, "✔"),
                "value",
            )
            self.choices[actor.id] = box
            self.hints[actor.id] = w.HTML()
            rows.append(w.HBox([box, self.hints[actor.id]]))
        self.adopt_button = w.Button(description=ws.t("order.w.glijbaan_adopt"))
        self.adopt_button.on_click(ws.guard(self.adopt, self.status, "✔"))
        super().__init__(rows + [self.adopt_button, self.status])
        self.add_class("sk")
        self.load()

    def load(self) -> None:
        """Show the stored positions; unset ones as "-" with the casus' suggestion beside."""
        stored = self.ws.journey.state.phase(self.phase).glijbaan
        self._loading = True  # showing what is stored is not a change to store
        try:
            for actor in self.ws.journey.casus.actors:
                self.choices[actor.id].value = stored.get(actor.id, 0)
                suggested = actor.glijbaan.get(self.phase)
                unset = actor.id not in stored and suggested is not None
                self.hints[actor.id].value = (
                    f"<span class='muted'>{esc(self.ws.t('w.glijbaan.in_casus', level=suggested))}"
                    "</span>"
                    if unset
                    else ""
                )
        finally:
            self._loading = False

    def set(self, actor: str, position: int) -> None:
        """Store an actor's position (a person chose it)."""
        if position and not self._loading:
            self.ws.journey.set_glijbaan(actor, position, self.phase)
            self.load()
            self.ws.changed()

    def adopt(self, _: Any = None) -> dict[str, int]:
        """Store the casus' positions for every actor without one, as one command."""
        adopted = self.ws.journey.adopt_casus_glijbaan(self.phase)
        self.load()
        self.ws.changed()
        return adopted

    def positions(self) -> dict[str, Any]:
        """The stored positions of this phase."""
        return dict(self.ws.journey.state.phase(self.phase).glijbaan)
