"""The board's notebook face: silent capture, reveal, clustering and dot voting."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...widgets._base import Workshop, esc
from ...widgets.roster import PersonPicker, display_name
from .actions import add_note, cluster_note, reveal, reveal_tallies, vote
from .logic import BoardCanvas, note_order, votes_used

__all__ = ["BoardWidget"]


class BoardWidget(w.VBox):
    """A live board over one run; only the column that changed is re-rendered."""

    def __init__(self, ws: Workshop, run: str):
        self.ws, self.run_id = ws, run
        spec = ws.journey.spec(run)
        self.canvas = spec.canvas_as(BoardCanvas)
        self.status = w.HTML()
        self.columns = {c.key: w.HTML() for c in self.canvas.columns}
        self.text = w.Textarea(placeholder=ws.t("w.note"), layout=w.Layout(width="60%"))
        self.author = PersonPicker(ws, ws.t("w.author"), self.status)  # roster, or add one
        self.column = w.Dropdown(
            options=[(c.label.get(ws.lang), c.key) for c in self.canvas.columns]
        )
        self.add = w.Button(description=ws.t("w.add"), button_style="primary")
        self.add.on_click(ws.guard(self._add, self.status, ws.t("w.saved"), saves=[self.text]))
        self.text_unsaved = ws.watch_unsaved(self.text)
        self.reveal_button = w.Button(description=ws.t("w.reveal"))
        self.reveal_button.on_click(ws.guard(self._reveal, self.status))
        self.note_choice = w.Dropdown(description=ws.t("w.note"))
        self.cluster = w.Combobox(placeholder=ws.t("w.cluster"))
        self.cluster_button = w.Button(description=ws.t("w.to_cluster"))
        self.cluster_button.on_click(ws.guard(self._cluster, self.status, ws.t("w.saved")))
        self.voter = PersonPicker(ws, ws.t("w.voter"), self.status)
        self.vote_button = w.Button(description=ws.t("w.vote"))
        self.vote_button.on_click(ws.guard(self._vote, self.status))
        self.tallies_button = w.Button(description=ws.t("w.reveal_tallies"))
        self.tallies_button.on_click(ws.guard(self._tallies, self.status))
        # one's own notes (by the name in the author box): edit or remove, each a command
        self.own_note = w.Dropdown(description=ws.t("order.w.own_notes"))
        self.own_text = w.Text(layout=w.Layout(width="40%"))
        self.edit_button = w.Button(description=ws.t("order.w.edit"))
        self.edit_button.on_click(
            ws.guard(self.edit_note, self.status, ws.t("w.saved"), saves=[self.own_text])
        )
        self.own_unsaved = ws.watch_unsaved(self.own_text)
        self.remove_button = w.Button(description=ws.t("order.w.remove"))
        self.remove_button.on_click(ws.guard(self.remove_note, self.status, ws.t("w.saved")))
        self.author.observe(ws.guard(lambda _: self._own_notes(), self.status), "value")
        self.own_note.observe(ws.guard(lambda _: self._own_text(), self.status), "value")
        rows: list[w.Widget] = [
            w.HTML(
                f"<div class='sk'><h3>{esc(ws.t('w.run_of', name=spec.name.get(ws.lang)))}</h3></div>"
            ),
            w.HBox(list(self.columns.values())),
            w.HBox([self.text, w.VBox([self.author, self.column, self.add, self.text_unsaved])]),
            w.HBox([self.reveal_button, self.tallies_button]),
            w.HBox(
                [
                    self.own_note,
                    self.own_text,
                    self.edit_button,
                    self.remove_button,
                    self.own_unsaved,
                ]
            ),
        ]
        if self.canvas.clustering:
            rows.append(w.HBox([self.note_choice, self.cluster, self.cluster_button]))
        if self.canvas.votes_per_person:
            rows.append(w.HBox([self.voter, self.vote_button]))
        super().__init__(rows + [self.status])
        self.add_class("sk")
        self.refresh()
        ws.on_change(self.refresh)  # notes and votes from phones arrive through the poller

    @property
    def state(self) -> Any:
        """The run's state in the journey."""
        return self.ws.journey.run(self.run_id)

    # -- actions (each stores an event first, then re-renders) ----------------------------------
    def _add(self, _: Any = None) -> str:
        note = add_note(
            self.ws.journey,
            self.run_id,
            self.text.value,
            author=self.author.person(),
            column=self.column.value,
        )
        self.text.value = ""
        self.refresh(columns=[self.column.value])
        return note

    def edit_note(self, _: Any = None) -> None:
        """Change the text of one's own note (``note_edited``, by its author)."""
        note = self.own_note.value
        column = self.state.notes[note].column
        payload = {"note": note, "text": self.own_text.value}
        self.ws.journey.canvas_op(self.run_id, "note_edited", payload, self.author.value or None)
        self.refresh(columns=[column])

    def remove_note(self, _: Any = None) -> None:
        """Take one's own note off the board (``note_removed``, by its author)."""
        note = self.own_note.value
        column = self.state.notes[note].column
        self.ws.journey.canvas_op(
            self.run_id, "note_removed", {"note": note}, self.author.value or None
        )
        self.refresh(columns=[column])

    def _own_notes(self) -> None:
        me = self.author.value.strip()
        mine = [n for n in note_order(self.state) if me and n.author == me]
        current = self.own_note.value
        self.own_note.options = [(n.text[:40], n.id) for n in mine]
        ids = [n.id for n in mine]
        self.own_note.value = current if current in ids else (ids[0] if ids else None)
        self._own_text()

    def _own_text(self) -> None:
        note = self.state.notes.get(self.own_note.value or "")
        self.own_text.value = note.text if note is not None else ""
        self.ws.mark_saved(self.own_text)  # the stored text, not an edit

    def _reveal(self, _: Any = None) -> None:
        reveal(self.ws.journey, self.run_id)
        self.refresh()

    def _cluster(self, _: Any = None) -> None:
        note = self.note_choice.value
        cluster_note(self.ws.journey, self.run_id, note, self.cluster.value or None)
        self.refresh(columns=[self.state.notes[note].column])

    def _vote(self, _: Any = None) -> None:
        """One dot; the status says so, also while the tallies are hidden (nothing else moves)."""
        note = self.note_choice.value
        vote(self.ws.journey, self.run_id, note, self.voter.person() or "")
        voter = self.state.notes[note].votes[-1]  # as stored: the roster id
        self.refresh(columns=[self.state.notes[note].column])
        hidden = self.canvas.hide_tallies_until_reveal and not self.state.tallies_revealed
        self.status.value = "<span class='ok'>{}</span>".format(
            esc(
                self.ws.t(
                    "console.vote_hidden" if hidden else "console.vote_shown",
                    voter=display_name(self.ws, voter),
                    used=votes_used(self.state, voter),
                    budget=self.canvas.votes_per_person,
                )
            )
        )

    def _tallies(self, _: Any = None) -> None:
        reveal_tallies(self.ws.journey, self.run_id)
        self.refresh()

    # -- rendering ----------------------------------------------------------------------------------
    def refresh(self, columns: list[str | None] | None = None) -> None:
        """Re-render the given columns (all when ``None``) and the note chooser."""
        state = self.state
        notes = note_order(state)
        for column in columns if columns is not None else list(self.columns):
            if column in self.columns:
                self.columns[column].value = self._render_column(column, notes, state)
        hidden = self.canvas.silent_capture and not state.revealed
        self.note_choice.options = [] if hidden else [(n.text[:40], n.id) for n in notes]
        clusters = sorted({n.cluster for n in notes if n.cluster})
        self.cluster.options = clusters
        self._own_notes()

    def _render_column(self, key: str, notes: list[Any], state: Any) -> str:
        label = next(c.label.get(self.ws.lang) for c in self.canvas.columns if c.key == key)
        mine = [n for n in notes if n.column == key]
        head = f"<div class='sk' style='min-width:220px;padding:0 8px'><h3>{esc(label)}</h3>"
        if self.canvas.silent_capture and not state.revealed:
            return (
                head
                + f"<p class='muted'>{esc(self.ws.t('w.hidden_notes', count=len(mine)))}</p></div>"
            )
        if not mine:
            return head + f"<p class='muted'>{esc(self.ws.t('w.no_notes'))}</p></div>"
        show_votes = state.tallies_revealed or not self.canvas.hide_tallies_until_reveal
        groups: dict[str, list[Any]] = {}
        for note in mine:
            groups.setdefault(note.cluster or "", []).append(note)
        parts = [head]
        for cluster, members in sorted(groups.items(), key=lambda kv: kv[0]):
            if cluster:
                parts.append(f"<div class='cluster'>{esc(cluster)}</div>")
            for note in members:
                votes = f" <b>● {len(note.votes)}</b>" if show_votes and note.votes else ""
                parts.append(f"<div class='note'>{esc(note.text)}{votes}</div>")
        return "".join(parts) + "</div>"
