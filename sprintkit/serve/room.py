"""The room a server serves: one journey, its devices, and what each of them may see.

Everything here is synchronous and runs on one worker thread of the app (the journey and its
SQLite connections are not shared between threads). Privacy is decided here, once: before a
board run is revealed a device sees only its own notes, the projector only counts.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SprintkitError
from ..i18n import t
from .devices import Device, DeviceMap, RateLimit, new_code, normalise_code

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Journey
    from ..model.state import RunState
    from .faces import PhoneFace

__all__ = ["Refused", "Room", "device_file"]

#: the stages in which every note of the stage's run is shown
OPEN_STAGES = ("reveal", "vote", "result")


class Refused(Exception):
    """A request the room refuses: an HTTP status and a Dutch message."""

    def __init__(self, status: int, message: str, *, removed: bool = False):
        """Refuse with ``status`` and ``message`` (``removed``: the device's person was)."""
        super().__init__(message)
        self.status, self.message, self.removed = status, message, removed


def device_file(store_path: Path | str) -> Path:
    """Where the device map of a store lives: beside it (``sessies.sqlite.apparaten``)."""
    path = Path(store_path)
    return path.with_name(path.name + ".apparaten")


class Room:
    """One journey served to phones and a projector."""

    def __init__(self, casus: Any, store_path: Path | str, journey_id: str, code: str | None):
        """Remember where the journey is; it is opened on first use, on the worker thread."""
        self.casus, self.store_path, self.journey_id = casus, Path(store_path), journey_id
        raw = normalise_code(code)  # a given code is shown as XXXX-XXXX too
        self.code = f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else (raw or new_code())
        self._journey: Journey | None = None
        self._devices: DeviceMap | None = None
        self.join_limit = RateLimit(5)
        self.post_limit = RateLimit(30)

    @property
    def journey(self) -> Journey:
        """The journey, caught up with what other writers appended."""
        if self._journey is None:
            from ..workspace import open_journey

            self._journey = open_journey(self.casus, self.journey_id, store=self.store_path)
        else:
            self._journey.refresh()
        return self._journey

    @property
    def devices(self) -> DeviceMap:
        """The device map beside the store."""
        if self._devices is None:
            self._devices = DeviceMap(device_file(self.store_path), self.journey_id)
        return self._devices

    def close(self) -> None:
        """Close the store and the device map."""
        if self._journey is not None:
            self._journey.store.close()  # type: ignore[attr-defined]
        if self._devices is not None:
            self._devices.close()

    # -- joining ----------------------------------------------------------------------------
    def code_ok(self, given: str | None, client: str) -> bool:
        """Check a typed code; a client with 5 wrong codes in a minute is refused (429)."""
        if self.join_limit.blocked(client):
            raise Refused(429, t("serve.too_many_codes", None))
        if hmac.compare_digest(normalise_code(given), normalise_code(self.code)):
            return True
        self.join_limit.hit(client)
        return False

    def join(self, name: str | None) -> tuple[str, Device]:
        """Put a new participant on the roster; returns the device token and device."""
        name = " ".join((name or "").split())[:60]
        if not name:
            name = t("serve.anonymous", None, number=self.devices.count() + 1)
        person = self.journey.add_person(name)
        return self.devices.add(person)

    def device(self, token: str | None) -> Device:
        """The device behind a cookie; refused when unknown or its person was removed."""
        device = self.devices.get(token)
        if device is None:
            raise Refused(403, t("serve.not_joined", None))
        person = self.journey.state.roster.get(device.person)
        if person is None or person.removed:
            raise Refused(403, t("serve.removed", None), removed=True)
        return device

    # -- what is shown -----------------------------------------------------------------------
    def board_run(self) -> RunState | None:
        """The run the stage is about, when it is a board (the one kind phones serve so far)."""
        from ..kinds.board.logic import Board

        stage = self.journey.state.stage
        run = self.journey.state.runs.get(stage.run or "")
        return run if run is not None and run.canvas == Board.kind else None

    def phone_face(self) -> tuple[RunState, PhoneFace] | None:
        """The stage's run and its kind's phone face, when the kind has one."""
        from ..canvas import canvas_kind, face

        run = self.journey.state.runs.get(self.journey.state.stage.run or "")
        path = canvas_kind(run.canvas).phone if run is not None else None
        if run is None or path is None:
            return None
        phone: PhoneFace = face(path)  # type: ignore[assignment]
        return run, phone

    def _all_visible(self, run: RunState) -> bool:
        return run.revealed or self.journey.state.stage.stage in OPEN_STAGES

    def budget(self, run: RunState, person: str) -> int:
        """How many votes ``person`` has left on a board run."""
        from ..kinds.board.logic import BoardCanvas, votes_used

        canvas = self.journey.spec(run.id).canvas_as(BoardCanvas)
        return max(0, canvas.votes_per_person - votes_used(run, person))

    def stand(self, device: Device) -> dict[str, Any]:
        """What one device may see: the stage, its run, the notes it may see, its budget."""
        journey = self.journey
        stage = journey.state.stage
        out: dict[str, Any] = {"seq": journey.last_seq, "stage": stage.stage, "run": stage.run}
        out |= {"board": False, "notes": [], "budget": None, "me": device.person}
        found = self.phone_face()
        if found is not None:
            current, phone = found
            out["kind"] = current.canvas
            out["phone"] = phone.view(journey, current, device.person, stage.stage)
        run = self.board_run()
        if run is None:
            return out
        out["board"] = True
        show_all = self._all_visible(run)
        tallies = run.tallies_revealed
        out["notes"] = [
            {
                "id": n.id,
                "text": n.text,
                "own": n.author == device.person,
                "personal": n.personal,
                "my_vote": device.person in n.votes,
                **({"votes": len(n.votes)} if tallies else {}),
            }
            for n in _ordered(run)
            if show_all or n.author == device.person
        ]
        out["budget"] = self.budget(run, device.person)
        return out

    def screen(self) -> dict[str, Any]:
        """What the projector shows: stage, work form, timer, counts or notes, results."""
        journey = self.journey
        stage = journey.state.stage
        out: dict[str, Any] = {"seq": journey.last_seq, "stage": stage.stage, "run": stage.run}
        out |= {"code": self.code, "workform": None, "steps": [], "ends": None, "notes": []}
        run = journey.state.runs.get(stage.run or "")
        if run is not None:
            spec = journey.spec(run.id)
            out["workform"] = spec.name.get("nl")
            out["steps"] = [s.get("nl") for s in spec.steps]
            if stage.since and run.planned_minutes:
                start = datetime.fromisoformat(stage.since)
                out["ends"] = (start + timedelta(minutes=run.planned_minutes)).isoformat()
        board = self.board_run()
        if board is not None:
            out["count"] = len(board.notes)
            if self._all_visible(board):
                out["notes"] = [
                    {"id": n.id, "text": n.text, "votes": len(n.votes)} for n in _ordered(board)
                ]
            out["tallies"] = board.tallies_revealed
        out["result"] = self._result() if stage.stage == "result" else []
        out["questions"] = self._questions() if stage.stage == "result" else []
        return out

    def _questions(self) -> list[dict[str, str]]:
        """The key factor questions of the phase, asked of the room at closing."""
        journey = self.journey
        run = journey.state.runs.get(journey.state.stage.run or "")
        number = run.phase if run is not None else journey.current_phase
        if number is None:
            return []
        return [
            {"factor": f.name.get("nl"), "question": f.prompts[number].get("nl")}
            for f in journey.method.key_factors
            if number in f.prompts
        ]

    def _result(self) -> list[dict[str, str]]:
        journey = self.journey
        run = journey.state.runs.get(journey.state.stage.run or "")
        number = run.phase if run is not None else journey.current_phase
        if number is None:
            return []
        spec = journey.method.phase(number).result
        values = journey.state.phase(number).result
        return [
            {"label": f.label.get("nl"), "value": _plain(values[f.key])}
            for f in spec.fields
            if values.get(f.key) not in (None, "", [], {})
        ]

    # -- commands ----------------------------------------------------------------------------
    def add_note(self, device: Device, text: str, personal: bool) -> str:
        """Add a note to the stage's board run (only during capture)."""
        from ..kinds.board.actions import add_note

        run = self.board_run()
        if run is None or self.journey.state.stage.stage != "capture":
            raise Refused(409, t("serve.not_capturing", None))
        text = " ".join((text or "").split())
        if len(text) > 500:
            raise Refused(400, t("serve.note_too_long", None, limit=500))
        try:
            return add_note(self.journey, run.id, text, author=device.person, personal=personal)
        except SprintkitError as exc:
            raise Refused(409, str(exc)) from None

    def canvas_act(self, device: Device, fields: dict[str, str]) -> dict[str, Any]:
        """A form from the phone face of the stage's run, made into the kind's command."""
        found = self.phone_face()
        if found is None:
            raise Refused(409, t("serve_kinds.not_now", None))
        run, phone = found
        fields = {k: v for k, v in fields.items() if k != "csrf"}
        try:
            stage = self.journey.state.stage.stage
            return phone.act(self.journey, run, device.person, stage, fields)
        except SprintkitError as exc:
            raise Refused(409, str(exc)) from None

    def vote(self, device: Device, note: str) -> None:
        """Cast one vote on a note of the stage's board run (only during voting)."""
        from ..kinds.board.actions import vote

        run = self.board_run()
        if run is None or self.journey.state.stage.stage != "vote":
            raise Refused(409, t("serve.not_voting", None))
        if note in run.notes and self.budget(run, device.person) == 0:
            raise Refused(409, t("serve.no_votes_left", None))
        try:
            vote(self.journey, run.id, note, device.person)
        except SprintkitError as exc:
            raise Refused(409, str(exc)) from None


def _ordered(run: RunState) -> list[Any]:
    from ..kinds.board.logic import note_order

    return note_order(run)


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)
