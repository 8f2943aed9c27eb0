"""The phone face of a canvas kind: what a participant's device and the projector show of a run.

A kind names its face as :attr:`sprintkit.canvas.CanvasKind.phone` (``"module:attribute"``, an
instance of :class:`PhoneFace`); the server imports it through :func:`sprintkit.canvas.face`
and never names a kind. A face is pure Python and Jinja2: no Starlette here. It has two sides:
the phone (:meth:`PhoneFace.view`, :attr:`PhoneFace.template`, :meth:`PhoneFace.act`) and the
projector (:meth:`PhoneFace.screen`, :attr:`PhoneFace.screen_template`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..canvas import CanvasError
from ..i18n import Message

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Journey
    from ..model.state import RunState

__all__ = ["PhoneFace", "OPEN_STAGES", "MAX_TEXT", "clean_text", "not_now"]

#: the stages in which what everyone put in may be shown
OPEN_STAGES = ("reveal", "result")
#: the longest text a phone may send in one field
MAX_TEXT = 500


def clean_text(fields: dict[str, str], key: str) -> str:
    """A typed field with its whitespace folded, refused (a Message) above :data:`MAX_TEXT`."""
    text = " ".join((fields.get(key) or "").split())
    if len(text) > MAX_TEXT:
        raise CanvasError(Message("serve_kinds.too_long", limit=MAX_TEXT))
    return text


def not_now() -> CanvasError:
    """The refusal of an answer in a stage that takes none."""
    return CanvasError(Message("serve_kinds.not_now"))


class PhoneFace:
    """Base class of a kind's phone face.

    :attr:`template` is a Jinja2 fragment (autoescaped: every text a person typed is escaped)
    rendered with ``view`` (what :meth:`view` returned), ``csrf`` (the device's token, for
    the hidden ``csrf`` field of each form), ``lang``, ``t(key, **values)`` (texts in the
    page's language) and ``url(name)`` (a route's path, the server's prefix included). Its
    forms post to ``{{ url("canvas") }}`` (``data-api="{{ url("canvas") }}"`` lets the page's
    script send them quietly), never to a written ``/api/canvas``: behind JupyterHub's proxy
    the server answers under a prefix. :meth:`act` turns the form into the kind's command.

    :attr:`screen_template` is the projector's fragment, rendered the same way with ``view``
    (what :meth:`screen` returned), ``lang`` and ``t``, below the work form's name and timer.
    """

    template: ClassVar[str] = ""
    screen_template: ClassVar[str] = ""

    def view(
        self, journey: Journey, run: RunState, person: str, stage: str, lang: str
    ) -> dict[str, Any] | None:
        """What ``person`` may see and do in ``stage`` (``None``: "volg het scherm").

        Everything returned is sent to that device (also as JSON): only what it may see.
        Texts from data (a :class:`~sprintkit.model.Text`) are given in ``lang``.
        """
        return None

    def screen(
        self, journey: Journey, run: RunState, stage: str, lang: str
    ) -> dict[str, Any] | None:
        """What the projector shows of the run in ``stage`` (``None``: nothing of its own).

        Everything returned is public: anyone on the network who opens ``/scherm`` gets it
        (also as JSON, under ``face``). Name nobody, and show what people typed only once the
        room may see it (from ``reveal`` on, :data:`OPEN_STAGES`, unless the kind is public
        by nature). Texts from data in ``lang``.
        """
        return None

    def act(
        self, journey: Journey, run: RunState, person: str, stage: str, fields: dict[str, str]
    ) -> dict[str, Any]:
        """Turn a POSTed form into the kind's command (``journey.canvas_op(..., author=person)``).

        Raise :class:`~sprintkit.canvas.CanvasError` with a :class:`~sprintkit.i18n.Message` to
        refuse (worded in the phone's language); the kind's own refusals pass through as they
        are.
        """
        raise not_now()
