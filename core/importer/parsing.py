"""What staff type into spreadsheets: months, Vietnamese numbers, dates, column headers, level words.

Pure functions, no database. Every scalar parser has a vectorised twin over a pandas Series; the
twins parse each distinct value once (files repeat the same few months, codes and numbers over many
rows) with vectorised regular expressions, then spread the results back over the rows. The scalar
parsers run the vectorised code on one value, so both always agree.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from core.base.text import header_key, key, nfc

# -- kinds of files -----------------------------------------------------------------------------

INDICATORS_LONG = "indicators_long"
INDICATORS_WIDE = "indicators_wide"
ROUNDS = "rounds"
AREAS = "areas"
HOTSPOTS = "hotspots"
TABLE_KINDS = (INDICATORS_LONG, INDICATORS_WIDE, ROUNDS, AREAS, HOTSPOTS)

IGNORED = "_ignored"
"""Canonical name of a column a file may carry for people (row number, area name, note) but that is
not imported."""

# Aliases are written as `header_key`s: no diacritics, lower case, words joined by "_". The first
# alias of each column is the Vietnamese header of the templates.
_AREA_CODE = ("ma_dia_ban", "area_code", "ma_don_vi", "ma_dvhc", "ma_xa", "ma_dia_ban_moi")
_MONTH = ("thang", "month", "thang_bao_cao", "ky_bao_cao")
_LAT = ("vi_do", "lat", "latitude")
_LON = ("kinh_do", "lon", "lng", "longitude")
_NOTES = ("stt", "tt", "so_thu_tu", "ghi_chu", "note", "notes")

COLUMN_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    INDICATORS_LONG: {
        "area_code": _AREA_CODE,
        "month": _MONTH,
        "indicator": ("chi_so", "indicator", "ma_chi_so", "indicator_code"),
        "value": ("gia_tri", "value", "so_lieu"),
        IGNORED: (*_NOTES, "ten", "ten_dia_ban", "name", "area_name", "ten_chi_so", "indicator_name", "don_vi", "unit"),
    },
    INDICATORS_WIDE: {
        "area_code": _AREA_CODE,
        "month": _MONTH,
        IGNORED: (*_NOTES, "ten", "ten_dia_ban", "name", "area_name"),
    },
    ROUNDS: {
        "area_code": _AREA_CODE,
        "start_month": ("thang_bat_dau", "start_month", "bat_dau"),
        "months": ("so_thang", "months", "thoi_gian", "so_thang_chuyen_hoa", "planned_months"),
        "decision_no": ("so_quyet_dinh", "decision_no", "so_qd", "quyet_dinh"),
        "decision_date": ("ngay_quyet_dinh", "decision_date", "ngay_qd"),
        "programme": ("chuong_trinh", "programme", "program"),
        IGNORED: (*_NOTES, "ten", "ten_dia_ban", "name", "area_name"),
    },
    AREAS: {
        "area_code": (*_AREA_CODE, "code", "ma"),
        "name": ("ten", "name", "ten_dia_ban"),
        "level": ("cap", "level", "loai_dia_ban"),
        "parent_code": ("ma_cap_tren", "parent_code", "ma_xa_cap_tren", "ma_don_vi_cap_tren"),
        "lat": _LAT,
        "lon": _LON,
        "households": ("so_ho", "households", "tong_so_ho"),
        "population": ("dan_so", "population", "so_dan", "so_nhan_khau"),
        IGNORED: _NOTES,
    },
    HOTSPOTS: {
        "id": ("ma_diem", "id", "hotspot_id", "ma_tu_diem"),
        "area_code": _AREA_CODE,
        "type": ("loai", "type", "loai_diem", "loai_te_nan"),
        "name": ("ten", "name", "ten_diem", "dia_diem"),
        "lat": _LAT,
        "lon": _LON,
        "found_on": ("ngay_phat_hien", "found_on", "phat_hien"),
        "eliminated_on": ("ngay_triet_xoa", "eliminated_on", "triet_xoa"),
        IGNORED: (*_NOTES, "ten_dia_ban", "area_name"),
    },
}

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    INDICATORS_LONG: ("area_code", "month", "indicator", "value"),
    INDICATORS_WIDE: ("area_code", "month"),
    ROUNDS: ("area_code", "start_month", "months"),
    AREAS: ("area_code",),
    HOTSPOTS: ("id", "area_code", "type"),
}

_ALIAS_INDEX: dict[str, dict[str, str]] = {
    kind: {alias: canonical for canonical, aliases in columns.items() for alias in aliases}
    for kind, columns in COLUMN_ALIASES.items()
}
_ALL_ALIASES = frozenset(alias for index in _ALIAS_INDEX.values() for alias in index if index[alias] != IGNORED)


def template_header(kind: str, canonical: str) -> str:
    """The Vietnamese header the templates use for a canonical column ('area_code' -> 'ma_dia_ban')."""
    aliases = COLUMN_ALIASES.get(kind, {}).get(canonical)
    return aliases[0] if aliases else canonical


def indicator_header_keys(indicators: Iterable[tuple[str, Sequence[str]]]) -> dict[str, str]:
    """Header keys under which an indicator may appear, from (code, [names...]) pairs: the code
    itself, each name, and each name without a trailing note in brackets."""
    out: dict[str, str] = {}
    for code, names in indicators:
        out[header_key(code)] = code
        for name in names:
            if not name:
                continue
            out.setdefault(header_key(name), code)
            bare = re.sub(r"\s*\([^)]*\)\s*$", "", name)
            out.setdefault(header_key(bare), code)
    out.pop("", None)
    return out


def normalise_headers(
    columns: Sequence[str], kind: str, indicator_names: Mapping[str, str] | None = None
) -> list[str | None]:
    """The canonical name of each column for a kind of file, `IGNORED` for columns that are kept
    for people only, None for columns not understood.

    Headers match with or without diacritics, in any case, with any spacing: 'Mã địa bàn',
    'MA DIA BAN', 'ma_dia_ban' and 'area_code' are all 'area_code'. In a wide indicators file the
    other columns are indicator codes, or indicator names when `indicator_names` (header key ->
    code, see `indicator_header_keys`) is given.
    """
    if kind not in _ALIAS_INDEX:
        raise ValueError(f"unknown kind: {kind!r}")
    index = _ALIAS_INDEX[kind]
    names = {header_key(k): v for k, v in (indicator_names or {}).items()}
    out: list[str | None] = []
    for column in columns:
        hk = header_key(str(column))
        if hk in index:
            out.append(index[hk])
        elif kind == INDICATORS_WIDE and hk in names:
            out.append(names[hk])
        else:
            out.append(None)
    return out


def header_score(cells: Sequence[str], indicator_names: Mapping[str, str] | None = None) -> int:
    """How many cells of a row are known column headers (to find the header row under a title)."""
    names = {header_key(k) for k in (indicator_names or {})}
    return sum(1 for cell in cells if (hk := header_key(str(cell))) and (hk in _ALL_ALIASES or hk in names))


def guess_kind(columns: Sequence[str], indicator_names: Mapping[str, str] | None = None) -> str | None:
    """Which kind of file a header row belongs to, or None."""

    def has(kind: str, *canonical: str) -> bool:
        found = set(normalise_headers(columns, kind, indicator_names))
        return all(c in found for c in canonical)

    if has(INDICATORS_LONG, "indicator") or has(INDICATORS_LONG, "value"):
        return INDICATORS_LONG
    if has(HOTSPOTS, "id") or has(HOTSPOTS, "found_on") or has(HOTSPOTS, "eliminated_on") or has(HOTSPOTS, "type"):
        return HOTSPOTS
    if has(ROUNDS, "start_month") or has(ROUNDS, "months"):
        return ROUNDS
    if has(INDICATORS_WIDE, "month"):
        return INDICATORS_WIDE
    area_fields = ("level", "parent_code", "lat", "lon", "households", "population")
    if has(AREAS, "area_code") and any(has(AREAS, f) for f in area_fields):
        return AREAS
    wide = normalise_headers(columns, INDICATORS_WIDE, indicator_names)
    if "area_code" in wide and any(c not in (None, IGNORED, "area_code", "month") for c in wide):
        return INDICATORS_WIDE
    return None


# -- level words and programmes -----------------------------------------------------------------

PROVINCE, COMMUNE, VILLAGE = "province", "commune", "village"
LEVELS = (PROVINCE, COMMUNE, VILLAGE)

# header_key of a level word -> (level, unit type as written in `areas.unit_type`)
LEVEL_WORDS: dict[str, tuple[str, str | None]] = {
    "tinh": (PROVINCE, "Tỉnh"),
    "thanh_pho": (PROVINCE, "Thành phố"),
    "province": (PROVINCE, None),
    "xa": (COMMUNE, "Xã"),
    "phuong": (COMMUNE, "Phường"),
    "dac_khu": (COMMUNE, "Đặc khu"),
    "commune": (COMMUNE, None),
    "ward": (COMMUNE, None),
    "special_zone": (COMMUNE, None),
    "xa_phuong": (COMMUNE, None),
    "xa_phuong_dac_khu": (COMMUNE, None),
    "thon": (VILLAGE, "Thôn"),
    "ban": (VILLAGE, "Bản"),
    "to_dan_pho": (VILLAGE, "Tổ dân phố"),
    "ap": (VILLAGE, "Ấp"),
    "khom": (VILLAGE, "Khóm"),
    "xom": (VILLAGE, "Xóm"),
    "buon": (VILLAGE, "Buôn"),
    "lang": (VILLAGE, "Làng"),
    "plei": (VILLAGE, "Plei"),
    "khu_pho": (VILLAGE, "Khu phố"),
    "khu_dan_cu": (VILLAGE, "Khu dân cư"),
    "to": (VILLAGE, "Tổ"),
    "village": (VILLAGE, None),
    "hamlet": (VILLAGE, None),
    "thon_ban": (VILLAGE, None),
    "thon_ban_to_dan_pho": (VILLAGE, None),
}

_VILLAGE_PREFIXES = tuple(
    sorted(
        (w.replace("_", " ") + " " for w, (lvl, ut) in LEVEL_WORDS.items() if lvl == VILLAGE and ut),
        key=len,
        reverse=True,
    )
)


def parse_level(text: Any) -> str | None:
    """'Tỉnh', 'xã', 'PHƯỜNG', 'đặc khu', 'thôn', 'Bản', 'tổ dân phố', 'village' -> province / commune / village."""
    entry = LEVEL_WORDS.get(header_key(_text(text)))
    return entry[0] if entry else None


def level_unit_type(text: Any) -> str | None:
    """The unit type a level word names ('ban' -> 'Bản'), None for the generic words."""
    entry = LEVEL_WORDS.get(header_key(_text(text)))
    return entry[1] if entry else None


def parse_levels(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Vectorised `parse_level`: (levels, unit types, invalid mask). Blank cells are not invalid."""
    codes, uniques = pd.factorize(values.astype(object).where(values.notna(), ""))
    keys = [header_key(_text(u)) for u in uniques]
    u_level = np.array([LEVEL_WORDS[k][0] if k in LEVEL_WORDS else None for k in keys], dtype=object)
    u_type = np.array([LEVEL_WORDS[k][1] if k in LEVEL_WORDS else None for k in keys], dtype=object)
    u_invalid = np.array([bool(k) and k not in LEVEL_WORDS for k in keys], dtype=bool)
    return (
        pd.Series(_take(u_level, codes, None), index=values.index, dtype=object),
        pd.Series(_take(u_type, codes, None), index=values.index, dtype=object),
        pd.Series(_take(u_invalid, codes, False), index=values.index, dtype=bool),
    )


