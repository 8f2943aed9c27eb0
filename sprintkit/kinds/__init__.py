"""The built-in canvas kinds, one folder each with fixed roles.

``<kind>/logic.py``
    the settings model (the ``canvas:`` block of a work form), the content model (what a run
    holds, and the shape of demo input) and the :class:`~sprintkit.canvas.CanvasKind` subclass;
    imports the model and canvas contract only, never a widget, report, ipywidgets or matplotlib.
``<kind>/widget.py``
    the notebook face (named by the kind's ``widget`` path).
``<kind>/report.py``
    the report blocks (named by the kind's ``report`` path).

Each kind is registered by one entry point line in ``pyproject.toml``
(``[project.entry-points."sprintkit.canvas_kinds"]``), exactly as a plugin's kind is; nothing else
in sprintkit names a kind. ``docs/plugins.md`` is the full contract.
"""
