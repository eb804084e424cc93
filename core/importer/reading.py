"""What the importer checks in a file's bytes before it allocates a cell: the limits of a file's size
in rows, columns, cells and characters; control characters; text in two encodings.

A careless or hostile file must be refused in seconds and in bounded memory: a line of ten million
commas, 100k columns, a cell of 400 MB (core.importer.xlsx does the same for workbooks). A byte that would be
stored wrongly must be seen: a NUL inside a cell, a file whose lines are partly UTF-8 and partly
Windows-1258. Findings come back as data (core.importer.xlsx.TooLarge, row numbers); core.importer turns them
into problems with its messages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from core.importer import xlsx

# -- the limits (declared once; they will become settings) ---------------------------------------

MAX_ROWS = 2_000_000
"""Rows of a file. A national long file has 1M (an Excel sheet holds at most 1,048,576)."""
MAX_COLUMNS = 256
"""Columns of a row. A wide file has the area, the month, one column per indicator (20) and notes."""
MAX_CELLS = 10_000_000
"""Rows x columns of the table read: 2.5 times a national long file (4M), about 1 GB in pandas."""
MAX_CELL_CHARS = 32_767
"""Characters of one cell: Excel's own limit."""
MAX_UNZIPPED_MB = 256
"""An XLSX file's parts unzipped, and its cells' text (shared strings counted where used): a sheet of
1M rows of four cells is about 150 MB."""


def limits() -> xlsx.Limits:
    """The limits as they are now (read at each call, so a test may lower them)."""
    return xlsx.Limits(MAX_ROWS, MAX_COLUMNS, MAX_CELLS, MAX_CELL_CHARS, MAX_UNZIPPED_MB * 1024 * 1024)


# -- encodings ------------------------------------------------------------------------------------

# A Vietnamese letter or tone mark in UTF-8: Latin-1 letters (à, â, ê, ô, ...), ă đ ĩ ũ ơ ư, combining
# tones, and the Latin Extended Additional block (ạ ả ấ ... ỹ). Read as Windows-1258 they become "Ã ",
# "Ä‘", "áº£": mojibake.
_UTF8_VIETNAMESE = re.compile(rb"\xc3[\x80-\xbf]|[\xc4-\xc6][\x80-\xbf]|\xcc[\x80-\xbf]|\xe1[\xba\xbb][\x80-\xbf]")


_LISTED = 1000  # lines whose text is kept for the problems listed (core.importer.MAX_PROBLEMS)


@dataclass
class Decoded:
    text: str  # NFC
    encoding: str
    replaced: bool  # some bytes were undefined in the encoding and became U+FFFD
    # A file of lines in two encodings: each line read in its own; the lines in the less used one.
    other_encoding: str | None = None
    other_rows: list[int] = field(default_factory=list)
    mixed_rows: list[int] = field(default_factory=list)  # lines holding both: not readable for sure
    line_text: dict[int, str] = field(default_factory=dict)  # of the first of those lines, as read


