"""ipywidgets faces over the engine, for facilitators running a sprint live.

Widgets hold no state the store does not have: every click is a journey command (stored
durably first), after which the widget re-renders from the journey's state. Importing this
package imports ipywidgets; ``import sprintkit`` never does. Inside an IPython kernel it also
installs the handler that shows a sprintkit error in a cell as one message
(:mod:`sprintkit.widgets._notebook`).
"""

from . import _notebook
from ._base import Workshop, esc
from .app import SprintApp, open_sprint, static_html
from .canvases import make_canvas
from .glijbaan import GlijbaanBoard
from .header import make_key_factor_panel, make_sprint_header
from .kvu import (
    BaselinePanel,
    MeasuresPanel,
    SuccessFactorPanel,
    WorkingGroupPanel,
    make_kvu_view,
)
from .participants import ParticipantsPanel
from .result import ResultPanel
from .roster import PersonPicker, RosterPanel
from .timer import Countdown, TimerWidget

_notebook.install()

__all__ = [
    "BaselinePanel",
    "MeasuresPanel",
    "SuccessFactorPanel",
    "WorkingGroupPanel",
    "make_kvu_view",
    "Countdown",
    "GlijbaanBoard",
    "ParticipantsPanel",
    "PersonPicker",
    "ResultPanel",
    "RosterPanel",
    "SprintApp",
    "TimerWidget",
    "Workshop",
    "esc",
    "make_canvas",
    "make_key_factor_panel",
    "make_sprint_header",
    "open_sprint",
    "static_html",
]