def village_name_key(name: str) -> str:
    """Matching key of a village name without its type word: 'Bản Hẹ Muông' -> 'hemuong'."""
    bare = header_key(name).replace("_", " ") + " "
    for prefix in _VILLAGE_PREFIXES:
        if bare.startswith(prefix):
            bare = bare[len(prefix) :]
            break
    return key(bare)


PROGRAMMES = ("TTATXH", "ANTT")
DEFAULT_PROGRAMME = "TTATXH"
_PROGRAMME_WORDS = {
    "ttatxh": "TTATXH",
    "ttxh": "TTATXH",
    "trattuantoanxahoi": "TTATXH",
    "antt": "ANTT",
    "anninhtrattu": "ANTT",
}


def parse_programme(text: Any, default: str | None = DEFAULT_PROGRAMME) -> str | None:
    """'TTATXH' (the default for a blank cell) or 'ANTT'; None when the cell names neither."""
    k = key(_text(text))
    if not k:
        return default
    return _PROGRAMME_WORDS.get(k)


# -- months and dates ---------------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 1900, 2200

_TIME = r"(?:[ t][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
_MONTH_PATTERN = (
    r"^(?:"
    # 2024-03, 2024-3, 2024/03, 2024-03-15, 2024-03-15 00:00:00
    rf"(?P<y1>[0-9]{{4}})\s*[-/.]\s*(?P<m1>[0-9]{{1,2}})(?:\s*[-/.]\s*(?P<d1>[0-9]{{1,2}}){_TIME})?"
    # 03/2024, 3/2024, Tháng 3/2024, T3/2024, T03-2024, tháng 3 năm 2024
    r"|(?:(?:th[aá]ng|t)\s*)?(?P<m2>[0-9]{1,2})\s*(?:[-/.]|,?\s*n[aă]m)\s*(?P<y2>[0-9]{4})"
    # 15/03/2024 (the day is checked, then ignored)
    rf"|(?P<d3>[0-9]{{1,2}})\s*[-/.]\s*(?P<m3>[0-9]{{1,2}})\s*[-/.]\s*(?P<y3>[0-9]{{4}}){_TIME}"
    r")$"
)
_DATE_PATTERN = (
    r"^(?:ng[aà]y\s*)?(?:"
    r"(?P<d1>[0-9]{1,2})\s*[-/.]\s*(?P<m1>[0-9]{1,2})\s*[-/.]\s*(?P<y1>[0-9]{4})"
    r"|(?P<y2>[0-9]{4})-(?P<m2>[0-9]{1,2})-(?P<d2>[0-9]{1,2})"
    rf"){_TIME}$"
)


