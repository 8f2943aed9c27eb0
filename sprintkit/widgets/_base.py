"""Shared pieces of every widget: the workshop context, the log pane and safe callbacks."""

from __future__ import annotations

import asyncio
import html
import threading
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from .._failure_log import unexpected
from ..engine import Journey
from ..errors import SprintkitError
from ..i18n import t
from ..model import Lang

__all__ = ["Workshop", "esc", "PROJECTOR_CSS"]

#: Large, high-contrast text for a projector; widgets add the class "sk".
#: ipywidgets size every control, label and HTML view with ``--jp-widgets-font-size`` (13 px),
#: so the variables are set on ``.sk`` and reach everything inside; buttons grow to their
#: label and rows of controls wrap instead of cutting a label off (1280 px beamers).
PROJECTOR_CSS = """
<style>
.sk { --jp-widgets-font-size: 18px; --jp-widgets-inline-height: 34px;
      --jp-widgets-inline-label-width: 140px; font-size: 18px; }
.sk input, .sk textarea, .sk select, .sk button, .sk table, .sk th, .sk td, .sk li, .sk p,
.sk pre, .sk code, .sk label, .sk summary { font-size: 18px !important; }
.sk small { font-size: 16px; }
.sk h2 { font-size: 28px; margin: 4px 0; } .sk h3 { font-size: 22px; margin: 4px 0; }
.sk .jupyter-button { width: auto; min-width: fit-content; overflow: visible;
                      text-overflow: clip; flex-shrink: 0; }
.sk .widget-hbox, .sk .jupyter-widget-hbox { flex-wrap: wrap; gap: 4px; }
.sk .widget-inline-hbox .widget-label { width: auto; min-width: 80px; max-width: none; }
.sk .note { background: #fff3a8; border-radius: 4px; padding: 6px 8px; margin: 4px 0;
            color: #111; box-shadow: 0 1px 2px #999; }
.sk .cluster { font-weight: bold; color: #0b4f8a; margin-top: 6px; }
.sk .gap { color: #a40000; } .sk .ok { color: #006b2d; }
.sk .muted { color: #555; font-style: italic; }
.sk .unsaved { color: #8a5a00; font-style: italic; white-space: nowrap; }
</style>
"""


def esc(text: Any) -> str:
    """Escape text a person typed before it goes into HTML."""
    return html.escape(str(text), quote=True)


