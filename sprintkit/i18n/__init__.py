"""Dutch (default) and English strings for everything a person reads.

Strings live in ``messages.yaml`` beside this file, one key with an ``nl`` and an ``en`` text.
``t(key, lang, **values)`` fills ``{placeholders}``.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

__all__ = ["t", "default_lang", "fmt_number", "LANGS", "catalog"]

LANGS: tuple[str, ...] = ("nl", "en")


def default_lang() -> Literal["nl", "en"]:
    """The language from ``SPRINTKIT_LANG`` (``nl`` or ``en``), Dutch when unset."""
    lang = os.environ.get("SPRINTKIT_LANG", "nl").lower()
    return "en" if lang == "en" else "nl"


@cache
def catalog() -> dict[str, dict[str, str]]:
    """All strings, keyed by message key then language.

    Every ``*.yaml`` file in this folder contributes (one per feature, so features do not edit
    each other's strings); a key defined twice is an error.
    """
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files(__package__)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        for key, value in (yaml.safe_load(entry.read_text(encoding="utf-8")) or {}).items():
            if key in merged:
                raise KeyError(f"i18n key {key!r} is defined twice (again in {entry.name})")
            merged[key] = value
    return merged


def t(key: str, lang: str | None = None, /, **values: Any) -> str:
    """The text for ``key`` in ``lang`` with ``values`` filled in.

    Examples:
        >>> t("trend.worsening", "nl")
        'verslechtert'
        >>> t("summary.actors", "en", count=3)
        'Actors (3)'
    """
    entry = catalog()[key]
    text = entry.get(lang or default_lang()) or entry["nl"]
    return text.format(**values)


def fmt_number(value: float, lang: str | None = None) -> str:
    """A number as people in ``lang`` write it: ``5,4`` in Dutch, ``5.4`` in English.

    Examples:
        >>> fmt_number(7400.0, "nl"), fmt_number(5.4, "nl"), fmt_number(5.4, "en")
        ('7.400', '5,4', '5.4')
    """
    from babel.numbers import format_decimal  # lazy: Babel loads locale data on import

    locale = "nl_NL" if (lang or default_lang()) == "nl" else "en_GB"
    return format_decimal(value, format="#,##0.###", locale=locale)
