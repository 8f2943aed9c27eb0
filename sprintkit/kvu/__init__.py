"""The Kwaliteitsmeter Veilig Uitgaan in depth, over the same engine, models and store.

* :mod:`.commands` - the KVU's own journey commands (success factor scores, process criteria,
  measurements, and each measure from selection through plan to progress), one typed model each.
* :mod:`.ledger` - the commands checked against the journey and folded like every other event;
  it imports no read model.
* :mod:`.extension` - the method extension the registry names: the ledger plus each step's
  gate and suggestion rules, chosen per step by ``ledger:`` in ``methods/kvu.yaml``.
* :mod:`.measures` - the measures catalogue: common measures from KVU practice and CCV
  material (``workforms/maatregelen``).
* :mod:`.successfactors`, :mod:`.safety`, :mod:`.cycle` - read models: the assessment and its
  warnings, the baseline and the comparison at evaluation, the progress matrix.
* :mod:`.werkgroep` - the working group check (ten criteria and composition rules).
* :mod:`.plots` - figures (matplotlib, imported lazily).

Nothing here imports matplotlib or ipywidgets at import time.
"""

from __future__ import annotations

__all__ = ["Kvu"]


def __getattr__(name: str):  # lazy: ``import sprintkit.kvu`` stays cheap
    if name == "Kvu":
        from .facade import Kvu

        return Kvu
    raise AttributeError(name)
