"""Hostile and careless files, built from text (never a committed binary): the workbook that declares
a whole sheet, a shared-string bomb, a line of commas, a file of 100k columns, bytes that must not be
stored. Used by the importer's tests, the CLI's and the upload page's, the fuzz test and
bench/bench_hostile.py."""

from __future__ import annotations

import io
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent

HEADER = ("ma_dia_ban", "thang", "chi_so", "gia_tri")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def column_letters(index: int) -> str:
    """1 -> A, 16384 -> XFD."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inline_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def sheet_xml(rows: Iterable[str], dimension: str | None = None) -> str:
    """A worksheet from the XML of its rows (`<row r="1">...</row>`)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{dim}<sheetData>{"".join(rows)}</sheetData></worksheet>'


def row_xml(number: int, cells: Mapping[str, str]) -> str:
    """A row of inline strings: {'A': 'text', ...}."""
    return f'<row r="{number}">' + "".join(inline_cell(f"{c}{number}", v) for c, v in cells.items()) + "</row>"


Part = str | bytes | Iterable[str]


def xlsx(sheet: Part, shared_strings: Part | None = None, extra: Mapping[str, Part] | None = None) -> bytes:
    """A workbook of one sheet, zipped (deflate) from the text of its parts. A part may be given as
    pieces of text, written one after the other (a bomb is never whole in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        parts: dict[str, Part] = {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _RELS,
            "xl/workbook.xml": _WORKBOOK,
            "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
            "xl/worksheets/sheet1.xml": sheet,
        }
        if shared_strings is not None:
            parts["xl/sharedStrings.xml"] = shared_strings
        parts.update(extra or {})
        for name, part in parts.items():
            with z.open(name, "w", force_zip64=True) as out:
                for piece in [part] if isinstance(part, str | bytes) else part:
                    out.write(piece.encode() if isinstance(piece, str) else piece)
    return buffer.getvalue()


def header_row() -> str:
    return row_xml(1, dict(zip("ABCD", HEADER, strict=True)))


def whole_sheet_xlsx() -> bytes:
    """2 KB: the sheet declares A1:XFD1048576 and holds the four header cells and one cell at
    XFD1048576 (issue item 1: the server grew by 20 MB/s until the machine killed it)."""
    last = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return xlsx(sheet_xml([header_row(), last], dimension="A1:XFD1048576"))


def shared_string_bomb(megabytes: int = 400) -> bytes:
    """About 410 KB: one shared string of `megabytes` MB, used by a cell (issue item 1: MemoryError at 5.1 GB)."""
    chunk = "A" * (1 << 20)
    strings = [
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>',
        *[chunk] * megabytes,
        "</t></si></sst>",
    ]
    data = '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return xlsx(sheet_xml([header_row(), data]), shared_strings=strings)


def comma_line(megabytes: int = 10) -> bytes:
    """A header, then one line of `megabytes` MB of commas (issue item 1: no answer in 300 s, 3.9 GB)."""
    return (",".join(HEADER) + "\n" + "," * (megabytes * 1_000_000) + "\n").encode()


def wide_csv(columns: int = 100_000) -> bytes:
    """A header of `columns` columns and one row of data (issue item 1: 162 s to refuse)."""
    header = list(HEADER) + [f"c{i}" for i in range(columns - len(HEADER))]
    row = ["03478", "03/2024", "crimes", "1"] + ["1"] * (columns - len(HEADER))
    return (",".join(header) + "\n" + ",".join(row) + "\n").encode()


HOSTILE = {
    "whole_sheet_xlsx": ("toan_trang.xlsx", whole_sheet_xlsx),
    "comma_line_10mb": ("dau_phay.csv", comma_line),
    "shared_string_bomb_400mb": ("chuoi_chung.xlsx", shared_string_bomb),
    # Under the zip's limit: refused as a cell too long, where a cell uses it.
    "shared_string_200mb": ("chuoi_chung_200.xlsx", lambda: shared_string_bomb(200)),
    "wide_csv_100k_columns": ("rong.csv", wide_csv),
}


# -- running an import in a process of its own, measured -------------------------------------------

SAFETY_LIMIT_MB = 3072
"""The child's address space: a regression is stopped here rather than by the machine. (The address
space of a healthy import is already about 2 GB of reservations, so the bound on memory is the peak
resident size measured, not this.)"""


@dataclass(frozen=True)
class Run:
    code: int  # exit status; -9 when killed at the timeout
    seconds: float
    peak_mb: float  # the child's own peak resident memory (VmHWM)
    stdout: str
    stderr: str


# Runs `-m module args` or `-c code args` as python would, and writes the process's peak resident
# memory (VmHWM, its own: not the parent's that wait4's ru_maxrss keeps across fork and exec) at exit.
_MEASURED = """
import atexit, os, runpy, sys

def _peak():
    with open("/proc/self/status") as status, open(os.environ["MEASURED_PEAK_FILE"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM")))

atexit.register(_peak)
flag, target, *rest = sys.argv[1:]
if flag == "-m":
    sys.argv = [target, *rest]
    runpy.run_module(target, run_name="__main__", alter_sys=True)
else:
    sys.argv = ["-c", *rest]
    exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
"""


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM")), 0)
    except OSError:
        return 0


def run_measured(args: Sequence[str], timeout: float = 60.0, limit_mb: int = SAFETY_LIMIT_MB) -> Run:
    """Run `python -m module ...` or `python -c code ...` (`args`) in the project, under an
    address-space limit, killed after `timeout`; its peak memory as it reports it at exit (or as
    last seen, when it was killed)."""

    def limit() -> None:
        size = limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        env = {**os.environ, "MEASURED_PEAK_FILE": str(peak_file)}
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _MEASURED, *args], cwd=ROOT, stdout=out, stderr=err, preexec_fn=limit, env=env
        )
        seen = 0
        while proc.poll() is None:
            seen = max(seen, _hwm_kb(proc.pid))
            if time.perf_counter() - t0 > timeout:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - t0
        reported = int(peak_file.read_text()) if peak_file.exists() and peak_file.read_text() else 0
        out.seek(0)
        err.seek(0)
        return Run(
            proc.returncode,
            seconds,
            max(seen, reported) / 1024,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )
