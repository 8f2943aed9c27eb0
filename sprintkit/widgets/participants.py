"""The facilitator's panel for participants on their own phones.

Start and stop the participant server (its own process, see :mod:`sprintkit.server_process`),
show its address, code and a QR code, move the room from stage to stage (each button one
journey command), and see who joined, with "Verwijder apparaat" for a device that should no
longer take part. The panel re-renders on every change, including the ones the poller brings
in from the server.
"""

from __future__ import annotations

import os
from typing import Any

import ipywidgets as w

from .. import server_process
from ..engine.stage import move_room
from ..errors import SprintkitError
from ..i18n import Message
from ..stores import ref_of
from ._base import Workshop, esc

__all__ = ["ParticipantsPanel", "qr_data_uri", "static_note_html"]


#: Buttons as wide as their Dutch label: "Stemmen openen" must not become "Stemmen o...".
_FIT = {"width": "auto", "min_width": "120px"}


def qr_data_uri(text: str) -> str | None:
    """A QR code of ``text`` as an SVG data URI (``None`` when segno is not installed).

    segno's data URI carries the SVG namespace; without it a browser shows a broken image.
    """
    try:
        import segno  # lazy: only the participants panel draws a QR code
    except ImportError:  # pragma: no cover - segno is a core dependency
        return None
    return str(segno.make(text, error="m").svg_data_uri(scale=6, border=2))


def static_note_html(ws: Workshop) -> str:
    """What a demo or static notebook shows instead of the panel: no server is started."""
    return f"<h3>{esc(ws.t('fac.title'))}</h3><p class='muted'>{esc(ws.t('fac.static_note'))}</p>"


