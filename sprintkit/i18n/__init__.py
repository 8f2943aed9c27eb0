"""Dutch (default) and English strings for everything a person reads.

Strings live in ``*.yaml`` files beside this file, one key with an ``nl`` and an ``en`` text.
``t(key, lang, **values)`` fills ``{placeholders}``; :class:`Message` is the same thing as data
(a key and its values, worded only when shown), so an error can be raised once and read in
either language.

A text may instead be a mapping of CLDR plural categories (``one``, ``other``, and optionally
``zero`` as an explicit form for 0); the form is chosen by the ``count`` value with Babel's plural
rules for the language::

    notes.count:
      nl: {one: "{count} notitie", other: "{count} notities"}
      en: {one: "{count} note", other: "{count} notes"}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

import yaml

__all__ = [
    "t",
    "Message",
    "capitalised",
    "default_lang",
    "fmt_number",
    "plural_category",
    "LANGS",
    "catalog",
]

LANGS: tuple[str, ...] = ("nl", "en")
#: plural categories a catalogue entry may use (CLDR names; ``zero`` is an explicit override)
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})

Entry = str | dict[str, str]

#: libyaml's parser when PyYAML has it: every command that prints a word reads the whole
#: catalogue (115 kB), which took 0.29 s with the pure-Python parser and takes 0.03 s with it.
#: The safe constructors are the same Python code either way (a test checks the results agree).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def default_lang() -> Literal["nl", "en"]:
    """The language from ``SPRINTKIT_LANG`` (``nl`` or ``en``), Dutch when unset."""
    lang = os.environ.get("SPRINTKIT_LANG", "nl").lower()
    return "en" if lang == "en" else "nl"


@cache
def catalog() -> dict[str, dict[str, Entry]]:
    """All strings, keyed by message key then language.

    Every ``*.yaml`` file in this folder contributes (one per feature, so features do not edit
    each other's strings); a key defined twice is an error. A language's text is a string or a
    mapping of plural categories to strings. The merged catalogue of files read before comes
    from :mod:`sprintkit._read_cache`, keyed by the files' contents.
    """
    from .. import _read_cache  # lazy: only a command that words something reads strings

    folder = resources.files(__package__)
    files = [
        (entry.name, entry.read_bytes())
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    ]
    digests = [(name, _read_cache.file_digest(raw)) for name, raw in files]
    key = _read_cache.key("i18n", _read_cache.code_stamp(), yaml.__version__, digests)
    cached = _read_cache.get("i18n", key)
    if isinstance(cached, dict):
        return cached
    merged = _merge(files)
    _read_cache.put("i18n", key, merged)
    return merged


def _merge(files: list[tuple[str, bytes]]) -> dict[str, dict[str, Entry]]:
    merged: dict[str, dict[str, Entry]] = {}
    for name, raw in files:
        strings = yaml.load(raw.decode("utf-8"), Loader=_LOADER)
        for key, value in (strings or {}).items():
            if key in merged:
                raise KeyError(f"i18n key {key!r} is defined twice (again in {name})")
            for text in value.values():
                plural = isinstance(text, dict)
                if plural and (not set(text) <= PLURAL_FORMS or "other" not in text):
                    raise KeyError(f"i18n key {key!r}: plural forms need 'other' ({name})")
            merged[key] = value
    return merged


@cache
def _locale(lang: str) -> Any:
    from babel import Locale  # lazy: Babel loads locale data on import

    return Locale.parse(lang)


def plural_category(count: float, lang: str) -> str:
    """The CLDR plural category of ``count`` in ``lang`` (``one`` or ``other`` for nl and en).

    Examples:
        >>> plural_category(1, "nl"), plural_category(0, "nl"), plural_category(2, "en")
        ('one', 'other', 'other')
    """
    return str(_locale(lang).plural_form(count))


def _pick(key: str, text: Entry, lang: str, values: Mapping[str, Any]) -> str:
    """The string to fill: ``text`` itself, or its plural form for ``values['count']``."""
    if isinstance(text, str):
        return text
    count = values.get("count")
    if isinstance(count, bool) or not isinstance(count, int | float):
        raise TypeError(f"i18n key {key!r} has plural forms and needs a number 'count'")
    if count == 0 and "zero" in text:
        return text["zero"]
    return text.get(plural_category(abs(count), lang)) or text["other"]


def _word(value: Any, lang: str) -> Any:
    """A value as shown in ``lang``: messages and other worded things in that language."""
    if isinstance(value, Message):
        return value.text(lang)
    text = getattr(value, "text", None)
    if callable(text):  # a SprintkitError, a check line: anything with text(lang)
        return text(lang)
    from ..model._base import Text  # lazy: pydantic models are not needed to word plain values

    return value.get(lang) if isinstance(value, Text) else value


def t(key: str, lang: str | None = None, /, **values: Any) -> str:
    """The text for ``key`` in ``lang`` with ``values`` filled in.

    A value that is a :class:`Message` (or a model ``Text``) is worded in the same language.

    Examples:
        >>> t("trend.worsening", "nl")
        'verslechtert'
        >>> t("summary.actors", "en", count=3)
        'Actors (3)'
        >>> t("w.hidden_notes", "nl", count=1)
        '1 notitie (nog verborgen: stille ronde)'
    """
    lang = lang or default_lang()
    entry = catalog()[key]
    text = _pick(key, entry.get(lang) or entry["nl"], lang, values)
    return text.format(**{name: _word(value, lang) for name, value in values.items()})


class Message:
    """A message as data: a catalogue key and its values, worded only when shown.

    Raise ``SprintkitError(Message("canvas.own_note"))`` and the person reads it in their
    language; tests compare keys and values instead of wording. Equal by key and values.

    Examples:
        >>> msg = Message("kvu.required", field=Message("kvu.field.value"))
        >>> msg.text("nl"), msg.text("en")
        ("'waarde' is verplicht", "'value' is required")
        >>> msg == Message("kvu.required", field=Message("kvu.field.value"))
        True
    """

    __slots__ = ("key", "values")
    key: str
    values: Mapping[str, Any]

    def __init__(self, key: str, /, **values: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", MappingProxyType(dict(values)))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Message cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Message cannot be changed")

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: :func:`default_lang`)."""
        return t(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.values.items())
        return f"Message({self.key!r}{args})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.key == other.key and dict(self.values) == dict(other.values)

    def __hash__(self) -> int:
        return hash(self.key)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_message, (self.key, dict(self.values)))


def _message(key: str, values: dict[str, Any]) -> Message:
    return Message(key, **values)


def capitalised(text: str) -> str:
    """``text`` with its first letter a capital and the rest as it is (unlike ``str.capitalize``).

    Examples:
        >>> capitalised("sprint 3 van de OGW"), capitalised("")
        ('Sprint 3 van de OGW', '')
    """
    return text[:1].upper() + text[1:]


def fmt_number(value: float, lang: str | None = None) -> str:
    """A number as people in ``lang`` write it: ``5,4`` in Dutch, ``5.4`` in English.

    Examples:
        >>> fmt_number(7400.0, "nl"), fmt_number(5.4, "nl"), fmt_number(5.4, "en")
        ('7.400', '5,4', '5.4')
    """
    from babel.numbers import format_decimal  # lazy: Babel loads locale data on import

    locale = "nl_NL" if (lang or default_lang()) == "nl" else "en_GB"
    return format_decimal(value, format="#,##0.###", locale=locale)
