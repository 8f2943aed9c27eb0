"""The notebook face of the ``consent_round`` canvas: a small form and a view of its content."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...widgets._base import esc
from ...widgets.canvases import CanvasWidget
from ...widgets.roster import PersonPicker, display_name
from .logic import ConsentRoundCanvas

__all__ = ["ConsentWidget"]


class ConsentWidget(CanvasWidget[ConsentRoundCanvas]):
    """Consent round: proposal, objections with reasons, amendment, consent, decision."""

    settings_model = ConsentRoundCanvas

    def form(self) -> list[w.Widget]:
        self.proposal = w.Textarea(
            placeholder=self.ws.t("w.proposal"), layout=w.Layout(width="60%")
        )
        self.person = PersonPicker(self.ws, self.ws.t("w.author"), self.status)
        self.reason = w.Text(placeholder=self.ws.t("w.objection"), layout=w.Layout(width="40%"))
        self.objection = w.Dropdown(description=self.ws.t("w.objection")[:10])
        options = [(self.ws.t(f"w.decision.{d}"), d) for d in ("consent", "no_consent", "open")]
        self.decision = w.Dropdown(options=options)
        return [
            w.HBox(
                [
                    self.proposal,
                    w.VBox(
                        [
                            self.button(self.ws.t("w.save"), self.set_proposal, [self.proposal]),
                            self.button(self.ws.t("w.amend"), self.amend, [self.proposal]),
                        ]
                    ),
                ]
            ),
            w.HBox(
                [
                    self.person,
                    self.reason,
                    self.button(self.ws.t("w.object"), self.object, [self.reason]),
                    self.button(self.ws.t("w.consent"), self.consent),
                ]
            ),
            w.HBox([self.objection, self.button(self.ws.t("w.resolve"), self.resolve)]),
            w.HBox([self.decision, self.button(self.ws.t("w.decide"), self.decide)]),
        ]

    def set_proposal(self) -> None:
        """Store the proposal."""
        self.op("proposal_set", text=self.proposal.value)

    def amend(self) -> None:
        """Store the amended proposal."""
        self.op("proposal_amended", text=self.proposal.value)

    def object(self) -> str:
        """Record a reasoned objection."""
        return self.op("objection_recorded", self.person.person(), text=self.reason.value)

    def consent(self) -> None:
        """Record that a person consents."""
        self.op("consent_given", self.person.person())

    def resolve(self) -> None:
        """Mark the chosen objection as resolved."""
        self.op("objection_resolved", objection=self.objection.value)

    def decide(self) -> None:
        """Record the decision."""
        self.op("decision_recorded", decision=self.decision.value)

    def refresh(self) -> None:
        super().refresh()
        run = self.ws.journey.run(self.run_id)
        open_ = run.content.get("objections", {})
        self.objection.options = [
            (f"{display_name(self.ws, o['by'])}: {o['text'][:30]}", key)
            for key, o in open_.items()
            if not o["resolved"]
        ]

    def render(self, content: dict[str, Any]) -> str:
        objections = "".join(
            f"<li>{'✔' if o['resolved'] else '✘'} {esc(display_name(self.ws, o['by']))}: "
            f"{esc(o['text'])}</li>"
            for o in content["objections"]
        )
        amended = (
            f"<p><b>{esc(self.ws.t('w.amend'))}:</b> {esc(content['amended_proposal'])}</p>"
            if content["amended_proposal"]
            else ""
        )
        decision = esc(self.ws.t(f"w.decision.{content['decision']}"))
        return (
            f"<p><b>{esc(self.ws.t('w.proposal'))}:</b> {esc(content['proposal'])}</p>{amended}"
            f"<ul>{objections}</ul>"
            f"<p>✔ {esc(', '.join(display_name(self.ws, p) for p in content['consenting']))}</p>"
            f"<p><b>{decision}</b></p>"
        )
