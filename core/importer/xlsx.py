"""The first sheet with data of an XLSX workbook, read as text cells within limits.

An XLSX file is a zip of XML parts. A workbook of 2 KB may declare a sheet of A1:XFD1048576, place one
cell at XFD1048576, or hold a shared string of 400 MB compressed a thousand times: a reader that
trusts the declared size, pads rows to it or loads the shared strings whole takes gigabytes. This one:

- refuses a zip whose parts would unzip to more than `Limits.unzipped_bytes` (and reads each part
  through a counter, so a part that unzips to more than it declares is cut off at the same budget);
- streams every part through expat (no DOCTYPE, no entities), and refuses a token that expat would
  have to buffer whole (a start tag or comment longer than `_MAX_TOKEN`);
- ignores the declared dimension: keeps only the cells that hold a value, at the column their
  reference gives, and the numbers of the rows that hold them;
- refuses, at the first cell that passes it, more than `Limits.columns` columns, more than
  `Limits.rows` rows with data, more than `Limits.cells` cells in the grid (rows x widest row), a
  cell of more than `Limits.cell_chars` characters, more text in all (shared strings counted where
  they are used) than `Limits.unzipped_bytes` characters.

Cells come out as the text that core.importer.parsing reads back: numbers as written by `cell_text`, dates
(by their number format) as ISO dates, booleans as 1/0, strings NFC and stripped, with Excel's
`_xHHHH_` escapes decoded (so a control character typed into a cell is seen, and refused, by the
importer). No other import of the package: openpyxl's date helpers only.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import pyexpat
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, NamedTuple

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from core.base.text import CONTROL, nfc, strip


class Limits(NamedTuple):
    rows: int  # rows holding data
    columns: int  # the last column holding data
    cells: int  # rows x widest row, the grid the importer builds
    cell_chars: int  # characters of one cell
    unzipped_bytes: int  # the parts unzipped; also the characters of all cells


class TooLarge(Exception):
    """A limit passed. `what`: rows | columns | cells | cell_chars | unzipped; `row` and `ref` say
    where (row 1 and no ref for the zip as a whole)."""

    def __init__(self, what: str, limit: int, row: int = 1, ref: str = "") -> None:
        super().__init__(f"{what} > {limit} at row {row} {ref}".strip())
        self.what, self.limit, self.row, self.ref = what, limit, row, ref


class Unreadable(Exception):
    """Not a workbook, or a damaged one."""


@dataclass
class Sheet:
    title: str | None
    row_numbers: list[int] = field(default_factory=list)  # of the rows holding data, ascending
    rows: list[list[str]] = field(default_factory=list)  # each row's cells up to its last value
    width: int = 0
    controls: bool = False  # some cell holds a character of core.base.text.CONTROL


_CHUNK = 1 << 16
_MAX_TOKEN = 1 << 20  # a tag, comment or instruction longer than this: expat would buffer it whole
_MAX_PARTS = 10_000  # zip entries (an Excel workbook has tens)
_EXCEL_COLUMNS = 16_384
_REF = re.compile(r"([A-Za-z]+)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def cell_text(value: Any) -> str:
    """An Excel value as text that the parsers read back exactly."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return strip(nfc(value))
    if kind is bool:
        return "1" if value else "0"
    if kind is int:
        return str(value)
    if kind is float:
        if not math.isfinite(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # Comma decimal mark, so '1.125' (a float) is not read back as 1125.
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return strip(nfc(str(value)))


def _unescape(text: str) -> str:
    """Excel's escapes of characters XML cannot hold: '_x0000_' is NUL, '_x005F_' an underscore (a
    lone surrogate, which no text may hold, becomes U+FFFD)."""
    if "_x" not in text:
        return text

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1), 16)
        return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)

    return _ESCAPE.sub(char, text)


def _local(name: str) -> str:
    """A tag without its namespace prefix ('x:c' -> 'c')."""
    return name.rpartition(":")[2] if ":" in name else name


class _Budget:
    """What is left to unzip, shared by every part read."""

    def __init__(self, limit: int) -> None:
        self.limit, self.left = limit, limit

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise TooLarge("unzipped", self.limit)


