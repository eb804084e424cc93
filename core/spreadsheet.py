"""Writing cells that users open in Excel: text that a spreadsheet would read as a formula is
neutralised (CSV/formula injection), in this one function."""

from __future__ import annotations

# A cell whose text begins with one of these is read as a formula by Excel, LibreOffice or Google Sheets
# (tab and carriage return too, when a file is pasted or converted).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that would start a formula gets a leading apostrophe, so it stays text; other values
    (numbers, dates, None, ordinary text) are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