def decode(content: bytes) -> Decoded:
    """UTF-8 with or without BOM, UTF-16 with a BOM (or without one, told by its NUL bytes), else
    Windows-1258. A file that is not UTF-8 as a whole but holds lines that are (a UTF-8 file added
    to in a legacy program, or the reverse) is read line by line."""
    if content.startswith(b"\xef\xbb\xbf"):
        return _utf8_or_lines(content[3:], "utf-8-sig")
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if content.startswith(bom):
            return _whole(content[2:], codec)
    sample = content[:4096]
    half = max(len(sample) // 2, 1)
    odd = sample[1::2].count(0) / half
    even = sample[0::2].count(0) / half
    if odd >= 0.2 and even <= odd / 4:
        return _whole(content, "utf-16-le")
    if even >= 0.2 and odd <= even / 4:
        return _whole(content, "utf-16-be")
    return _utf8_or_lines(content, "utf-8")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _whole(body: bytes, codec: str, encoding: str | None = None) -> Decoded:
    try:
        return Decoded(_nfc(body.decode(codec)), encoding or codec, False)
    except UnicodeDecodeError:
        return Decoded(_nfc(body.decode(codec, errors="replace")), encoding or codec, True)


def _utf8_or_lines(body: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(_nfc(body.decode("utf-8")), encoding, False)
    except UnicodeDecodeError:
        pass
    if not _UTF8_VIETNAMESE.search(body):
        return _whole(body, "cp1258")  # a legacy file (or a UTF-8 one with a stray byte: replaced, with a warning)
    return _by_line(body, encoding)


def _by_line(body: bytes, encoding: str) -> Decoded:
    """Each line in UTF-8 when it is, else in Windows-1258; a Windows-1258 line that holds UTF-8
    letters too is noted (reading it either way gives mojibake)."""
    parts: list[str] = []
    utf8: list[int] = []
    legacy: list[int] = []
    mixed: list[int] = []
    replaced = False
    shown: dict[int, str] = {}
    for number, line in enumerate(body.splitlines(keepends=True), start=1):
        if line.isascii():
            parts.append(line.decode("ascii"))
            continue
        try:
            parts.append(line.decode("utf-8"))
            utf8.append(number)
        except UnicodeDecodeError:
            try:
                parts.append(line.decode("cp1258"))
            except UnicodeDecodeError:
                parts.append(line.decode("cp1258", errors="replace"))
                replaced = True
            legacy.append(number)
            if _UTF8_VIETNAMESE.search(line):
                mixed.append(number)
        if len(shown) < 2 * _LISTED:
            shown[number] = _nfc(parts[-1].strip())
    text = _nfc("".join(parts))
    if not utf8:
        return Decoded(text, "cp1258", replaced)
    main, other, rows = (encoding, "cp1258", legacy) if len(utf8) >= len(legacy) else ("cp1258", "utf-8", utf8)
    both = set(mixed)
    return Decoded(text, main, replaced, other, [r for r in rows if r not in both], mixed, shown)


# -- the shape of a CSV text ----------------------------------------------------------------------


@dataclass
class Scan:
    """What a CSV text holds, found without splitting it into cells."""

    too_large: xlsx.TooLarge | None
    controls: bool  # some character of core.base.text.CONTROL
    lines: int


def lone_cr(text: str) -> str:
    """Line ends as LF where a line ends with CR alone (old Mac files; pandas reads CR as a line end)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return re.sub(r"\r(?!\n)", "\n", text)
    return text


def scan_csv(text: str, delimiter: str | None, limits: xlsx.Limits) -> Scan:
    """Rows, columns, cells and cell lengths of a CSV text against `limits`, and whether it holds a
    control character (core.base.text.CONTROL): on the text's UTF-8 bytes with numpy (about 20 ms for a national file of
    24 MB), the exact CSV reading (quotes) only for the few lines long enough to pass a limit.
    Row numbers are lines (quoted line breaks aside); lines end with LF (see `lone_cr`)."""
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > limits.rows:
        return Scan(xlsx.TooLarge("rows", limits.rows, limits.rows + 1), False, lines)
    data = text.encode("utf-8", errors="replace")
    array = np.frombuffer(data, dtype=np.uint8)
    ends = np.append(np.flatnonzero(array == ord("\n")), len(data))
    starts = np.concatenate(([0], ends[:-1] + 1))
    delimiter = delimiter or ","
    sep = delimiter.encode()
    width_re, cell_re = _patterns(delimiter, limits)
    # Only a line of at least `columns` bytes can hold more cells, or a longer cell.
    for i in np.flatnonzero(ends - starts >= limits.columns):
        start, end = int(starts[i]), int(ends[i])
        if data.count(sep, start, end) < limits.columns and end - start <= limits.cell_chars:
            continue
        line = data[start:end].decode("utf-8", errors="replace")
        if width_re.match(line):
            return Scan(xlsx.TooLarge("columns", limits.columns, int(i) + 1), False, lines)
        if cell_re.search(line):
            return Scan(xlsx.TooLarge("cell_chars", limits.cell_chars, int(i) + 1), False, lines)
    # pandas makes every line as wide as the first (a wider line: core.importer pads to the widest).
    width = data.count(sep, 0, int(ends[0])) + 1
    if lines * width > limits.cells:
        return Scan(xlsx.TooLarge("cells", limits.cells, limits.cells // width + 1), False, lines)
    return Scan(None, _has_control(data, array, text), lines)


def _patterns(delimiter: str, limits: xlsx.Limits) -> tuple[re.Pattern[str], re.Pattern[str]]:
    d = re.escape(delimiter)
    # More than `columns` cells: as many delimiters outside quotes (possessive and atomic: linear).
    width = re.compile(rf'(?:(?>"(?:[^"]|"")*+"[^\r\n{d}]*+|[^\r\n{d}]*+){d}){{{limits.columns}}}')
    # A run of more than `cell_chars` characters without a delimiter, from its start.
    cell = re.compile(rf"(?<![^\r\n{d}])[^\r\n{d}]{{{limits.cell_chars + 1}}}")
    return width, cell


_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _has_control(data: bytes, array: np.ndarray, text: str) -> bool:
    """Whether the text holds a character of CONTROL, told from its UTF-8 bytes."""
    c0 = int(np.count_nonzero(array < 0x20))
    if c0 != text.count("\t") + text.count("\n") + text.count("\r"):
        return True
    return b"\x7f" in data or bool(_C1_UTF8.search(data))
