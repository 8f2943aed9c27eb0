"""The glijbaan board: each actor's position on the slide in this phase."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ._base import Workshop, esc

__all__ = ["GlijbaanBoard"]


class GlijbaanBoard(w.VBox):
    """A dropdown per actor (1 top .. 3 bottom); every change is stored at once."""

    def __init__(self, ws: Workshop, phase: int):
        self.ws, self.phase = ws, phase
        levels = {g.position: g.name.get(ws.lang) for g in ws.journey.method.glijbaan}
        options = [("-", 0)] + [(f"{p}. {name}", p) for p, name in sorted(levels.items())]
        current = ws.journey.state.phase(phase).glijbaan
        self.status = w.HTML()
        self.choices: dict[str, w.Dropdown] = {}
        rows = [w.HTML(f"<div class='sk'><h3>{esc(ws.t('w.glijbaan'))}</h3></div>")]
        for actor in ws.journey.casus.actors:
            start = current.get(actor.id, actor.glijbaan.get(phase, 0))
            box = w.Dropdown(options=options, value=start, description=actor.name[:18])
            box.observe(
                ws.guard(lambda change, a=actor.id: self.set(a, change["new"]), self.status, "✔"),
                "value",
            )
            self.choices[actor.id] = box
            rows.append(box)
        super().__init__(rows + [self.status])
        self.add_class("sk")

    def set(self, actor: str, position: int) -> None:
        """Store an actor's position."""
        if position:
            self.ws.journey.set_glijbaan(actor, position, self.phase)
            self.ws.changed()

    def positions(self) -> dict[str, Any]:
        """The stored positions of this phase."""
        return dict(self.ws.journey.state.phase(self.phase).glijbaan)
