"""The phone face of a canvas kind: what a participant's device may see and do in a run.

A kind names its face as :attr:`sprintkit.canvas.CanvasKind.phone` (``"module:attribute"``, an
instance of :class:`PhoneFace`); the server imports it through :func:`sprintkit.canvas.face`
and never names a kind. A face is pure Python and Jinja2: no Starlette here.
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
    """A typed field with its whitespace folded, refused in Dutch above :data:`MAX_TEXT`."""
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
    the hidden ``csrf`` field of each form) and ``t`` (Dutch texts). Its forms post to
    ``/api/canvas`` (``data-api="/api/canvas"`` lets the page's script send them quietly);
    :meth:`act` turns the form into the kind's command.
    """

    template: ClassVar[str] = ""

    def view(
        self, journey: Journey, run: RunState, person: str, stage: str
    ) -> dict[str, Any] | None:
        """What ``person`` may see and do in ``stage`` (``None``: "volg het scherm").

        Everything returned is sent to that device (also as JSON): only what it may see.
        """
        return None

    def act(
        self, journey: Journey, run: RunState, person: str, stage: str, fields: dict[str, str]
    ) -> dict[str, Any]:
        """Turn a POSTed form into the kind's command (``journey.canvas_op(..., author=person)``).

        Raise :class:`~sprintkit.canvas.CanvasError` (Dutch) to refuse; the kind's own
        refusals pass through as they are.
        """
        raise not_now()
