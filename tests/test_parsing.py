"""core.importer.parsing: months, Vietnamese numbers, dates, headers, kinds, level words."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.importer import parsing
from core.importer.parsing import (
    guess_kind,
    indicator_header_keys,
    level_unit_type,
    normalise_codes,
    normalise_headers,
    parse_date,
    parse_dates,
    parse_level,
    parse_levels,
    parse_month,
    parse_months,
    parse_number,
    parse_numbers,
    parse_programme,
    village_name_key,
)

MARCH_2024 = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    "text",
    [
        "2024-03",
        "2024-3",
        "03/2024",
        "3/2024",
        "Tháng 3/2024",
        "tháng 03/2024",
        "THÁNG 3/2024",
        "Thang 3/2024",
        "T3/2024",
        "t3/2024",
        "T03-2024",
        "T 03/2024",
        "tháng 3 năm 2024",
        "15/03/2024",
        "1/3/2024",
        "31/03/2024",
        "2024-03-15",
        "2024-03-15 00:00:00",
        "  03/2024  ",
        "3.2024",
        "2024/03",
    ],
)
def test_parse_month_accepts_every_written_form(text: str) -> None:
    assert parse_month(text) == MARCH_2024


def test_parse_month_accepts_excel_date_and_datetime_cells() -> None:
    assert parse_month(dt.date(2024, 3, 15)) == MARCH_2024
    assert parse_month(dt.datetime(2024, 3, 31, 17, 45)) == MARCH_2024
    assert parse_month(pd.Timestamp("2024-03-02")) == MARCH_2024


def test_parse_month_leap_day_is_valid_only_in_leap_years() -> None:
    assert parse_month("29/02/2024") == dt.date(2024, 2, 1)
    assert parse_month("29/02/2023") is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "13/2024", "0/2024", "31/02/2024", "32/01/2024", "2024", "03/24", "2024-13", "T13/2024", None],
)
def test_parse_month_rejects_what_is_not_a_month(text: str | None) -> None:
    assert parse_month(text) is None


def test_parse_month_rejects_nan_and_numbers() -> None:
    assert parse_month(float("nan")) is None
    assert parse_month(pd.NaT) is None
    assert parse_month(45352) is None


def test_parse_months_vectorised_gives_months_and_invalid_mask() -> None:
    values = pd.Series(
        ["2024-03", "", "x", "Tháng 12/2023", None, "31/02/2024", "2024-03"], index=[10, 11, 12, 13, 14, 15, 16]
    )
    months, invalid = parse_months(values)
    assert list(months.index) == [10, 11, 12, 13, 14, 15, 16]
    assert months[10] == pd.Timestamp("2024-03-01")
    assert months[13] == pd.Timestamp("2023-12-01")
    assert months[16] == pd.Timestamp("2024-03-01")
    assert pd.isna(months[11]) and pd.isna(months[12]) and pd.isna(months[14]) and pd.isna(months[15])
    assert invalid.tolist() == [False, False, True, False, False, True, False]


def test_parse_months_agrees_with_parse_month_on_mixed_cells() -> None:
    cells = ["2024-03", "T3/2024", "x", dt.date(2024, 5, 9), "15/03/2024", "31/02/2024"]
    months, _ = parse_months(pd.Series(cells, dtype=object))
    for cell, month in zip(cells, months, strict=True):
        expected = parse_month(cell)
        assert (None if pd.isna(month) else month.date()) == expected


def test_parse_months_handles_many_rows_of_few_distinct_values() -> None:
    values = pd.Series(["03/2024", "T4/2024", "bad"] * 100_000)
    months, invalid = parse_months(values)
    assert months.iloc[0] == pd.Timestamp("2024-03-01")
    assert months.iloc[1] == pd.Timestamp("2024-04-01")
    assert int(invalid.sum()) == 100_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("0", 0.0),
        ("1.600", 1600.0),
        ("1.600.000", 1_600_000.0),
        ("12,5", 12.5),
        ("0,75", 0.75),
        ("1.600,5", 1600.5),
        ("1.234.567,89", 1_234_567.89),
        ("12.5", 12.5),
        ("0.125", 0.125),
        ("1.60", 1.6),
        ("1234.567", 1234.567),
        ("1 600", 1600.0),
        ("1\u00a0600", 1600.0),
        ("1\u00a0600\u00a0000", 1_600_000.0),
        ("1 600,5", 1600.5),
        ("1,600,000", 1_600_000.0),
        ("1,600.5", 1600.5),
        ("-5", -5.0),
        ("\u22125", -5.0),
        ("+7", 7.0),
        ("  42  ", 42.0),
        (".5", 0.5),
        ("1e3", 1000.0),
    ],
)
def test_parse_number_reads_vietnamese_numbers(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "12 5", "1..6", "1,2,3", "12,", "--5", "5%", None, "inf", "nan"])
def test_parse_number_rejects_what_is_not_a_number(text: str | None) -> None:
    assert parse_number(text) is None


def test_parse_number_passes_numeric_cells_through() -> None:
    assert parse_number(12) == 12.0
    assert parse_number(1.125) == 1.125
    assert parse_number(np.int64(7)) == 7.0
    assert parse_number(True) == 1.0
    assert parse_number(float("nan")) is None
    assert parse_number(float("inf")) is None


def test_parse_numbers_vectorised_with_invalid_mask() -> None:
    values = pd.Series(["1.600", "", "12,5", "x", None, "-3"])
    numbers, invalid = parse_numbers(values)
    assert numbers.iloc[0] == 1600.0
    assert numbers.iloc[2] == 12.5
    assert numbers.iloc[5] == -3.0
    assert pd.isna(numbers.iloc[1]) and pd.isna(numbers.iloc[3]) and pd.isna(numbers.iloc[4])
    assert invalid.tolist() == [False, False, False, True, False, False]


def test_parse_numbers_on_a_numeric_series_passes_through() -> None:
    numbers, invalid = parse_numbers(pd.Series([1.5, 2.0, np.nan]))
    assert numbers.iloc[0] == 1.5 and numbers.iloc[1] == 2.0 and pd.isna(numbers.iloc[2])
    assert not invalid.any()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02/3/2023", dt.date(2023, 3, 2)),
        ("2/3/2023", dt.date(2023, 3, 2)),
        ("02-03-2023", dt.date(2023, 3, 2)),
        ("02.03.2023", dt.date(2023, 3, 2)),
        ("2023-03-02", dt.date(2023, 3, 2)),
        ("2023-03-02 00:00:00", dt.date(2023, 3, 2)),
        ("ngày 02/3/2023", dt.date(2023, 3, 2)),
        ("29/02/2024", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date_reads_day_month_year(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2024", "29/02/2023", "03/2024", "2024-03", "x", "", "32/1/2024"])
def test_parse_date_rejects_impossible_or_partial_dates(text: str) -> None:
    assert parse_date(text) is None


def test_parse_dates_vectorised() -> None:
    dates, invalid = parse_dates(pd.Series(["02/03/2023", "", "31/02/2024"]))
    assert dates.iloc[0] == pd.Timestamp("2023-03-02")
    assert invalid.tolist() == [False, False, True]
    assert parse_date(dt.datetime(2023, 3, 2, 9, 0)) == dt.date(2023, 3, 2)


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("ma_dia_ban", "area_code"),
        ("Mã địa bàn", "area_code"),
        ("MÃ ĐỊA BÀN", "area_code"),
        ("Ma dia ban", "area_code"),
        ("  mã   địa bàn ", "area_code"),
        ("area_code", "area_code"),
        ("AREA_CODE", "area_code"),
        ("thang", "month"),
        ("Tháng", "month"),
        ("THANG", "month"),
        ("month", "month"),
        ("chi_so", "indicator"),
        ("Chỉ số", "indicator"),
        ("indicator", "indicator"),
        ("gia_tri", "value"),
        ("Giá trị", "value"),
        ("GIÁ TRỊ", "value"),
        ("value", "value"),
        ("STT", parsing.IGNORED),
        ("Tên địa bàn", parsing.IGNORED),
        ("something else", None),
    ],
)
def test_normalise_headers_long_indicators(header: str, canonical: str | None) -> None:
    assert normalise_headers([header], "indicators_long") == [canonical]


@pytest.mark.parametrize(
    ("headers", "kind", "expected"),
    [
        (
            ["Mã địa bàn", "Tháng bắt đầu", "Số tháng", "Số quyết định", "Ngày quyết định", "Chương trình"],
            "rounds",
            ["area_code", "start_month", "months", "decision_no", "decision_date", "programme"],
        ),
        (
            ["area_code", "start_month", "months", "decision_no", "decision_date", "programme"],
            "rounds",
            ["area_code", "start_month", "months", "decision_no", "decision_date", "programme"],
        ),
        (
            ["ma_dia_ban", "ten", "cap", "ma_cap_tren", "vi_do", "kinh_do", "so_ho", "dan_so"],
            "areas",
            ["area_code", "name", "level", "parent_code", "lat", "lon", "households", "population"],
        ),
        (
            ["Mã địa bàn", "Tên", "Cấp", "Mã cấp trên", "Vĩ độ", "Kinh độ", "Số hộ", "Dân số"],
            "areas",
            ["area_code", "name", "level", "parent_code", "lat", "lon", "households", "population"],
        ),
        (
            ["area_code", "name", "level", "parent_code", "lat", "lon", "households", "population"],
            "areas",
            ["area_code", "name", "level", "parent_code", "lat", "lon", "households", "population"],
        ),
        (
            ["Mã điểm", "Mã địa bàn", "Loại", "Tên", "Vĩ độ", "Kinh độ", "Ngày phát hiện", "Ngày triệt xóa"],
            "hotspots",
            ["id", "area_code", "type", "name", "lat", "lon", "found_on", "eliminated_on"],
        ),
        (
            ["id", "area_code", "type", "name", "lat", "lon", "found_on", "eliminated_on"],
            "hotspots",
            ["id", "area_code", "type", "name", "lat", "lon", "found_on", "eliminated_on"],
        ),
    ],
)
def test_normalise_headers_per_kind(headers: list[str], kind: str, expected: list[str]) -> None:
    assert normalise_headers(headers, kind) == expected


def test_normalise_headers_wide_accepts_codes_and_vietnamese_names() -> None:
    names = indicator_header_keys(
        [
            ("crimes", ["Vụ phạm tội về trật tự xã hội xảy ra"]),
            ("political_system_ok", ["Hệ thống chính trị ổn định (1 = đạt, 0 = không)"]),
        ]
    )
    headers = [
        "Mã địa bàn",
        "Tháng",
        "crimes",
        "VỤ PHẠM TỘI VỀ TRẬT TỰ XÃ HỘI XẢY RA",
        "Hệ thống chính trị ổn định",
        "xyz",
    ]
    assert normalise_headers(headers, "indicators_wide", names) == [
        "area_code",
        "month",
        "crimes",
        "crimes",
        "political_system_ok",
        None,
    ]


def test_normalise_headers_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError):
        normalise_headers(["a"], "nonsense")


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["ma_dia_ban", "thang", "chi_so", "gia_tri"], "indicators_long"),
        (["Mã địa bàn", "Tháng", "Chỉ số", "Giá trị"], "indicators_long"),
        (["area_code", "month", "indicator", "value"], "indicators_long"),
        (["ma_dia_ban", "thang", "crimes", "crimes_solved"], "indicators_wide"),
        (["area_code", "month", "gangs"], "indicators_wide"),
        (["ma_dia_ban", "thang_bat_dau", "so_thang", "so_quyet_dinh", "ngay_quyet_dinh"], "rounds"),
        (["area_code", "start_month", "months"], "rounds"),
        (["ma_dia_ban", "ten", "cap", "ma_cap_tren", "vi_do", "kinh_do", "so_ho", "dan_so"], "areas"),
        (["area_code", "lat", "lon"], "areas"),
        (["ma_diem", "ma_dia_ban", "loai", "ten", "vi_do", "kinh_do", "ngay_phat_hien", "ngay_triet_xoa"], "hotspots"),
        (["id", "area_code", "type"], "hotspots"),
    ],
)
def test_guess_kind_from_headers(headers: list[str], kind: str) -> None:
    assert guess_kind(headers) == kind


def test_guess_kind_none_when_headers_mean_nothing() -> None:
    assert guess_kind(["a", "b", "c"]) is None
    assert guess_kind([]) is None
    assert guess_kind(["ma_dia_ban"]) is None


def test_guess_kind_wide_with_vietnamese_indicator_names_only() -> None:
    names = indicator_header_keys([("crimes", ["Vụ phạm tội về trật tự xã hội xảy ra"])])
    assert guess_kind(["Mã địa bàn", "Vụ phạm tội về trật tự xã hội xảy ra"], names) == "indicators_wide"


@pytest.mark.parametrize(
    ("word", "level", "unit_type"),
    [
        ("tỉnh", "province", "Tỉnh"),
        ("Tỉnh", "province", "Tỉnh"),
        ("TINH", "province", "Tỉnh"),
        ("Thành phố", "province", "Thành phố"),
        ("province", "province", None),
        ("xã", "commune", "Xã"),
        ("Xa", "commune", "Xã"),
        ("phường", "commune", "Phường"),
        ("PHƯỜNG", "commune", "Phường"),
        ("đặc khu", "commune", "Đặc khu"),
        ("Dac khu", "commune", "Đặc khu"),
        ("commune", "commune", None),
        ("thôn", "village", "Thôn"),
        ("THÔN", "village", "Thôn"),
        ("bản", "village", "Bản"),
        ("Ban", "village", "Bản"),
        ("tổ dân phố", "village", "Tổ dân phố"),
        ("To dan pho", "village", "Tổ dân phố"),
        ("village", "village", None),
        ("Village", "village", None),
    ],
)
def test_level_words(word: str, level: str, unit_type: str | None) -> None:
    assert parse_level(word) == level
    assert level_unit_type(word) == unit_type


def test_unknown_level_words() -> None:
    assert parse_level("huyện") is None
    assert parse_level("") is None
    assert parse_level(None) is None


def test_parse_levels_vectorised() -> None:
    levels, types, invalid = parse_levels(pd.Series(["Bản", "", "huyện", "xã"]))
    assert levels.tolist() == ["village", None, None, "commune"]
    assert types.tolist() == ["Bản", None, None, "Xã"]
    assert invalid.tolist() == [False, False, True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "TTATXH"), (None, "TTATXH"), ("TTATXH", "TTATXH"), ("ttatxh", "TTATXH"), ("ANTT", "ANTT"), ("antt", "ANTT")],
)
def test_parse_programme(text: str | None, expected: str) -> None:
    assert parse_programme(text) == expected


def test_parse_programme_rejects_others_and_blank_can_mean_keep() -> None:
    assert parse_programme("PCTP") is None
    assert parse_programme("", default=None) is None


def test_normalise_codes_restores_text_codes() -> None:
    codes = normalise_codes(pd.Series(["3478.0", " 03478 ", "'03478", '="03478"', None, "BAN-01"]))
    assert codes.tolist() == ["3478", "03478", "03478", "03478", "", "BAN-01"]


def test_village_name_key_drops_the_type_word() -> None:
    assert village_name_key("Bản Hẹ Muông") == "hemuong"
    assert village_name_key("Thôn 1") == "1"
    assert village_name_key("Tổ dân phố Số 3") == "so3"


def test_parse_number_for_coordinates_reads_every_single_dot_as_decimal() -> None:
    assert parse_number("103.226", dot_thousands=False) == pytest.approx(103.226)
    assert parse_number("103,226", dot_thousands=False) == pytest.approx(103.226)
    assert parse_number("103.226") == 103226.0
    numbers, invalid = parse_numbers(pd.Series(["22.125", "1.600.000"]), dot_thousands=False)
    assert numbers.iloc[0] == pytest.approx(22.125)
    assert invalid.tolist() == [False, True]


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_reads_back_vietnamese_thousands(n: int) -> None:
    written = f"{n:,}".replace(",", ".")
    assert parse_number(written) == float(n)
    assert parse_number(f"{n:,}".replace(",", " ")) == float(n)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_parse_number_reads_back_comma_decimals(whole: int, cents: int) -> None:
    written = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    assert parse_number(written) == pytest.approx(whole + cents / 100)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_parse_month_reads_back_every_written_form_of_any_date(day: dt.date) -> None:
    first = day.replace(day=1)
    for written in (
        f"{day.month:02d}/{day.year}",
        f"{day.month}/{day.year}",
        f"Tháng {day.month}/{day.year}",
        f"T{day.month:02d}-{day.year}",
        f"{day.year}-{day.month:02d}",
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
    ):
        assert parse_month(written) == first, written


_PIECES = st.sampled_from(
    ["0", "1", "3", "12", "2024", "600", "000", ".", ",", "/", "-", " ", "T", "tháng ", "năm", "\u00a0", "+", "e"]
)


@given(st.lists(_PIECES, max_size=8).map("".join))
def test_scalar_and_vectorised_parsers_agree(text: str) -> None:
    months, month_invalid = parse_months(pd.Series([text]))
    dates, date_invalid = parse_dates(pd.Series([text]))
    numbers, number_invalid = parse_numbers(pd.Series([text]))
    coords, _ = parse_numbers(pd.Series([text]), dot_thousands=False)
    month = None if pd.isna(months.iloc[0]) else months.iloc[0].date()
    day = None if pd.isna(dates.iloc[0]) else dates.iloc[0].date()
    number = None if pd.isna(numbers.iloc[0]) else float(numbers.iloc[0])
    coord = None if pd.isna(coords.iloc[0]) else float(coords.iloc[0])
    assert month == parse_month(text)
    assert day == parse_date(text)
    assert number == parse_number(text)
    assert coord == parse_number(text, dot_thousands=False)
    blank = text.strip() == ""
    assert bool(month_invalid.iloc[0]) == (month is None and not blank)
    assert bool(date_invalid.iloc[0]) == (day is None and not blank)
    assert bool(number_invalid.iloc[0]) == (number is None and not blank)
