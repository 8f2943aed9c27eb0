"""``sprintkit handreiking CASUS [--phase N]``: what the method's sources advise the facilitator.

Thin: loads the casus and its method and prints the blocks of
:mod:`sprintkit.reports.guidance` through the one plain renderer: the guidance of each phase
(or of one), then the key factors' own questions with what they show, and the glijbaan credit.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .cli_options import CasusArg

__all__ = ["register", "handreiking"]


def handreiking(
    casus: CasusArg,
    phase: Annotated[
        int | None, typer.Option("--phase", help="Only this phase (sprint or step) number.")
    ] = None,
) -> None:
    """Guidance from the sources: roles, advice per phase, key factor questions, earlier lessons."""
    from .cli import state
    from .errors import SprintkitError
    from .i18n import t
    from .loading import load_casus, load_method
    from .reports.blocks import Block, Paragraph
    from .reports.guidance import glijbaan_credit_blocks, key_factor_blocks, phase_guidance
    from .reports.render_plain import render_plain

    lang = state.lang
    loaded = load_casus(casus, lang)
    method = load_method(loaded.method)
    if phase is not None and not 1 <= phase <= len(method.phases):
        raise SprintkitError(t("guide.cli.no_phase", lang, number=phase, last=len(method.phases)))
    typer.echo(t("guide.cli.header", lang, name=loaded.name, method=method.name.get(lang)))
    blocks: list[Block] = []
    numbers = [phase] if phase is not None else [p.number for p in method.phases]
    for number in numbers:
        spec = method.phase(number)
        heading = t(
            "guide.cli.phase",
            lang,
            noun=method.phase_noun.get(lang).capitalize(),
            number=number,
            name=spec.name.get(lang),
        )
        for title, parts in phase_guidance(loaded, method, number, lang):
            blocks += [Paragraph(""), Paragraph(f"== {heading} · {title}"), *parts]
    if phase is None:  # the key factors and the glijbaan belong to every phase
        for factor in method.key_factors:
            parts = key_factor_blocks(factor, loaded, method, lang)
            if parts:
                name = t(
                    "guide.cli.key_factor", lang, number=factor.number, name=factor.name.get(lang)
                )
                blocks += [Paragraph(""), Paragraph(f"== {name}"), *parts]
        credit = glijbaan_credit_blocks(method, lang)
        if credit:
            blocks += [Paragraph(""), Paragraph(f"== {t('guide.cli.glijbaan', lang)}"), *credit]
    if not blocks:
        blocks = [Paragraph(t("guide.cli.nothing", lang, method=method.name.get(lang)))]
    typer.echo(render_plain(blocks))


def register(app: typer.Typer) -> None:
    """Add the ``handreiking`` command to the sprintkit app."""
    app.command("handreiking")(handreiking)