class Workshop:
    """One notebook's context: the journey, the language and one log pane for messages.

    Callbacks never print into nowhere and never show a traceback: :meth:`guard` catches every
    error and shows one Dutch (or English) message in the widget's status line and the log
    pane; for an unexpected error the message names the log file that holds the traceback.
    """

    def __init__(self, journey: Journey, lang: Lang = "nl"):
        self.journey = journey
        self.lang = lang
        self.log = w.Output(layout=w.Layout(max_height="160px", overflow="auto"))
        self._listeners: list[Callable[[], None]] = []
        # watched text fields: id -> (field, the value the journey holds, its marker)
        self._saved: dict[int, tuple[w.Widget, Any, w.HTML]] = {}
        self._poller: asyncio.Task[None] | None = None
        self._listener: tuple[threading.Thread, threading.Event] | None = None

    def t(self, key: str, **values: Any) -> str:
        """A string in the workshop's language."""
        return t(key, self.lang, **values)

    def message(self, text: str) -> None:
        """Add a line to the log pane."""
        self.log.append_stdout(text.rstrip("\n") + "\n")

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every successful change (to refresh other views)."""
        self._listeners.append(listener)

    def changed(self) -> None:
        """Tell every listener the journey changed."""
        for listener in self._listeners:
            self.guard(listener)()

    def watch_unsaved(self, field: w.Widget, marker: w.HTML | None = None) -> w.HTML:
        """Show "niet opgeslagen" in ``marker`` while ``field`` holds text that is not saved.

        Saved is the field's value now (what was loaded from the journey) until
        :meth:`mark_saved` says otherwise; a guard with ``saves=[field]`` calls it after a
        successful save. Text a person typed lives only in the browser until then, and a
        kernel restart loses it: the marker says so where the text is. Several fields of one
        form may share a marker (pass it again). Returns the marker (a new ``HTML`` widget when
        none is given), for the caller to place beside the field.
        """
        marker = marker if marker is not None else w.HTML()
        self._saved[id(field)] = (field, field.value, marker)
        field.observe(lambda _: self._show_unsaved(marker), "value")
        return marker

    def _show_unsaved(self, marker: w.HTML) -> None:
        dirty = any(f.value != saved for f, saved, m in self._saved.values() if m is marker)
        marker.value = (
            f"<span class='unsaved'>{esc(self.t('console.unsaved'))}</span>" if dirty else ""
        )

    def mark_saved(self, *fields: w.Widget) -> None:
        """The fields' values are what the journey holds now: clear their "niet opgeslagen"."""
        for field in fields:
            entry = self._saved.get(id(field))
            if entry is not None:
                self._saved[id(field)] = (field, field.value, entry[2])
                self._show_unsaved(entry[2])

    def unsaved(self) -> list[w.Widget]:
        """The watched fields that hold text not yet saved."""
        return [f for f, saved, _ in self._saved.values() if f.value != saved]

    def poll_once(self) -> int:
        """One round of the poller: apply what other writers (the phones' server) stored.

        A cheap ``store.last_seq`` probe first; only when it grew is the journey refreshed and
        every listener told to re-render. Returns the number of new events. Never raises: an
        error goes to the log pane, and the next round tries again.
        """
        journey = self.journey
        try:
            if journey.store.last_seq(journey.id) <= journey.last_seq:
                return 0
            new = journey.refresh()
        except SprintkitError as exc:  # a poll runs outside any cell: nobody else would see it
            self.message(self.t("fac.poll_failed", error=exc.text(self.lang)))
            return 0
        except Exception as exc:
            self.message(self.t("fac.poll_failed", error=unexpected(exc, "poll").text(self.lang)))
            return 0
        if new:
            self.changed()
        return len(new)

    def start_polling(self, interval: float = 1.0) -> bool:
        """Bring in other writers' events: told by the store, or polled every ``interval`` s.

        A store that tells of changes itself (PostgreSQL) is listened to by one thread that
        only waits (:meth:`_listen`); otherwise an asyncio task polls on the kernel's own loop.
        Either way :meth:`poll_once` runs on that loop, between cells and widget callbacks, so
        it never touches the journey while a command is half done. Returns ``False`` when no
        loop runs (a script, a test): call :meth:`poll_once` there.
        """
        if self.polling:
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        store = self.journey.store
        if getattr(store, "pushes_changes", False):
            self._listen(loop, store)
            return True

        async def poll() -> None:
            while True:
                await asyncio.sleep(interval)
                self.poll_once()

        self._poller = loop.create_task(poll())
        return True

    @property
    def polling(self) -> bool:
        """Whether the poller (or the listener) runs."""
        if self._listener is not None and self._listener[0].is_alive():
            return True
        return self._poller is not None and not self._poller.done()

    def _listen(self, loop: asyncio.AbstractEventLoop, store: Any) -> None:
        """A thread that waits for the store's notifications and hands each to the loop."""
        stop = threading.Event()
        journey_id = self.journey.id

        def wait() -> None:
            since = self.journey.last_seq
            while not stop.is_set():
                try:
                    seq = int(store.wait_for_change(journey_id, since, 25.0))
                except Exception:  # noqa: BLE001 - poll_once on the loop words it in the log
                    loop.call_soon_threadsafe(self.poll_once)
                    stop.wait(1.0)
                    continue
                if seq != since and not stop.is_set():
                    since = seq
                    loop.call_soon_threadsafe(self.poll_once)

        thread = threading.Thread(target=wait, daemon=True, name="sprintkit-listen")
        self._listener = (thread, stop)
        thread.start()

    def close(self) -> None:
        """Stop the poller or the listener (the journey and its store stay open)."""
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None
        if self._listener is not None:
            self._listener[1].set()  # the thread ends when its wait returns (25 s at most)
            self._listener = None

    def guard(
        self,
        action: Callable[..., Any],
        status: w.HTML | None = None,
        done: str | None = None,
        *,
        saves: Sequence[w.Widget] = (),
    ) -> Callable[..., Any]:
        """Wrap a callback: show success or a clear error, never lose it.

        After a success the fields in ``saves`` count as saved (:meth:`mark_saved`); after an
        error they keep their "niet opgeslagen".
        """

        def run(*args: Any) -> Any:
            try:
                result = action(*args)
            except SprintkitError as exc:
                text = self.t("w.error", message=exc.text(self.lang))
                self.message(text)
                if status is not None:
                    status.value = f"<span class='gap'>{esc(text)}</span>"
                return None
            except Exception as exc:  # a live room must never see a dead widget (or a traceback)
                where = getattr(action, "__qualname__", type(action).__name__)
                text = unexpected(exc, f"widget {where}").text(self.lang)
                self.message(text)
                if status is not None:
                    status.value = f"<span class='gap'>{esc(text)}</span>"
                return None
            self.mark_saved(*saves)
            if status is not None and done is not None:
                status.value = f"<span class='ok'>{esc(done)}</span>"
            return result

        return run
