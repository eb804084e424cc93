"""Vietnamese formats."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from core.base.formatting import fmt_date, fmt_month, fmt_number, fmt_percent, month_key, parse_month_arg


def test_numbers_and_percents() -> None:
    assert fmt_number(1600) == "1.600"
    assert fmt_number(1600, lang="en") == "1,600"
    assert fmt_number(1234567.891, 2) == "1.234.567,89"
    assert fmt_percent(12.5) == "12,5%"
    assert fmt_percent(100.0) == "100%"
    assert fmt_percent(64.86486) == "64,9%"
    assert fmt_percent(float("nan")) == "—"
    assert fmt_number(None) == "—"


def test_months_and_dates() -> None:
    assert fmt_month(date(2024, 3, 1)) == "Tháng 3/2024"
    assert fmt_month(pd.Timestamp("2024-03-01"), "en") == "03/2024"
    assert fmt_month(pd.NaT) == ""
    assert fmt_date(datetime(2023, 3, 2, 10, 0)) == "02/03/2023"
    assert month_key(date(2024, 3, 9)) == "2024-03"


def test_month_argument() -> None:
    assert parse_month_arg("2024-3") == date(2024, 3, 1)
    for bad in ("2024-13", "03/2024", ""):
        with pytest.raises(ValueError):
            parse_month_arg(bad)