def _parse(
    archive: zipfile.ZipFile,
    name: str,
    budget: _Budget,
    start: Callable[[str, dict[str, str]], None] | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Stream one part through expat, chunk by chunk, within the budget. The handlers get the tags
    as written (with any namespace prefix: see `_local`)."""
    parser = pyexpat.ParserCreate()
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: Any) -> None:
        raise Unreadable("DOCTYPE or entity declaration")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    fed = 0
    try:
        with archive.open(name) as stream:
            while chunk := _read(stream):
                budget.take(len(chunk))
                parser.Parse(chunk, False)
                fed += len(chunk)
                # Expat has reported everything up to CurrentByteIndex (text as it comes); the rest is
                # one unfinished token, which it keeps whole and scans again at each chunk.
                if fed - parser.CurrentByteIndex > _MAX_TOKEN:
                    raise Unreadable(f"a token of more than {_MAX_TOKEN} bytes in {name}")
            parser.Parse(b"", True)
    except (pyexpat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError) as exc:
        raise Unreadable(str(exc)) from exc  # RuntimeError: an encrypted part


def _read(stream: IO[bytes]) -> bytes:
    return stream.read(_CHUNK)


# -- the workbook's map: sheets, shared strings, date formats -----------------------------------


@dataclass
class _Book:
    sheets: list[tuple[str, str]]  # (title, part name), in the workbook's order
    shared: str | None
    styles: str | None
    epoch: dt.datetime


def _rels(archive: zipfile.ZipFile, name: str, budget: _Budget) -> dict[str, tuple[str, str]]:
    """Id -> (type, part name) of a part's relationships."""
    found: dict[str, tuple[str, str]] = {}
    folder = posixpath.dirname(posixpath.dirname(name))

    def start(tag: str, a: dict[str, str]) -> None:
        tag = _local(tag)
        if tag == "Relationship" and len(found) < _MAX_PARTS and a.get("TargetMode") != "External":
            target = a.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[a.get("Id", "")] = (a.get("Type", "").rpartition("/")[2], path)

    if name in set(archive.namelist()):
        _parse(archive, name, budget, start)
    return found


def _book(archive: zipfile.ZipFile, budget: _Budget) -> _Book:
    top = _rels(archive, "_rels/.rels", budget)
    main = next((p for t, p in top.values() if t == "officeDocument"), "xl/workbook.xml")
    present = set(archive.namelist())
    if main not in present:
        raise Unreadable("no workbook part")
    folder, base = posixpath.split(main)
    rels = _rels(archive, posixpath.join(folder, "_rels", base + ".rels"), budget)
    listed: list[tuple[str, str]] = []
    epoch = [CALENDAR_WINDOWS_1900]

    def start(tag: str, a: dict[str, str]) -> None:
        tag = _local(tag)
        if tag == "sheet" and len(listed) < _MAX_PARTS:
            rid = next((v for k, v in a.items() if _local(k) == "id"), "")
            listed.append((a.get("name", ""), rid))
        elif tag == "workbookPr" and a.get("date1904", "0").lower() in ("1", "true"):
            epoch[0] = CALENDAR_MAC_1904

    _parse(archive, main, budget, start)
    sheets = [(title, rels[rid][1]) for title, rid in listed if rid in rels and rels[rid][0] == "worksheet"]
    shared = next((p for t, p in rels.values() if t == "sharedStrings"), None)
    styles = next((p for t, p in rels.values() if t == "styles"), None)
    return _Book(
        [s for s in sheets if s[1] in present],
        shared if shared in present else None,
        styles if styles in present else None,
        epoch[0],
    )


_NUMBER, _DATE, _DURATION = 0, 1, 2


def _date_styles(archive: zipfile.ZipFile, name: str | None, budget: _Budget) -> list[int]:
    """For each cell style (cellXfs), whether its number format shows a number, a date or a duration."""
    if name is None:
        return []
    formats = dict(BUILTIN_FORMATS)
    styles: list[int] = []
    place = [""]

    def start(tag: str, a: dict[str, str]) -> None:
        tag = _local(tag)
        if tag == "numFmt" and len(formats) < _MAX_PARTS:
            formats[_int(a.get("numFmtId"))] = a.get("formatCode", "")
        elif tag in ("cellXfs", "cellStyleXfs"):
            place[0] = tag
        elif tag == "xf" and place[0] == "cellXfs" and len(styles) < 65_536:
            fmt = formats.get(_int(a.get("numFmtId")), "General")
            styles.append(_DURATION if is_timedelta_format(fmt) else _DATE if is_date_format(fmt) else _NUMBER)

    def end(tag: str) -> None:
        if _local(tag) in ("cellXfs", "cellStyleXfs"):
            place[0] = ""

    _parse(archive, name, budget, start, end)
    return styles


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return -1


class _TooLong(NamedTuple):
    """A shared string longer than a cell may be: refused where a cell uses it."""

    length: int


def _shared_strings(
    archive: zipfile.ZipFile, name: str | None, budget: _Budget, limits: Limits
) -> list[str | _TooLong]:
    if name is None:
        return []
    strings: list[str | _TooLong] = []
    pieces: list[str] = []
    state = {"in_t": False, "skip": 0, "length": 0}  # skip: inside phonetic text

    def start(tag: str, _: dict[str, str]) -> None:
        tag = _local(tag)
        if tag == "si":
            pieces.clear()
            state["length"] = 0
        elif tag == "t" and not state["skip"]:
            state["in_t"] = True
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] += 1

    def end(tag: str) -> None:
        tag = _local(tag)
        if tag == "si":
            if len(strings) >= limits.cells:
                raise TooLarge("cells", limits.cells)
            length = state["length"]
            strings.append(_TooLong(length) if length > limits.cell_chars else cell_text(_unescape("".join(pieces))))
            pieces.clear()
        elif tag == "t":
            state["in_t"] = False
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] -= 1

    def text(data: str) -> None:
        if state["in_t"]:
            state["length"] += len(data)
            if state["length"] <= limits.cell_chars:
                pieces.append(data)
            else:
                pieces.clear()  # counted, not kept

    _parse(archive, name, budget, start, end, text)
    return strings


