"""Leverage: which knobs move most across koppelvlakken, with the reason in words.

Scores are summed with :func:`math.fsum`, which gives the same result in any order, so the
ranking (ties broken by the number of environments reached, then by id) does not depend on how
the graph was built.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .._gc import paused_gc
from ..i18n import catalog
from ._index import EffectRow, GraphIndex, Node, index, walk
from .graph import ENVIRONMENTS

__all__ = ["Leverage", "LeverageAccumulator", "leverage", "join_words"]

#: Indicators named per environment in a reason; more would not fit a table row.
_MAX_NAMES = 3


@dataclass(frozen=True, slots=True)
class Leverage:
    """An intervention's place in the leverage ranking, with the reason in words.

    Attributes:
        rank: 1 for the intervention with most leverage.
        score: Net weighted effect across koppelvlakken: positive minus negative weight.
        cross_positive: Weight of its good effects in other environments.
        cross_negative: Weight of its side effects in other environments.
        environments: Other environments it reaches (either way), in environment order.
        reason: Why, in Dutch or English.
    """

    rank: int
    intervention: str
    label: str
    environment: str
    score: float
    cross_positive: float
    cross_negative: float
    environments: tuple[str, ...]
    reason: str


@paused_gc
def leverage(G: nx.MultiDiGraph, lang: str = "nl", top: int | None = None) -> tuple[Leverage, ...]:
    """Interventions ranked by their net weighted effect across koppelvlakken.

    Ties go to the intervention that reaches more other environments, then to the lower id.

    Examples:
        >>> import sprintkit as sk
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> first = leverage(G)[0]
        >>> first.intervention
        'hang_en_sluitwerk_roedeflats'
        >>> first.reason.removesuffix(" (Woninginbraken)")
        'werkt naar verwachting vanuit de fysieke omgeving door in de criminele omgeving'
    """
    idx = index(G)
    acc = LeverageAccumulator(idx, lang)
    walk(idx, acc)
    return acc.result(top)


class LeverageAccumulator:
    """Collects :func:`leverage` while :func:`~._index.walk` visits the interventions.

    The reason is worded as each intervention comes by, while its effects are at hand.
    """

    def __init__(self, idx: GraphIndex, lang: str) -> None:
        self.lang = lang
        self.words = _Words(idx, lang)
        self.entries: list[tuple[float, int, Node, float, float, tuple[str, ...], str]] = []

    def add(self, node: Node, rows: Sequence[EffectRow]) -> None:
        """Score one intervention on its effects across koppelvlakken."""
        cross = [r for r in rows if r.source_env != r.target_env]
        good = math.fsum([r.weight for r in cross if r.sign > 0])
        bad = math.fsum([r.weight for r in cross if r.sign < 0])
        envs = {r.target_env for r in cross}
        reason = self.words.reason(node.environment, bool(rows), cross)
        score = math.fsum((good, -bad))
        ordered = tuple(env for env in ENVIRONMENTS if env in envs)
        self.entries.append((score, len(envs), node, good, bad, ordered, reason))

    def result(self, top: int | None = None) -> tuple[Leverage, ...]:
        """The ranking: highest score first, then more environments, then lower id."""
        # Entries arrive in id order and sort() is stable: ties stay in id order.
        entries = sorted(self.entries, key=lambda e: (-e[0], -e[1]))
        return tuple(
            Leverage(
                rank=rank,
                intervention=node.id,
                label=node.label(self.lang),
                environment=node.environment,
                score=score,
                cross_positive=good,
                cross_negative=bad,
                environments=envs,
                reason=reason,
            )
            for rank, (score, _, node, good, bad, envs, reason) in enumerate(
                entries[:top] if top is not None else entries, start=1
            )
        )


class _Words:
    """The reason phrases of one language, looked up once per ranking (10,000 reasons)."""

    def __init__(self, idx: GraphIndex, lang: str) -> None:
        texts = {key: _plain(entry, lang) for key, entry in catalog().items() if key[:3] == "kv."}
        self.idx, self.lang = idx, lang
        self.crosses, self.target = texts["kv.reason.crosses"], texts["kv.reason.target"]
        self.within, self.no_effects = texts["kv.reason.within"], texts["kv.reason.no_effects"]
        self.side, self.whole = texts["kv.reason.side_effect"], texts["kv.reason.whole"]
        self.joiner = texts["kv.and"]
        self.env = {env: idx.label("environment", env, lang) for env in ENVIRONMENTS}

    def reason(self, source: str, has_effects: bool, rows: list[EffectRow]) -> str:
        """Why an intervention ranks where it does, from its effects across koppelvlakken."""
        good = [r for r in rows if r.sign > 0]
        bad = [r for r in rows if r.sign < 0]
        source_label = self.env.get(source, source)
        parts = []
        if good:
            parts.append(self.crosses.format(source=source_label, targets=self.targets(good)))
        elif not has_effects:
            parts.append(self.no_effects)
        elif not bad:
            parts.append(self.within.format(source=source_label))
        if bad:
            parts.append(self.side.format(targets=self.targets(bad)))
        return "; ".join(parts)

    def targets(self, rows: list[EffectRow]) -> str:
        by_env: dict[str, list[EffectRow]] = {}
        for row in rows:
            by_env.setdefault(row.target_env, []).append(row)
        phrases = []
        for env in sorted(by_env, key=_env_order):
            env_rows = by_env[env]
            if len(env_rows) > 1:
                env_rows.sort(key=lambda r: (-r.weight, r.target))
            names: list[str] = []
            for r in env_rows:
                name = self.idx.label("indicator", r.target, self.lang)
                name = name if r.target_kind == "indicator" else self.whole
                if name not in names:
                    names.append(name)
            label = self.env.get(env, env)
            joined = self.join(names[:_MAX_NAMES])
            phrases.append(self.target.format(environment=label, indicators=joined))
        return self.join(phrases)

    def join(self, words: list[str]) -> str:
        if len(words) <= 1:
            return "".join(words)
        return f"{', '.join(words[:-1])}{self.joiner}{words[-1]}"


def _env_order(env: str) -> int:
    return ENVIRONMENTS.index(env) if env in ENVIRONMENTS else len(ENVIRONMENTS)


def join_words(words: list[str], lang: str = "nl") -> str:
    """Join words the way a sentence does: ``a, b en c`` (``a, b and c`` in English).

    Examples:
        >>> join_words(["a", "b", "c"]), join_words(["a", "b"], "en"), join_words(["a"])
        ('a, b en c', 'a and b', 'a')
    """
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])}{_plain(catalog()['kv.and'], lang)}{words[-1]}"


def _plain(entry: dict[str, Any], lang: str) -> str:
    """A catalogue text without plural forms (the reason phrases have none)."""
    text = entry.get(lang) or entry["nl"]
    return text if isinstance(text, str) else str(text["other"])