_MONTH_RE = re.compile(_MONTH_PATTERN, re.IGNORECASE)
_DATE_RE = re.compile(_DATE_PATTERN, re.IGNORECASE)


def _valid_day(year: int, month: int, day: int | None) -> dt.date | None:
    """The day (the first of the month when none is given), None when it does not exist. The same
    rule as `_valid_dates`, for one value."""
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    try:
        return dt.date(year, month, 1 if day is None else day)
    except ValueError:
        return None


def _text(value: Any) -> str:
    """A cell as text: '' for missing, ISO for dates, the number as written for numbers."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return "" if pd.isna(value) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | np.floating) and math.isnan(float(value)):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def _take(uniques: np.ndarray, codes: np.ndarray, missing: Any) -> np.ndarray:
    """Spread per-distinct-value results over rows; code -1 (a missing cell) gets `missing`."""
    padded = np.append(uniques, np.array([missing], dtype=uniques.dtype))
    return padded[np.where(codes < 0, len(uniques), codes)]


def _distinct_text(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(row -> distinct index codes, the distinct values as lower-case stripped NFC text)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    text = pd.Series([nfc(_text(u)).strip().lower() for u in uniques], dtype=object)
    return codes, text


def _ymd(parts: pd.DataFrame, names: Sequence[tuple[str, str, str | None]]) -> pd.DataFrame:
    """(year, month, day) numbers from alternative regex groups; day is NaN where none."""
    year = pd.Series(np.nan, index=parts.index)
    month = pd.Series(np.nan, index=parts.index)
    day = pd.Series(np.nan, index=parts.index)
    for y, m, d in names:
        year = year.fillna(pd.to_numeric(parts[y], errors="coerce"))
        month = month.fillna(pd.to_numeric(parts[m], errors="coerce"))
        if d is not None:
            day = day.fillna(pd.to_numeric(parts[d], errors="coerce"))
    return pd.DataFrame({"year": year, "month": month, "day": day})


def _valid_dates(frame: pd.DataFrame, need_day: bool) -> pd.Series:
    """datetime64 of each (year, month, day) row, NaT where impossible (31/02, month 13, year 0).
    Without a day the first of the month is used, unless `need_day`."""
    ok = frame["year"].between(MIN_YEAR, MAX_YEAR) & frame["month"].between(1, 12)
    ok = ok & (frame["day"].isna() | frame["day"].between(1, 31))
    if need_day:
        ok = ok & (frame["day"].notna())
    out = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    if ok.any():
        good = frame[ok]
        stamps = pd.to_datetime(
            pd.DataFrame({"year": good["year"], "month": good["month"], "day": good["day"].fillna(1)}).astype("int64"),
            errors="coerce",
        )
        out[ok] = stamps.astype("datetime64[s]")
    return out


def parse_months(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised `parse_month`: (datetime64 of each month's first day or NaT, invalid mask).

    Blank cells give NaT and are not invalid: whether a blank is allowed is for the caller."""
    codes, text = _distinct_text(values)
    parts = text.str.extract(_MONTH_PATTERN, flags=re.IGNORECASE)
    frame = _ymd(parts, [("y1", "m1", "d1"), ("y2", "m2", None), ("y3", "m3", "d3")])
    dates = _valid_dates(frame, need_day=False)
    firsts = dates.dt.to_period("M").dt.start_time.astype("datetime64[s]")
    u_month = firsts.to_numpy()
    u_invalid = (firsts.isna() & (text != "")).to_numpy()
    months = pd.Series(_take(u_month, codes, np.datetime64("NaT", "s")), index=values.index, dtype="datetime64[s]")
    invalid = pd.Series(_take(u_invalid, codes, False), index=values.index, dtype=bool)
    return months, invalid


def parse_month(value: Any) -> dt.date | None:
    """The first day of the month a cell names, or None.

    '2024-03', '2024-3', '03/2024', '3/2024', 'Tháng 3/2024', 'tháng 03/2024', 'T3/2024',
    'T03-2024', 'tháng 3 năm 2024', '15/03/2024' (dd/mm/yyyy; the day must exist, then is ignored),
    '2024-03-15', and date/datetime cells from Excel.
    """
    if isinstance(value, dt.date):
        if isinstance(value, dt.datetime) and pd.isna(value):
            return None
        return dt.date(value.year, value.month, 1)
    match = _MONTH_RE.match(nfc(_text(value)).strip().lower())
    if not match:
        return None
    g = match.groupdict()
    for y, m, d in (("y1", "m1", "d1"), ("y2", "m2", None), ("y3", "m3", "d3")):
        if g[y] is not None:
            day = _valid_day(int(g[y]), int(g[m]), int(g[d]) if d and g[d] is not None else None)
            return None if day is None else day.replace(day=1)
    return None


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised `parse_date`: (datetime64 or NaT, invalid mask); blank cells are not invalid."""
    codes, text = _distinct_text(values)
    parts = text.str.extract(_DATE_PATTERN, flags=re.IGNORECASE)
    frame = _ymd(parts, [("y1", "m1", "d1"), ("y2", "m2", "d2")])
    dates = _valid_dates(frame, need_day=True)
    u_date = dates.to_numpy()
    u_invalid = (dates.isna() & (text != "")).to_numpy()
    out = pd.Series(_take(u_date, codes, np.datetime64("NaT", "s")), index=values.index, dtype="datetime64[s]")
    invalid = pd.Series(_take(u_invalid, codes, False), index=values.index, dtype=bool)
    return out, invalid


def parse_date(value: Any) -> dt.date | None:
    """A day: '02/3/2023', '2/3/2023', '02-03-2023', '02.03.2023' (dd/mm/yyyy), ISO '2023-03-02',
    'ngày 02/3/2023', and date/datetime cells. None when not a valid day (31/02/2024)."""
    if isinstance(value, dt.datetime):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE_RE.match(nfc(_text(value)).strip().lower())
    if not match:
        return None
    g = match.groupdict()
    for y, m, d in (("y1", "m1", "d1"), ("y2", "m2", "d2")):
        if g[y] is not None:
            return _valid_day(int(g[y]), int(g[m]), int(g[d]))
    return None


# -- numbers ------------------------------------------------------------------------------------

_GROUP_SPACE = re.compile(r"(?<=[0-9])[ \u00a0\u202f\u2009](?=[0-9]{3}(?![0-9]))")
_SIGNED = r"^(?P<sign>[+-]?)\s*(?P<body>.*)$"
_INT = r"[0-9]+"
_DOT_THOUSANDS = r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+"
_DOT_THOUSANDS_COMMA_DECIMAL = r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+,[0-9]+"
_COMMA_DECIMAL = r"[0-9]+,[0-9]+"
_COMMA_THOUSANDS = r"[1-9][0-9]{0,2}(?:,[0-9]{3}){2,}(?:\.[0-9]+)?|[1-9][0-9]{0,2}(?:,[0-9]{3})+\.[0-9]+"
_DOT_DECIMAL = r"[0-9]*\.[0-9]+"
_EXPONENT = r"[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]{1,3}"
# (pattern, rewrite to Python's notation, applies only when a dot may group thousands); first match wins.
_NUMBER_RULES: tuple[tuple[str, str, bool], ...] = (
    (_INT, "keep", False),
    (_DOT_THOUSANDS, "drop_dots", True),
    (_DOT_THOUSANDS_COMMA_DECIMAL, "drop_dots_comma_decimal", True),
    (_COMMA_DECIMAL, "comma_decimal", False),
    (_COMMA_THOUSANDS, "drop_commas", False),
    (_DOT_DECIMAL, "keep", False),
    (_EXPONENT, "keep", False),
)
_REWRITES: dict[str, tuple[tuple[str, str], ...]] = {
    "keep": (),
    "drop_dots": ((".", ""),),
    "drop_dots_comma_decimal": ((".", ""), (",", ".")),
    "comma_decimal": ((",", "."),),
    "drop_commas": ((",", ""),),
}
_NUMBER_RES = tuple((re.compile(p), rewrite, thousands) for p, rewrite, thousands in _NUMBER_RULES)
_SIGNED_RE = re.compile(_SIGNED, re.DOTALL)


def parse_numbers(values: pd.Series, dot_thousands: bool = True) -> tuple[pd.Series, pd.Series]:
    """Vectorised `parse_number`: (float64 with NaN, invalid mask); blank cells are not invalid.
    With `dot_thousands=False` (coordinates) a single dot is always a decimal point."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = pd.to_numeric(values, errors="coerce").astype("float64")
        numbers = numbers.where(np.isfinite(numbers))
        return numbers, pd.Series(False, index=values.index)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    direct = pd.Series(
        [float(x) if isinstance(x, int | float | np.number) and not isinstance(x, bool) else np.nan for x in uniques],
        dtype="float64",
    )
    # Text is parsed; numbers came through `direct`; anything else (a date in a number column) is invalid.
    text = pd.Series(
        [
            x.strip() if isinstance(x, str) else "" if _text(x) == "" or not np.isnan(d) else "?"
            for x, d in zip(uniques, direct, strict=True)
        ],
        dtype=object,
    )
    text = text.str.replace("\u2212", "-", regex=False).str.replace(_GROUP_SPACE, "", regex=True)
    parts = text.str.extract(_SIGNED, flags=re.DOTALL)
    body = parts["body"].fillna("")
    negative = parts["sign"].fillna("") == "-"
    conditions = []
    choices = []
    for pattern, rewrite, thousands in _NUMBER_RULES:
        conditions.append(body.str.fullmatch(pattern) & (dot_thousands or not thousands))
        rewritten = body
        for old, new in _REWRITES[rewrite]:
            rewritten = rewritten.str.replace(old, new, regex=False)
        choices.append(rewritten)
    normalised = pd.Series(
        np.select([c.fillna(False).to_numpy(dtype=bool) for c in conditions], [c.to_numpy() for c in choices], "")
    )
    parsed = pd.to_numeric(normalised, errors="coerce").astype("float64")
    parsed = parsed.where(~negative.to_numpy(), -parsed)
    parsed = parsed.fillna(direct)
    parsed = parsed.where(np.isfinite(parsed.to_numpy()))
    blank = (text == "") & direct.isna()
    u_invalid = (parsed.isna() & ~blank).to_numpy()
    numbers = pd.Series(_take(parsed.to_numpy(), codes, np.nan), index=values.index, dtype="float64")
    invalid = pd.Series(_take(u_invalid, codes, False), index=values.index, dtype=bool)
    return numbers, invalid