# -- a sheet --------------------------------------------------------------------------------------


def _column(letters: str) -> int:
    if len(letters) > 3 or not letters.isascii() or not letters.isalpha():
        return _EXCEL_COLUMNS + 1
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index


class _SheetReader:
    """The handlers of one worksheet's parse; fills `sheet`."""

    def __init__(
        self, sheet: Sheet, shared: list[str | _TooLong], dates: list[int], epoch: dt.datetime, limits: Limits
    ) -> None:
        self.sheet, self.shared, self.dates, self.epoch, self.limits = sheet, shared, dates, epoch, limits
        self.skip = 0  # inside phonetic text
        self.columns: dict[str, int] = {}  # column letters -> number
        self.flagged = {s for s in shared if isinstance(s, str) and CONTROL.search(s)}
        self.row_number = 0
        self.row: list[str] = []
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.pieces: list[str] = []
        self.length = 0
        self.collect = False
        self.chars = 0  # all the text kept, shared strings counted where used

    def start(self, tag: str, a: dict[str, str]) -> None:
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            self.pieces.clear()
            self.length = 0
            ref = a.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                column = self.columns.get(letters)
                if column is None:
                    column = self.columns[letters] = _column(letters)
                self.column = column
            else:
                self.column += 1
            self.kind = a.get("t", "n")
            self.style = _int(a.get("s"))
            if self.row_number < 1:
                raise Unreadable("a cell outside a row")
        elif tag == "v" or tag == "t":
            self.collect = not self.skip
        elif tag == "row":
            self._end_row()
            number = a.get("r")
            self.row_number = _int(number) if number else self.row_number + 1
            if self.row_number <= (self.sheet.row_numbers[-1] if self.sheet.row_numbers else 0):
                raise Unreadable("rows out of order")
        elif tag == "rPh":
            self.skip += 1

    def text(self, data: str) -> None:
        if self.collect:
            self.length += len(data)
            if self.length > self.limits.cell_chars:
                raise TooLarge("cell_chars", self.limits.cell_chars, self.row_number, self._ref())
            self.pieces.append(data)

    def end(self, tag: str) -> None:
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            self._cell("".join(self.pieces))
        elif tag == "v" or tag == "t":
            self.collect = False
        elif tag == "row":
            self._end_row()
        elif tag == "rPh":
            self.skip -= 1

    def _ref(self) -> str:
        letters = ""
        index = min(self.column, _EXCEL_COLUMNS + 1)
        while index:
            index, rest = divmod(index - 1, 26)
            letters = chr(65 + rest) + letters
        return f"{letters}{self.row_number}"

    def _cell(self, raw: str) -> None:
        value = self._value(raw)
        if not value:
            return
        limits = self.limits
        if self.column > limits.columns:
            raise TooLarge("columns", limits.columns, self.row_number, self._ref())
        if len(value) > limits.cell_chars:
            raise TooLarge("cell_chars", limits.cell_chars, self.row_number, self._ref())
        self.chars += len(value)
        if self.chars > limits.unzipped_bytes:
            raise TooLarge("unzipped", limits.unzipped_bytes, self.row_number, self._ref())
        row = self.row
        if not row:  # the first value of a row: one more row of the grid
            sheet = self.sheet
            if len(sheet.rows) + 1 > limits.rows:
                raise TooLarge("rows", limits.rows, self.row_number, self._ref())
            sheet.row_numbers.append(self.row_number)
            sheet.rows.append(row)
        if self.column > len(row):
            row.extend([""] * (self.column - len(row)))
            if self.column > self.sheet.width:
                self.sheet.width = self.column
            if self.sheet.width * len(self.sheet.rows) > limits.cells:
                raise TooLarge("cells", limits.cells, self.row_number, self._ref())
        row[self.column - 1] = value

    def _end_row(self) -> None:
        self.row = []
        self.column = 0

    def _value(self, raw: str) -> str:
        kind = self.kind
        if kind == "s":
            if not raw.strip():
                return ""
            index = _int(raw)
            if not 0 <= index < len(self.shared):
                raise Unreadable(f"no shared string {raw!r}")
            found = self.shared[index]
            if isinstance(found, _TooLong):
                raise TooLarge("cell_chars", self.limits.cell_chars, self.row_number, self._ref())
            if found and found in self.flagged:
                self.sheet.controls = True
            return found
        if kind in ("str", "inlineStr", "e"):
            text = cell_text(_unescape(raw))
            if CONTROL.search(text):
                self.sheet.controls = True
            return text
        if kind == "b":
            return "1" if raw.strip() in ("1", "true") else "0" if raw.strip() else ""
        if kind == "d":
            return _iso_date(raw)
        return self._number(raw.strip())

    def _number(self, raw: str) -> str:
        if not raw:
            return ""
        try:
            number: int | float = float(raw) if any(c in raw for c in ".eE") else int(raw)
        except ValueError:
            return cell_text(raw)
        if not math.isfinite(number):
            return cell_text(raw)  # '1e400' stays text, refused as a number (never a blank cell)
        style = self.dates[self.style] if 0 <= self.style < len(self.dates) else _NUMBER
        if style != _NUMBER and math.isfinite(number):
            try:
                return cell_text(from_excel(number, self.epoch, timedelta=style == _DURATION))
            except (ValueError, OverflowError):
                return cell_text(number)
        return cell_text(number)


