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


# -- text from data, shown to people --------------------------------------------------------------
#
# Names, task texts, file names and URL parameters are data: whoever typed them may have put in
# characters that are not meant to be seen, or that a renderer reads as instructions. `printable`
# removes the invisible ones; `escape_markdown` makes what is left plain text for Streamlit's
# Markdown; the report writers use `printable` (matplotlib's mathtext is switched off there).

_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# C0 and C1 control characters (tab and line feed are handled first), DEL, the bidirectional marks,
# embeddings, overrides and isolates (which can show a name backwards), the byte order mark, the two
# noncharacters every font lacks, and lone surrogates (not encodable).
_HIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)
_SPACES = re.compile("[ \n]+")


def printable(text: str, lines: bool = True) -> str:
    """`text` (NFC) without control characters, bidirectional controls, byte order marks and lone
    surrogates; tabs become spaces; line breaks become "\\n" (`lines`), or spaces and one line."""
    text = _HIDDEN.sub("", _LINE_BREAKS.sub("\n", nfc(text)).replace("\t", " "))
    return text if lines else _SPACES.sub(" ", text).strip()


def shorten(text: str, limit: int) -> str:
    """`text`, cut to at most `limit` characters with "…" when longer."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


# What Streamlit's Markdown may read as syntax, escaped with a backslash, and nothing else (so a
# decision number "52/QĐ-BCĐ", a file "so_lieu_10.csv" or "Bản Nậm Cha (thôn 3)" keep their Markdown
# source as written):
# - anywhere: emphasis (an underscore only at a word's edge: "so_lieu" is not emphasis), code,
#   strikethrough, links and images, HTML and autolinks, table cells, KaTeX's `$`; a colon next to a
#   word (Streamlit's `:red[…]`, `:material/…:`, `:emoji:`); an entity's `&`;
# - at the start: what opens a block (heading "# ", quote ">", list item or rule "- ", "---", "1. ").
_ANYWHERE = re.compile(r"[\\`*~\[\]<|$]|(?<![^\W_])_|_(?![^\W_])|:(?=[\w+\-])|(?<=[\w+\-]):|&(?=[#\w])")
_BLOCK_START = re.compile(r"^(?:([-+>]|#(?=#*(?:\s|$)))|(\d+)([.)])(?=\s|$))")
_WORD_JOINER = "\u2060"
# GitHub's autolinks and Streamlit's icons (":material_home:", ":material/home:") act on the text after
# parsing, so backslashes do not stop them: an invisible word joiner inside "://", "www.", "@" and
# ":material_" does.
_AFTER_PARSING = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?<=@)|(?i:(?<=:material))(?=[_/])")


def escape_markdown(text: str) -> str:
    """`text` as Streamlit's Markdown shows it literally, on one line: "[x](http://a)" stays those
    characters, not a link; "$x$" is not a formula; "**b**" is not bold. Invisible characters are
    dropped (`printable`); an ordinary name reads as before ("Bản Nậm Cha (thôn 3)")."""
    plain = _AFTER_PARSING.sub(_WORD_JOINER, printable(text, lines=False))
    escaped = _ANYWHERE.sub(lambda m: "\\" + m[0], plain)
    return _BLOCK_START.sub(lambda m: "\\" + m[1] if m[1] else m[2] + "\\" + m[3], escaped)


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
