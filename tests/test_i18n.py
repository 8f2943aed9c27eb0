from __future__ import annotations

from importlib import resources

import pytest

from sprintkit.i18n import LANGS, catalog, fmt_number, t


def test_every_string_has_dutch_and_english():
    for key, entry in catalog().items():
        assert set(entry) == set(LANGS), key
        for v in entry.values():  # a text, or plural forms ({one, other}) of a text
            assert all(
                isinstance(f, str) and f for f in (v.values() if isinstance(v, dict) else [v])
            )


def test_placeholders_match_between_languages():
    import string

    def fields(text):
        texts = text.values() if isinstance(text, dict) else [text]
        return {f for form in texts for _, f, _, _ in string.Formatter().parse(form) if f}

    for key, entry in catalog().items():
        assert fields(entry["nl"]) == fields(entry["en"]), key


def test_language_falls_back_to_env(monkeypatch):
    monkeypatch.setenv("SPRINTKIT_LANG", "en")
    assert t("trend.worsening") == "worsening"
    monkeypatch.setenv("SPRINTKIT_LANG", "nl")
    assert t("trend.worsening") == "verslechtert"


def test_numbers_are_written_the_dutch_way():
    assert fmt_number(7400, "nl") == "7.400"
    assert fmt_number(0.5, "nl") == "0,5"
    assert fmt_number(1234.5, "en") == "1,234.5"


def test_unknown_key_is_a_key_error():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_the_fast_parser_reads_the_catalogue_as_the_python_one_does():
    import yaml

    from sprintkit import i18n

    files = [e for e in resources.files(i18n).iterdir() if e.name.endswith(".yaml")]
    assert len(files) > 10
    for entry in files:
        text = entry.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=i18n._LOADER) == yaml.safe_load(text), entry.name