def _iso_date(raw: str) -> str:
    try:
        return cell_text(dt.datetime.fromisoformat(raw.strip().rstrip("Z")))
    except ValueError:
        return cell_text(raw)


def _entries(content: bytes) -> int:
    """How many entries the zip's central directory lists (an upper bound, read before the zip is)."""
    return content.count(b"PK\x01\x02")


def read_sheet(content: bytes, limits: Limits) -> Sheet:
    """The first sheet holding data (else the first sheet) of a workbook. Raises TooLarge or Unreadable."""
    if _entries(content) > _MAX_PARTS:
        raise Unreadable("too many zip entries")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except Exception as exc:  # zipfile raises many kinds of errors on a damaged file
        raise Unreadable(str(exc)) from exc
    with archive:
        infos = archive.infolist()
        if sum(i.file_size for i in infos) > limits.unzipped_bytes:
            raise TooLarge("unzipped", limits.unzipped_bytes)
        if any(i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for i in infos):
            raise Unreadable("a compression Excel does not use")
        budget = _Budget(limits.unzipped_bytes)
        book = _book(archive, budget)
        if not book.sheets:
            raise Unreadable("no worksheet")
        dates = _date_styles(archive, book.styles, budget)
        shared = _shared_strings(archive, book.shared, budget, limits)
        first: Sheet | None = None
        for title, part in book.sheets:
            sheet = Sheet(title)
            reader = _SheetReader(sheet, shared, dates, book.epoch, limits)
            _parse(archive, part, budget, reader.start, reader.end, reader.text)
            if sheet.rows:
                return sheet
            first = first or sheet
        assert first is not None
        return first
