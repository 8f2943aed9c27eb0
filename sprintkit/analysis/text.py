"""The koppelvlakken report as a plain-text table, Dutch by default."""

from __future__ import annotations

import textwrap

from ..i18n import fmt_number, t
from ..model import Environment
from .graph import ENVIRONMENTS
from .report import KoppelvlakReport

__all__ = ["format_report"]

_WIDTH = 100
#: Rows of the leverage ranking and of the carriers shown in the table.
_TOP = 10
_TOP_CARRIERS = 5


def format_report(report: KoppelvlakReport) -> str:
    """The report as text: koppelvlakken, matrix, leverage, gaps, conflicts, ownership.

    The language is the report's (its labels and reasons were made in that language).

    Examples:
        >>> import sprintkit as sk
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> text = format_report(sk.analysis.analyse(G))
        >>> print(text.splitlines()[0])
        Koppelvlakken in Molenwijk (molenwijk)
    """
    lang = report.lang
    sections = (_header, _pairs, _matrix, _leverage, _gaps, _conflicts, _ownership)
    return "\n\n".join("\n".join(section(report, lang)) for section in sections)


def _num(value: float, lang: str) -> str:
    return fmt_number(round(value, 2), lang)


def _env(env: str, lang: str) -> str:
    return Environment(env).label(lang) if env in ENVIRONMENTS else env


def _short(env: str, lang: str) -> str:
    return t(f"kv.env_short.{env}", lang)


def _wrap(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(text, _WIDTH, initial_indent=pad, subsequent_indent=pad + "  ") or [pad]


def _header(r: KoppelvlakReport, lang: str) -> list[str]:
    return [
        t("kv.title", lang, name=r.name, id=r.casus),
        t(
            "kv.counts",
            lang,
            interventions=r.interventions,
            indicators=r.indicators,
            effects=r.effects,
            koppelvlak=r.koppelvlak_effects,
        ),
    ]


def _pairs(r: KoppelvlakReport, lang: str) -> list[str]:
    lines = [t("kv.pairs.title", lang)]
    if not r.koppelvlakken.pairs:
        return [*lines, "  " + t("kv.none", lang)]
    cols = [t(f"kv.pairs.{c}", lang) for c in ("route", "effects", "strength", "weight")]
    lines.append(f"  {cols[0]:<48}{cols[1]:>9}{cols[2]:>9}{cols[3]:>9}    +/-")
    labels = {x.intervention: x.label for x in r.leverage}
    for p in r.koppelvlakken.pairs:
        route = f"{_env(p.source, lang)} → {_env(p.target, lang)}"
        weight = _num(p.weight, lang)
        lines.append(
            f"  {route:<48}{p.effects:>9}{p.strength:>9}{weight:>9}    {p.positive}/{p.negative}"
        )
        lines += _wrap("; ".join(labels.get(iv, iv) for iv in p.interventions), 6)
    return lines


def _matrix(r: KoppelvlakReport, lang: str) -> list[str]:
    m = r.koppelvlakken.matrix
    lines = [t("kv.matrix.title", lang)]
    lines.append(" " * 18 + "".join(f"{_short(e, lang):>16}" for e in ENVIRONMENTS))
    for i, source in enumerate(ENVIRONMENTS):
        cells = "".join(f"{f'{m.counts[i][j]} ({m.strength[i][j]})':>16}" for j in range(4))
        lines.append(f"  {_short(source, lang):<16}{cells}")
    return lines


def _leverage(r: KoppelvlakReport, lang: str) -> list[str]:
    lines = [t("kv.leverage.title", lang)]
    for x in r.leverage[:_TOP]:
        lines.append(f"  {x.rank:>2}. {x.label}  [{_num(x.score, lang)}]")
        lines += _wrap(x.reason, 6)
    if len(r.leverage) > _TOP:
        lines.append("  " + t("kv.more", lang, count=len(r.leverage) - _TOP))
    return lines


def _gaps(r: KoppelvlakReport, lang: str) -> list[str]:
    cov = r.coverage
    names = {x.intervention: x.label for x in r.leverage}
    empty = ", ".join(_env(e, lang) for e in cov.environments_without_intervention)
    unreached = ", ".join(_env(e, lang) for e in cov.environments_not_reached)
    lines = [
        t("kv.gaps.title", lang),
        f"  {t('kv.gaps.no_intervention', lang)}: {empty or t('kv.none', lang)}",
        f"  {t('kv.gaps.not_reached', lang)}: {unreached or t('kv.none', lang)}",
        f"  {t('kv.gaps.worsening', lang, count=len(cov.uncovered_worsening))}",
    ]
    for gap in cov.uncovered_worsening:
        text = f"- {gap.label} ({_env(gap.environment, lang)})"
        if gap.worsened_by:
            worse = "; ".join(names.get(iv, iv) for iv in gap.worsened_by)
            text += f"; {t('kv.worsened_by', lang)}: {worse}"
        lines += _wrap(text, 4)
    return lines


def _conflicts(r: KoppelvlakReport, lang: str) -> list[str]:
    names = {x.intervention: x.label for x in r.leverage}
    lines = [t("kv.conflicts.title", lang), "  " + t("kv.conflicts.opposite", lang)]
    for c in r.conflicts.opposite:
        better = "; ".join(names.get(iv, iv) for iv in c.improving)
        worse = "; ".join(names.get(iv, iv) for iv in c.worsening)
        env = _env(c.environment, lang)
        text = t("kv.conflicts.line", lang, target=c.label, env=env, better=better, worse=worse)
        lines += _wrap(f"- {text}", 4)
    if not r.conflicts.opposite:
        lines.append("    " + t("kv.none", lang))
    lines.append("  " + t("kv.conflicts.side", lang))
    for s in r.conflicts.side_effects:
        route = f"{_env(s.source_environment, lang)} → {_env(s.target_environment, lang)}"
        target = s.target_label if s.target_kind == "indicator" else t("kv.reason.whole", lang)
        lines += _wrap(f"- {s.label}: {route}, {target} [{_num(s.weight, lang)}]", 4)
    if not r.conflicts.side_effects:
        lines.append("    " + t("kv.none", lang))
    return lines


def _ownership(r: KoppelvlakReport, lang: str) -> list[str]:
    own = r.ownership
    names = {x.intervention: x.label for x in r.leverage}

    def listed(ids: tuple[str, ...]) -> str:
        return "; ".join(names.get(iv, iv) for iv in ids) or t("kv.none", lang)

    lines = [t("kv.ownership.title", lang)]
    lines += _wrap(f"{t('kv.ownership.no_owner', lang)}: {listed(own.without_owner)}", 2)
    lines += _wrap(f"{t('kv.ownership.no_org', lang)}: {listed(own.without_organisation)}", 2)
    lines.append("  " + t("kv.ownership.carriers", lang))
    for c in own.carriers[:_TOP_CARRIERS]:
        counts = t("kv.ownership.carrier", lang, owns=c.owns, involved=c.involved)
        lines.append(f"    {c.label:<40} {counts}")
    return lines
