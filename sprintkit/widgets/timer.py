"""A countdown per work form: start, pause, extend; planned vs actual minutes are recorded."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ._base import Workshop, esc

__all__ = ["Countdown", "TimerWidget"]


class Countdown:
    """Pure countdown logic with an injectable clock (seconds)."""

    def __init__(self, minutes: float, clock: Callable[[], float] = time.monotonic):
        self.total = minutes * 60.0
        self.clock = clock
        self.elapsed_before = 0.0
        self.started_at: float | None = None

    @property
    def running(self) -> bool:
        """Whether the clock runs."""
        return self.started_at is not None

    def start(self) -> None:
        """Start or resume."""
        if self.started_at is None:
            self.started_at = self.clock()

    def pause(self) -> None:
        """Pause, keeping the elapsed time."""
        if self.started_at is not None:
            self.elapsed_before += self.clock() - self.started_at
            self.started_at = None

    def extend(self, minutes: float) -> None:
        """Add time."""
        self.total += minutes * 60.0

    def elapsed(self) -> float:
        """Seconds used so far."""
        running = self.clock() - self.started_at if self.started_at is not None else 0.0
        return self.elapsed_before + running

    def remaining(self) -> float:
        """Seconds left (negative when over time)."""
        return self.total - self.elapsed()

    def label(self) -> str:
        """``mm:ss`` left, with a minus sign when over time."""
        left = self.remaining()
        sign = "-" if left < 0 else ""
        minutes, seconds = divmod(int(abs(left)), 60)
        return f"{sign}{minutes:02d}:{seconds:02d}"


class TimerWidget(w.HBox):
    """Start, pause, +5 minutes and done; 'done' records the actual minutes of the run."""

    def __init__(self, ws: Workshop, run: str, planned_minutes: int, tick: bool = True):
        self.ws, self.run_id, self.planned = ws, run, planned_minutes
        self.countdown = Countdown(planned_minutes)
        self.display = w.HTML()
        self.status = w.HTML()
        self._tick = tick
        self._thread: threading.Thread | None = None
        buttons = []
        for key, action in (
            ("w.start", self.start),
            ("w.pause", self.pause),
            ("w.extend", self.extend),
            ("w.stop", self.stop),
        ):
            button = w.Button(description=ws.t(key))
            button.on_click(ws.guard(lambda _, a=action: a(), self.status))
            buttons.append(button)
        super().__init__([self.display, *buttons, self.status])
        self.add_class("sk")
        self.render()

    def render(self) -> None:
        """Show the time left."""
        colour = "#a40000" if self.countdown.remaining() < 0 else "#111"
        self.display.value = (
            f"<span style='font-size:40px;color:{colour}'>{esc(self.countdown.label())}</span>"
        )

    def start(self) -> None:
        """Start the countdown (a background tick refreshes the display every second)."""
        self.countdown.start()
        if self._tick and self._thread is None:
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()
        self.render()

    def _loop(self) -> None:
        while self.countdown.running:
            self.render()
            time.sleep(1)
        self._thread = None

    def pause(self) -> None:
        """Pause."""
        self.countdown.pause()
        self.render()

    def extend(self) -> None:
        """Five more minutes."""
        self.countdown.extend(5)
        self.render()

    def stop(self) -> float:
        """Stop and record the actual minutes in the journey."""
        self.countdown.pause()
        actual = round(self.countdown.elapsed() / 60.0, 1)
        self.ws.journey.time_run(self.run_id, actual)
        self.status.value = esc(self.ws.t("w.planned", planned=self.planned, actual=actual))
        self.render()
        return actual

    def __del__(self) -> Any:  # stop the tick thread with the widget
        self.countdown.started_at = None
