"""After "Run All" the notebook shows its top, not its last cell.

JupyterLab 4 makes the last cell the active one when Run All starts and scrolls to it
(``NotebookActions.runAll``; jupyterlab/jupyterlab#16402, no setting turns it off), so a
facilitator who runs a template notebook sees its bottom. :class:`ScrollToTop` is an invisible
widget the ``open_sprint`` cell shows (live, inside a kernel): its view, drawn when that cell's
output arrives (after Lab's scroll), scrolls the notebook it sits in back to the top, once. An
`anywidget <https://anywidget.dev>`_ carries the few lines of JavaScript, no front-end build.
Only that cell holds it: running any other cell alone never moves the view.
"""

from __future__ import annotations

from typing import Any

import anywidget

__all__ = ["ScrollToTop"]

#: the view: wait until the (empty) element is in the page, then put every scrolled box it
#: sits in (JupyterLab's notebook panel, Notebook 7's page, the document) back at the top
ESM = """
export default {
  render({ el }) {
    let frames = 0;
    const top = () => {
      if (!el.isConnected) {
        if (++frames < 600) requestAnimationFrame(top);
        return;
      }
      for (let box = el.parentElement; box; box = box.parentElement) {
        if (box.scrollTop > 0) box.scrollTop = 0;
      }
    };
    requestAnimationFrame(top);
  },
};
"""


class ScrollToTop(anywidget.AnyWidget):
    """Scrolls the notebook that shows it back to its top when its view is drawn."""

    _esm = ESM

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The widget view only, no ``text/plain``.

        Where widgets are not drawn (an exported notebook), nothing shows, not a repr.
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            data, metadata = bundle
            data = {k: v for k, v in data.items() if k != "text/plain"}
            return data, metadata
        return bundle
