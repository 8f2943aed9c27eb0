"""The roster in a notebook: a person chooser for canvas forms, and the roster panel.

:class:`PersonPicker` is the "who" field of a form (the board's author and voter, the consent
round's person): a choice from the roster that also takes a typed name, with a button that
puts a new person on the roster in the same step. :class:`RosterPanel` lists the people in
the room and adds, edits and removes them. Both are thin: every click is a journey command,
and they re-render from the journey (and tell the workshop, so other pickers follow).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..engine.roster import normalise
from ..model import OrganisationKind
from ..model.state import PersonState
from ._base import Workshop, esc

__all__ = ["PersonPicker", "RosterPanel", "roster_html", "display_name"]


def _labels(people: list[PersonState]) -> dict[str, str]:
    """One label per person: the display name, with the id when two people share a name."""
    counts: dict[str, int] = {}
    for person in people:
        counts[normalise(person.name)] = counts.get(normalise(person.name), 0) + 1
    return {
        (p.name if counts[normalise(p.name)] == 1 else f"{p.name} ({p.id})"): p.id for p in people
    }


def display_name(ws: Workshop, ident: str | None) -> str:
    """How a person is shown: the roster's display name, a casus actor's name, or as stored."""
    if ident is None:
        return "-"
    person = ws.journey.state.roster.get(ident)
    if person is not None:
        return person.name
    return ws.journey.casus.party_names().get(ident, ident)


class PersonPicker(w.HBox):
    """Choose a person from the roster or type a name; "+ persoon" adds the typed name.

    ``value`` is what the field shows (settable, as in tests); :meth:`person` is what a
    command gets: the roster id of a chosen label, else the typed text (which the journey
    resolves, or keeps as typed when it has no roster).
    """

    def __init__(self, ws: Workshop, placeholder: str, status: w.HTML | None = None):
        self.ws = ws
        self.combo = w.Combobox(placeholder=placeholder, ensure_option=False)
        self.add_button = w.Button(description=ws.t("roster.w.add_short"))
        self.add_button.on_click(ws.guard(self._add, status))
        self._status = status
        self._ids: dict[str, str] = {}
        super().__init__([self.combo, self.add_button])
        self.refresh()
        ws.on_change(self.refresh)

    @property
    def value(self) -> str:
        """The text in the field."""
        return str(self.combo.value)

    @value.setter
    def value(self, text: str) -> None:
        self.combo.value = text

    def person(self) -> str | None:
        """The roster id chosen, or the typed name; ``None`` when empty."""
        text = self.value.strip()
        return self._ids.get(text, text) or None

    def refresh(self) -> None:
        """Offer the people now on the roster."""
        self._ids = _labels(self.ws.journey.people())
        self.combo.options = list(self._ids)

    def _add(self, _: Any = None) -> str:
        """Put the typed name on the roster (or choose the person who has it) and select them."""
        name = " ".join(self.value.split())
        journey = self.ws.journey
        same = [p for p in journey.people() if normalise(name) in (normalise(p.name), p.id)]
        if len(same) == 1 or self.value in self._ids:
            ident = self._ids.get(self.value) or same[0].id
            message = self.ws.t("roster.already_there", name=journey.person(ident).name)
        else:
            ident = journey.add_person(name)
            message = self.ws.t("roster.added", name=name)
            self.ws.changed()  # every picker and the roster panel offer the new person
        self.refresh()
        self.value = next(label for label, i in self._ids.items() if i == ident)
        if self._status is not None:
            self._status.value = f"<span class='ok'>{esc(message)}</span>"
        return ident


def roster_html(ws: Workshop) -> str:
    """The roster as an escaped HTML list (also the static view of the panel)."""
    journey = ws.journey
    people = journey.people(removed=True)
    title = f"<h3>{esc(ws.t('roster.title'))}</h3>"
    if not people:
        return f"{title}<p class='muted'>{esc(ws.t('roster.empty'))}</p>"
    orgs = {o.id: o.name for o in journey.casus.organisations}
    actors = {a.id: a.name for a in journey.casus.actors}
    rows = []
    for p in people:
        parts = [orgs.get(p.organisation or "", p.organisation or ""), p.role or ""]
        if p.plays:
            parts.append(f"{ws.t('roster.w.plays')}: {actors.get(p.plays, p.plays)}")
        if p.trainee:
            kind = f" ({ws.t(f'org_kind.{p.own_kind}')})" if p.own_kind else ""
            parts.append(f"{ws.t('roster.w.own')}: {p.own_organisation or ''}{kind}".strip())
        details = ", ".join(esc(x) for x in parts if x)
        gone = f" <span class='muted'>{esc(ws.t('roster.w.removed'))}</span>" if p.removed else ""
        rows.append(f"<li><b>{esc(p.name)}</b> <code>{esc(p.id)}</code> {details}{gone}</li>")
    count = esc(ws.t("roster.count", count=len(journey.people())))
    return f"{title}<p>{count}</p><ul>{''.join(rows)}</ul>"


class RosterPanel(w.VBox):
    """The people in the room: a list, a form to add one, and edit/remove for a chosen one."""

    def __init__(self, ws: Workshop):
        self.ws = ws
        journey = ws.journey
        self.view, self.status = w.HTML(), w.HTML()
        self.name = w.Text(placeholder=ws.t("roster.w.name"))
        self.organisation = w.Combobox(
            placeholder=ws.t("roster.w.organisation"),
            options=[o.name for o in journey.casus.organisations],
            ensure_option=False,
        )
        self.role = w.Text(placeholder=ws.t("roster.w.role"))
        self.plays = w.Dropdown(
            description=ws.t("roster.w.plays"),
            options=[(ws.t("roster.w.nobody_played"), "")]
            + [(a.name, a.id) for a in journey.casus.actors],
            style={"description_width": "initial"},
        )
        self.own_organisation = w.Text(placeholder=ws.t("roster.w.own_organisation"))
        self.own_kind = w.Dropdown(
            description=ws.t("roster.w.own_kind"),
            options=[(ws.t("roster.w.no_kind"), "")]
            + [(ws.t(f"org_kind.{k.value}"), k.value) for k in OrganisationKind],
        )
        self.add_button = w.Button(description=ws.t("roster.w.add"), button_style="primary")
        typed = [self.name, self.organisation, self.role, self.own_organisation]
        self.add_button.on_click(ws.guard(self.add, self.status, saves=typed))
        self.unsaved = w.HTML()
        for field in typed:
            ws.watch_unsaved(field, self.unsaved)
        self.chosen = w.Dropdown(description=ws.t("roster.w.who"))
        self.chosen.observe(ws.guard(lambda _: self._load(), self.status), names="value")
        self.save_button = w.Button(description=ws.t("roster.w.save"))
        self.save_button.on_click(ws.guard(self.save, self.status, ws.t("w.saved")))
        self.remove_button = w.Button(description=ws.t("roster.w.remove"))
        self.remove_button.on_click(ws.guard(self.remove, self.status, ws.t("w.saved")))
        form = w.HBox(
            [self.name, self.organisation, self.role, self.plays, self.unsaved],
            layout=w.Layout(flex_flow="row wrap"),
        )
        own = w.HBox([self.own_organisation, self.own_kind], layout=w.Layout(flex_flow="row wrap"))
        actions = w.HBox([self.add_button, self.chosen, self.save_button, self.remove_button])
        super().__init__([self.view, form, own, actions, self.status])
        self.add_class("sk")
        self.refresh()
        ws.on_change(self.refresh)

    def _details(self) -> dict[str, str | None]:
        return {
            "organisation": self.organisation.value.strip() or None,
            "role": self.role.value.strip() or None,
            "plays": self.plays.value or None,
            "own_organisation": self.own_organisation.value.strip() or None,
            "own_kind": self.own_kind.value or None,
        }

    def add(self, _: Any = None) -> str:
        """Put the person in the form on the roster; returns their id."""
        ident = self.ws.journey.add_person(self.name.value, **self._details())
        self.status.value = (
            f"<span class='ok'>{esc(self.ws.t('roster.added', name=self.name.value))}</span>"
        )
        self.name.value = self.role.value = self.organisation.value = ""
        self.own_organisation.value = self.plays.value = self.own_kind.value = ""
        self.ws.changed()
        return ident

    def save(self, _: Any = None) -> None:
        """Store the form as the chosen person's details."""
        if self.chosen.value:
            name = self.name.value or self.ws.journey.person(self.chosen.value).name
            self.ws.journey.edit_person(self.chosen.value, name=name, **self._details())
            self.ws.mark_saved(self.name, self.organisation, self.role, self.own_organisation)
            self.ws.changed()

    def remove(self, _: Any = None) -> None:
        """Take the chosen person off the roster (what they did keeps their name)."""
        if self.chosen.value:
            self.ws.journey.remove_person(self.chosen.value)
            self.ws.changed()

    def refresh(self) -> None:
        """Re-render the list and the chooser."""
        self.view.value = roster_html(self.ws)
        current = self.chosen.value
        options = [(label, i) for label, i in _labels(self.ws.journey.people()).items()]
        self.chosen.options = [(self.ws.t("roster.w.choose"), "")] + options
        self.chosen.value = current if current in {i for _, i in options} else ""

    def _load(self) -> None:
        """Show the chosen person's details in the form, ready to edit."""
        if not self.chosen.value:
            return
        person = self.ws.journey.person(self.chosen.value)
        orgs = {o.id: o.name for o in self.ws.journey.casus.organisations}
        self.name.value, self.role.value = person.name, person.role or ""
        self.organisation.value = orgs.get(person.organisation or "", person.organisation or "")
        self.plays.value = person.plays or ""
        self.own_organisation.value = person.own_organisation or ""
        self.own_kind.value = person.own_kind or ""
        self.ws.mark_saved(self.name, self.organisation, self.role, self.own_organisation)