class ParticipantsPanel(w.VBox):
    """Server start/stop with address, code and QR; stage buttons; the people who joined.

    ``command`` replaces the command that starts the server (tests pass a fake server);
    ``phase`` is the phase whose work form runs the stage buttons choose from.
    """

    def __init__(
        self,
        ws: Workshop,
        phase: int | None = None,
        *,
        command: list[str] | None = None,
        host: str = "127.0.0.1",
        port: int | None = None,
        timeout: float = 20.0,
    ):
        self.ws, self.phase, self.command, self.timeout = ws, phase, command, timeout
        # a shared setup gives each facilitator a port of their own (deploy/jupyterhub_config.py)
        port = port or int(os.environ.get("SPRINTKIT_SERVE_PORT") or 8765)
        self.status, self.server_view = w.HTML(), w.HTML()
        self.stage_view, self.people_view = w.HTML(), w.HTML()
        self.host = host
        self.port = w.BoundedIntText(value=port, min=1024, max=65535, description=ws.t("fac.port"))
        self.code = w.Text(placeholder=ws.t("fac.code"))
        self.start_button = w.Button(
            description=ws.t("fac.start"), button_style="primary", layout=_FIT
        )
        self.start_button.on_click(ws.guard(self.start, self.status))
        self.stop_button = w.Button(
            description=ws.t("fac.stop"), button_style="danger", layout=_FIT
        )
        self.stop_button.on_click(ws.guard(self.stop, self.status))
        self.run = w.Dropdown(description=ws.t("fac.run"))
        self.buttons = {}
        for stage, key in [
            ("capture", "fac.capture"),
            ("reveal", "fac.reveal"),
            ("vote", "fac.vote"),
            ("tallies", "fac.tallies"),
            ("result", "fac.result"),
            ("join", "fac.join"),
        ]:
            button = w.Button(description=ws.t(key), layout=_FIT)
            button.on_click(ws.guard(lambda _=None, s=stage: self.set_stage(s), self.status))
            self.buttons[stage] = button
        self.person = w.Dropdown()
        self.remove_button = w.Button(description=ws.t("fac.remove_device"), layout=_FIT)
        self.remove_button.on_click(ws.guard(self.remove_device, self.status))
        super().__init__(
            [
                w.HTML(f"<h3>{esc(ws.t('fac.title'))}</h3>"),
                w.HBox([self.port, self.code, self.start_button, self.stop_button]),
                self.server_view,
                w.HBox([self.run, self.stage_view]),
                w.HBox(list(self.buttons.values()), layout={"flex_flow": "row wrap"}),
                self.people_view,
                w.HBox([self.person, self.remove_button]),
                self.status,
            ]
        )
        self.add_class("sk")
        self.add_class("sk-participants")  # for the browser test and custom CSS
        self.refresh()
        ws.on_change(self.refresh)

    # -- the server ---------------------------------------------------------------------------------
    def _store_path(self) -> str:
        """The store's file or URL (the server opens it again); refused for memory."""
        ref = ref_of(self.ws.journey.store)
        if ref is None:
            raise SprintkitError(Message("process.needs_file"))
        return ref

    def start(self, _: Any = None) -> server_process.ServerInfo:
        """Start the participant server (or find the one already running) and show it."""
        journey = self.ws.journey
        info = server_process.start_server(
            journey.casus.id,
            self._store_path(),
            journey.id,
            host=self.host,
            port=int(self.port.value),
            code=self.code.value.strip() or None,
            lang=self.ws.lang,  # the room speaks the notebook's language; phones may switch
            command=self.command,
            timeout=self.timeout,
        )
        self.ws.start_polling()  # phones write from now on: bring their notes in
        self._show_server(info)
        self.status.value = f"<span class='ok'>{esc(self.ws.t('fac.started'))}</span>"
        return info

    def stop(self, _: Any = None) -> None:
        """Stop the participant server (SIGTERM): the phones lose the page."""
        server_process.stop_server(self._store_path())
        self._show_server(None)
        self.status.value = f"<span class='ok'>{esc(self.ws.t('fac.stopped'))}</span>"

    def _show_server(self, info: server_process.ServerInfo | None) -> None:
        if info is None:
            self.server_view.value = f"<p class='muted'>{esc(self.ws.t('fac.not_running'))}</p>"
            return
        qr = qr_data_uri(info.join)
        image = (
            f"<p>{esc(self.ws.t('fac.scan'))}</p><img src='{qr}' alt='QR' width='240'>"
            if qr
            else ""
        )
        self.server_view.value = (
            f"<p>{esc(self.ws.t('fac.go_to'))} <b style='font-size:28px'>{esc(info.url)}</b></p>"
            f"<p>{esc(self.ws.t('fac.code_label'))}: <b style='font-size:64px;letter-spacing:8px'>"
            f"{esc(info.code)}</b></p>{image}"
        )

    # -- the stage ----------------------------------------------------------------------------------
    def set_stage(self, stage: str) -> None:
        """Move the room to ``stage`` for the chosen run (``tallies``: show the vote counts).

        One journey command (:func:`~sprintkit.engine.stage.move_room`): "Onthullen" also
        reveals the notes of a canvas that hides them, in one transaction with the stage.
        """
        move_room(self.ws.journey, stage, self.run.value or None)
        self.ws.changed()

    def remove_device(self, _: Any = None) -> None:
        """Take the chosen person off the roster: their device is refused from now on."""
        ident = self.person.value
        if ident:
            name = self.ws.journey.person(ident).name
            self.ws.journey.remove_person(ident)
            self.ws.changed()
            message = self.ws.t("fac.removed", name=name)
            self.status.value = f"<span class='ok'>{esc(message)}</span>"

    # -- rendering ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-render the server line, the run chooser, the stage and the people."""
        journey = self.ws.journey
        ref = ref_of(journey.store)
        running = server_process.find_server(ref) if ref is not None else None
        self._show_server(running)
        phase = self.phase if self.phase is not None else journey.current_phase
        runs = journey.state.runs_of(phase) if phase is not None else []
        names = {s.slug: s.name.get(self.ws.lang) for s in journey.available_workforms()}
        current = self.run.value
        self.run.options = [(names.get(r.workform, r.workform), r.id) for r in runs] or [
            (self.ws.t("fac.no_runs"), None)
        ]
        ids = [r.id for r in runs]
        stage = journey.state.stage
        wanted = current if current in ids else stage.run if stage.run in ids else None
        self.run.value = wanted if wanted is not None else (ids[0] if ids else None)
        self.stage_view.value = f"<b>{esc(self._stage_text())}</b>"
        self._people()

    def _stage_text(self) -> str:
        journey = self.ws.journey
        stage = journey.state.stage
        text = self.ws.t(f"stage.name.{stage.stage}")
        if stage.run and stage.run in journey.state.runs:
            name = journey.spec(stage.run).name.get(self.ws.lang)
            text = self.ws.t("fac.stage_about", stage=text, run=name)
        return self.ws.t("fac.stage_now", stage=text)

    def _people(self) -> None:
        people = self.ws.journey.people()
        title = f"<h4>{esc(self.ws.t('fac.people'))} ({len(people)})</h4>"
        if not people:
            self.people_view.value = (
                title + f"<p class='muted'>{esc(self.ws.t('fac.no_people'))}</p>"
            )
        else:
            rows = "".join(f"<li>{esc(p.name)} <code>{esc(p.id)}</code></li>" for p in people)
            self.people_view.value = f"{title}<ul>{rows}</ul>"
        current = self.person.value
        self.person.options = [(p.name, p.id) for p in people]
        ids = [p.id for p in people]
        self.person.value = current if current in ids else (ids[0] if ids else None)
