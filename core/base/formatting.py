"""Vietnamese (and English) formats: 1.600 for thousands, 12,5% for decimals, dd/mm/yyyy,
"Tháng 3/2024"."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

_MONTH_ARG = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_month_arg(text: str) -> date:
    """`YYYY-MM` as given on the command line or in a URL."""
    match = _MONTH_ARG.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"tháng không hợp lệ: {text!r} (cần dạng YYYY-MM)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _as_date(value: Any) -> date | None:
    if value is None or value != value:  # None, NaN, NaT
        return None
    if hasattr(value, "to_pydatetime"):
        try:
            value = value.to_pydatetime()
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def month_key(value: Any) -> str:
    """`2024-03` for a month (CSV output, URLs)."""
    d = _as_date(value)
    return "" if d is None else f"{d.year:04d}-{d.month:02d}"


def fmt_month(value: Any, lang: str = "vi") -> str:
    d = _as_date(value)
    if d is None:
        return ""
    return f"Tháng {d.month}/{d.year}" if lang == "vi" else f"{d.month:02d}/{d.year}"


def fmt_date(value: Any, lang: str = "vi") -> str:
    d = _as_date(value)
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year}"


def fmt_number(value: Any, decimals: int = 0, lang: str = "vi") -> str:
    """1600 -> '1.600' (vi) or '1,600' (en); 12.5 with decimals=1 -> '12,5' (vi)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{float(value):,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_percent(value: Any, decimals: int = 1, lang: str = "vi") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    rounded = round(float(value), decimals)
    if rounded == int(rounded):
        return fmt_number(rounded, 0, lang) + "%"
    return fmt_number(rounded, decimals, lang) + "%"