def parse_number(value: Any, dot_thousands: bool = True) -> float | None:
    """A number as Vietnamese staff write it, or None.

    '1.600' = 1600 and '1.600.000' (dot groups thousands), '12,5' = 12.5 (comma is the decimal
    mark), '1.600,5', '1 600' (space or non-breaking space groups thousands). A single dot followed
    by exactly three digits groups thousands ('1.600'); any other single dot is a decimal point
    ('12.5', '0.125'); with `dot_thousands=False` (coordinates: '103.226') every single dot is. '1,600,000'
    and '1,600.5' (English grouping) are read as such; '-5' is -5.
    Numbers already numeric (from Excel) pass through.
    """
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float | np.number):
        number = float(value)
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    text = _GROUP_SPACE.sub("", value.strip().replace("\u2212", "-"))
    signed = _SIGNED_RE.match(text)
    if signed is None:
        return None
    body = signed.group("body")
    for pattern, rewrite, thousands in _NUMBER_RES:
        if (dot_thousands or not thousands) and pattern.fullmatch(body):
            for old, new in _REWRITES[rewrite]:
                body = body.replace(old, new)
            number = -float(body) if signed.group("sign") == "-" else float(body)
            return number if math.isfinite(number) else None
    return None


# -- codes --------------------------------------------------------------------------------------


def normalise_codes(values: pd.Series) -> pd.Series:
    """Area and hotspot codes as text: stripped, NFC, without Excel's '.0' or leading apostrophe.
    Leading zeros are restored later, where the database says which code is meant."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    text = pd.Series([nfc(_text(u)).strip() for u in uniques], dtype=object)
    text = (
        text.str.replace(r'^="(.*)"$', r"\1", regex=True)  # ="03478", how some programs keep the zero
        .str.replace(r"^'", "", regex=True)  # '03478, typed in Excel to keep it
        .str.replace(r"^([0-9]+)\.0+$", r"\1", regex=True)  # 3478.0 from a float column
        .str.strip()
    )
    return pd.Series(_take(text.to_numpy(dtype=object), codes, ""), index=values.index, dtype=object)
