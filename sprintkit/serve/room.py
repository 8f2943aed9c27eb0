"""The room a server serves: one journey, its devices, and what each of them may see.

Everything here is synchronous and runs on one worker thread of the app (the journey and its
SQLite connections are not shared between threads). Privacy is decided here, once: before a
board run is revealed a device sees only its own notes, the projector only counts. What is
shown is worded in the language asked for (``lang``); a refusal is a :class:`Refused` carrying
a :class:`~sprintkit.i18n.Message`, worded in the reader's language when it is sent.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SprintkitError
from ..i18n import Message, t
from .devices import Device, Devices, RateLimit, device_file, device_map, new_code, normalise_code

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Journey
    from ..model.state import RunState
    from .faces import PhoneFace

__all__ = [
    "Refused",
    "Room",
    "Outcome",
    "device_file",
    "WRONG_CODES_PER_ADDRESS",
    "WRONG_CODES_IN_ALL",
]

#: what one command of a batch came to: ``(True, its result)`` or ``(False, its exception)``
Outcome = tuple[bool, Any]

#: the stages in which every note of the stage's run is shown
OPEN_STAGES = ("reveal", "vote", "result")
#: wrong join codes a minute from one client address before it is told to wait (phones in a
#: school or town hall share one address behind NAT, so this is generous)
WRONG_CODES_PER_ADDRESS = 20
#: wrong join codes a minute from all addresses together before every join waits: with about
#: 40 bits in a code, 60 guesses a minute would need ~13,000 years on average
WRONG_CODES_IN_ALL = 60


class Refused(SprintkitError):
    """A request the room refuses: an HTTP status and a message, worded for whoever reads it.

    ``message`` is a :class:`~sprintkit.i18n.Message` or an engine refusal (a
    :class:`~sprintkit.errors.SprintkitError`, whose message is kept), so ``text(lang)`` words
    it in the language of the device or page that asked.
    """

    def __init__(
        self, status: int, message: Message | SprintkitError, *, removed: bool = False
    ) -> None:
        """Refuse with ``status`` and ``message`` (``removed``: the device's person was)."""
        super().__init__(message.message if isinstance(message, SprintkitError) else message)
        self.status, self.removed = status, removed


class Room:
    """One journey served to phones and a projector."""

    def __init__(
        self,
        casus: Any,
        store: Path | str,
        journey_id: str,
        code: str | None,
        lang: str = "nl",
    ):
        """Remember where the journey is; it is opened on first use, on the worker thread.

        ``store`` is the store's file or ``postgresql://`` URL. ``lang`` is the room's
        language: pages and devices that ask for none get it.
        """
        from ..stores import is_url

        self.casus, self.journey_id = casus, journey_id
        self.store: str | Path = store if is_url(store) else Path(store)
        self.lang = lang
        raw = normalise_code(code)  # a given code is shown as XXXX-XXXX too
        self.code = f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else (raw or new_code())
        self._journey: Journey | None = None
        self._devices: Devices | None = None
        self._in_request = self._caught_up = False
        #: the journey's newest ``seq`` the store told of (set by the server's watcher when
        #: the store pushes changes, PostgreSQL's LISTEN/NOTIFY); ``None``: every request
        #: catches up (SQLite, or while the watcher is not listening)
        self.heard: int | None = None
        self.join_limit = RateLimit(WRONG_CODES_PER_ADDRESS)
        self.guess_limit = RateLimit(WRONG_CODES_IN_ALL)
        self.post_limit = RateLimit(30)

    @property
    def journey(self) -> Journey:
        """The journey, caught up with what other writers appended.

        Outside :meth:`request` every use catches up; inside, the first use does and the
        others see the same state (a command still catches up under its write lock). With a
        store that tells of its changes, the first use reads nothing when the journey already
        has the newest change heard (:attr:`heard`).
        """
        if self._journey is None:
            self._open()
        elif not self._in_request:
            self._journey.refresh()
        elif not self._caught_up and not self._up_to_date(self._journey):
            self._journey.refresh()
        self._caught_up = True
        assert self._journey is not None
        return self._journey

    def _up_to_date(self, journey: Journey) -> bool:
        """Whether the journey has the newest change the store told of (no read needed)."""
        heard = self.heard
        return heard is not None and journey.last_seq >= heard

    def _open(self) -> Journey:
        if self._journey is None:
            from ..workspace import open_journey

            self._journey = open_journey(self.casus, self.journey_id, store=self.store)
        return self._journey

    @contextmanager
    def request(self) -> Iterator[None]:
        """One request's work: the journey is caught up once, at its first use.

        A page or poll looks at the journey many times (the stage, its run, the face, the
        budget); each look was a read of the store, which costs a round trip to a PostgreSQL
        server. One read per request shows the same state: what other writers append after
        it is seen by the next request, as it would be a moment later anyway.

        With a store that pushes changes even that read is skipped when the journey's
        ``last_seq`` is already the newest ``seq`` the store told of (:attr:`heard`; the
        room's own commands move ``last_seq`` themselves): a change is seen by every request
        that starts after its notification arrived.
        """
        self._in_request, self._caught_up = True, False
        try:
            yield
        finally:
            self._in_request = False

    @contextmanager
    def command(self) -> Iterator[None]:
        """A request that may write: it catches up under the journey's write lock.

        The checks (the device, the stage, the budget) and the command then see the same
        state, and no other writer can change it before the command's events are stored;
        the catch-up is the transaction's own read, not one more.
        """
        with self.request(), self._open().transaction():
            self._caught_up = True
            yield

    def commands(self, works: Sequence[Callable[[], Any]]) -> list[Outcome]:
        """Run several commands in ONE transaction (group commit); each one's outcome.

        The commands run in order under one lock, one catch-up read and one commit, each one's
        checks seeing what the ones before it appended. A :class:`Refused` command wrote
        nothing (every command checks before it appends), so it is that command's outcome and
        the others go on. The outcomes are returned only after the commit did: an accepted
        command's events are stored when its caller hears of it.

        Anything else going wrong (an unexpected exception, a refusal after an append, the
        commit itself failing) rolls the whole transaction back (the journey forgets what the
        batch applied) and the commands run again one by one, each in its own transaction, so
        only the failing one fails.
        """
        if len(works) > 1:
            try:
                return self._together(works)
            except Exception as exc:  # noqa: BLE001 - rolled back: each alone says what went wrong
                from .._failure_log import record

                record(exc, "a batch of participant commands (run again one by one)")
        return [self._alone(work) for work in works]

    def _together(self, works: Sequence[Callable[[], Any]]) -> list[Outcome]:
        out: list[Outcome] = []
        with self.command():
            journey = self.journey
            for work in works:
                seq = journey.last_seq
                try:
                    out.append((True, work()))
                except Refused as exc:
                    if journey.last_seq != seq:
                        raise  # refused after appending: not a clean refusal, roll back
                    out.append((False, exc))
        return out

    def _alone(self, work: Callable[[], Any]) -> Outcome:
        try:
            with self.command():
                return True, work()
        except Exception as exc:  # noqa: BLE001 - handed to the caller, who raises it
            return False, exc

    @property
    def devices(self) -> Devices:
        """The device map of the store: a file beside it, or a table in its database."""
        if self._devices is None:
            self._devices = device_map(self.journey.store, self.journey_id)
        return self._devices

    def close(self) -> None:
        """Close the store and the device map."""
        if self._journey is not None:
            self._journey.store.close()  # type: ignore[attr-defined]
        if self._devices is not None:
            self._devices.close()

    # -- joining ----------------------------------------------------------------------------
    def code_ok(self, given: str | None, client: str) -> bool:
        """Check a typed code from ``client`` (an address); ``False`` for a wrong one.

        Two limits on wrong codes, both over a sliding minute. While all addresses together
        typed :data:`WRONG_CODES_IN_ALL` wrong codes, every join waits, the right code too,
        and no code is compared: a lock that still let the right code in would tell a guesser
        which guess was right, and so limit nothing. An address past
        :data:`WRONG_CODES_PER_ADDRESS` gets "wait a minute" (429) for each further wrong
        code, but the right code still lets a phone in: behind NAT one address is a whole
        room, and one person's typos must not keep the others out. Guessing stays bounded
        because every wrong code also counts in the global limit.
        """
        if self.guess_limit.blocked("*"):
            raise Refused(429, Message("serve.join_locked"))
        if hmac.compare_digest(normalise_code(given), normalise_code(self.code)):
            return True
        self.guess_limit.hit("*")
        if not self.join_limit.hit(client):
            raise Refused(429, Message("serve.too_many_codes"))
        return False

    def join(self, name: str | None, lang: str | None = None) -> tuple[str, Device]:
        """Put a new participant on the roster; returns the device token and device.

        Without a name the participant is "Deelnemer N" (in ``lang``, the device's language).
        """
        name = " ".join((name or "").split())[:60]
        if not name:
            name = t("serve.anonymous", lang or self.lang, number=self.devices.count() + 1)
        person = self.journey.add_person(name)
        return self.devices.add(person)

    def device(self, token: str | None) -> Device:
        """The device behind a cookie; refused when unknown or its person was removed."""
        device = self.devices.get(token)
        if device is None:
            raise Refused(403, Message("serve.not_joined"))
        person = self.journey.state.roster.get(device.person)
        if person is None or person.removed:
            raise Refused(403, Message("serve.removed"), removed=True)
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

    def votes_per_person(self, run: RunState) -> int:
        """The dots each person has on a board run (0: this work form does not vote)."""
        from ..kinds.board.logic import BoardCanvas

        return self.journey.spec(run.id).canvas_as(BoardCanvas).votes_per_person

    def budget(self, run: RunState, person: str) -> int:
        """How many votes ``person`` has left on a board run."""
        from ..kinds.board.logic import votes_used

        return max(0, self.votes_per_person(run) - votes_used(run, person))

    def stand(self, device: Device, lang: str) -> dict[str, Any]:
        """What one device may see (in ``lang``): the stage, its run, its notes, its budget."""
        journey = self.journey
        stage = journey.state.stage
        out: dict[str, Any] = {"seq": journey.last_seq, "stage": stage.stage, "run": stage.run}
        out |= {"board": False, "notes": [], "budget": None, "me": device.person}
        found = self.phone_face()
        if found is not None:
            current, phone = found
            out["kind"] = current.canvas
            out["phone"] = phone.view(journey, current, device.person, stage.stage, lang)
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
        out["voting"] = self.votes_per_person(run) > 0
        return out

    def screen(self, lang: str) -> dict[str, Any]:
        """What the projector shows (in ``lang``): stage, work form, timer, counts, results.

        A kind with a phone face adds its own projector view (``face``: what
        :meth:`~sprintkit.serve.faces.PhoneFace.screen` returns; the consent round's counts,
        the A/B tally, the grid), which, like everything here, names nobody.
        """
        journey = self.journey
        stage = journey.state.stage
        out: dict[str, Any] = {"seq": journey.last_seq, "stage": stage.stage, "run": stage.run}
        out |= {"code": self.code, "workform": None, "steps": [], "ends": None, "notes": []}
        run = journey.state.runs.get(stage.run or "")
        if run is not None:
            spec = journey.spec(run.id)
            out["workform"] = spec.name.get(lang)
            out["steps"] = [s.get(lang) for s in spec.steps]
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
        found = self.phone_face() if stage.stage != "join" else None
        if found is not None:
            current, face = found
            out["kind"] = current.canvas
            out["face"] = face.screen(journey, current, stage.stage, lang)
        out["result"] = self._result(lang) if stage.stage == "result" else []
        out["questions"] = self._questions(lang) if stage.stage == "result" else []
        out["marks"] = self._marks(lang) if stage.stage == "result" else []
        return out

    def _screen_phase(self) -> int | None:
        """The phase on the screen: the stage's run's phase, else the journey's current one."""
        journey = self.journey
        run = journey.state.runs.get(journey.state.stage.run or "")
        return run.phase if run is not None else journey.current_phase

    def _marks(self, lang: str) -> list[str]:
        """The provenance marks of the phase whose result is on the screen."""
        from ..provenance import phase_marks

        journey, number = self.journey, self._screen_phase()
        return [m.text(lang) for m in phase_marks(journey.method, number)] if number else []

    def _questions(self, lang: str) -> list[dict[str, str]]:
        """The key factor questions of the phase, asked of the room at closing."""
        journey, number = self.journey, self._screen_phase()
        if number is None:
            return []
        return [
            {"factor": f.name.get(lang), "question": f.prompts[number].get(lang)}
            for f in journey.method.key_factors
            if number in f.prompts
        ]

    def _result(self, lang: str) -> list[dict[str, str]]:
        journey, number = self.journey, self._screen_phase()
        if number is None:
            return []
        spec = journey.method.phase(number).result
        values = journey.state.phase(number).result
        return [
            {"label": f.label.get(lang), "value": _plain(values[f.key])}
            for f in spec.fields
            if values.get(f.key) not in (None, "", [], {})
        ]

    # -- commands ----------------------------------------------------------------------------
    def add_note(self, device: Device, text: str, personal: bool) -> str:
        """Add a note to the stage's board run (only during capture)."""
        from ..kinds.board.actions import add_note

        run = self.board_run()
        if run is None or self.journey.state.stage.stage != "capture":
            raise Refused(409, Message("serve.not_capturing"))
        text = " ".join((text or "").split())
        if len(text) > 500:
            raise Refused(400, Message("serve.note_too_long", limit=500))
        try:
            return add_note(self.journey, run.id, text, author=device.person, personal=personal)
        except SprintkitError as exc:
            raise Refused(409, exc) from None

    def canvas_act(self, device: Device, fields: dict[str, str]) -> dict[str, Any]:
        """A form from the phone face of the stage's run, made into the kind's command."""
        found = self.phone_face()
        if found is None:
            raise Refused(409, Message("serve_kinds.not_now"))
        run, phone = found
        fields = {k: v for k, v in fields.items() if k != "csrf"}
        try:
            stage = self.journey.state.stage.stage
            return phone.act(self.journey, run, device.person, stage, fields)
        except SprintkitError as exc:
            raise Refused(409, exc) from None

    def vote(self, device: Device, note: str) -> None:
        """Cast one vote on a note of the stage's board run (only during voting)."""
        from ..kinds.board.actions import vote

        run = self.board_run()
        if run is None or self.journey.state.stage.stage != "vote":
            raise Refused(409, Message("serve.not_voting"))
        if note in run.notes and self.budget(run, device.person) == 0:
            raise Refused(409, Message("serve.no_votes_left"))
        try:
            vote(self.journey, run.id, note, device.person)
        except SprintkitError as exc:
            raise Refused(409, exc) from None


def _ordered(run: RunState) -> list[Any]:
    from ..kinds.board.logic import note_order

    return note_order(run)


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)
