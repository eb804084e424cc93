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


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Characters no cell may hold: C0 controls but tab, line feed and carriage return; DEL; C1 controls
(what a Windows-1252 byte becomes when read as Latin-1). `str.strip` removes some of them, and the
importer once dropped NUL: '034<NUL>78' was imported as commune 03478."""


def shown(text: str) -> str:
    """Text with its control characters made visible: NUL as '␀', 0x1F as '␟', DEL as '␡', C1 as <U+0085>."""

    def picture(m: re.Match[str]) -> str:
        code = ord(m.group())
        if code < 0x20:
            return chr(0x2400 + code)
        return "\u2421" if code == 0x7F else f"<U+{code:04X}>"

    return CONTROL.sub(picture, text)


WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and not CONTROL.match(c))
"""What a cell is stripped of: Unicode's spaces and line ends (the no-break space too), but not the
control characters `str.strip()` would also remove ('03478<0x1F>' must not become 03478 unseen)."""


def strip(text: str) -> str:
    return text.strip(WHITESPACE)
