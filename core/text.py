"""Text helpers for Vietnamese: normalise, strip diacritics, build matching keys."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Compose combining tone marks (Windows-1258 and some Mac files decompose them)."""
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D")


def key(text: str) -> str:
    """A matching key: no diacritics, lower case, letters and digits only. 'Tủa Sín Chải' -> 'tuasinchai'."""
    return _NON_ALNUM.sub("", strip_diacritics(text).lower())


def header_key(text: str) -> str:
    """A column-header key: like `key` but keeps word boundaries as '_'. 'Mã địa bàn' -> 'ma_dia_ban'."""
    return _NON_ALNUM.sub("_", strip_diacritics(nfc(text)).lower()).strip("_")


_UNIT_PREFIXES = ("thanh pho ", "thi tran ", "thi xa ", "dac khu ", "phuong ", "tinh ", "xa ")


def short_name_key(name: str) -> str:
    """Key of a unit's name without its type word: 'Xã Sìn Hồ' and 'Sìn Hồ' both give 'sinho'."""
    bare = strip_diacritics(nfc(name)).lower().strip()
    for prefix in _UNIT_PREFIXES:
        if bare.startswith(prefix):
            bare = bare[len(prefix) :]
            break
    return _NON_ALNUM.sub("", bare)
