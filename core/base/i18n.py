"""The one translation table: every user-visible string, Vietnamese first, English second.

The table is data, kept in several modules by subject (`core/base/texts_*.py`, each a dict of
key -> (Vietnamese, English)) and merged here into `TEXTS`; a key may be defined once only."""

from __future__ import annotations

from collections.abc import Mapping

from core.base import texts_app

LANGS = ("vi", "en")

_TABLES: tuple[Mapping[str, tuple[str, str]], ...] = (texts_app.TEXTS,)


def _merge(tables: tuple[Mapping[str, tuple[str, str]], ...]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for table in tables:
        twice = sorted(set(merged) & set(table))
        if twice:
            raise ValueError(f"translation keys defined twice: {twice}")
        merged.update(table)
    return merged


TEXTS: dict[str, tuple[str, str]] = _merge(_TABLES)


def t(key: str, lang: str = "vi", **kwargs: object) -> str:
    """The text for `key` in `lang` (Vietnamese when the language is unknown)."""
    vi, en = TEXTS[key]
    text = en if lang == "en" else vi
    return text.format(**kwargs) if kwargs else text
