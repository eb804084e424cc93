"""core/views/area.py: the Địa bàn page's figures — before/after as the seeds report them ("13/37 vụ"),
context figures, villages, hotspots active at a month, the round shown, days left."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from core.base.formatting import fmt_percent
from core.domain.criteria import round_status
from core.seed.demo import LAST_MONTH
from core.storage.db import Database
from core.views import area
from tests.helpers import GOOD_ROUND, load_round, load_values

MARCH = date(2024, 3, 1)


@pytest.fixture
def tan_an(db: Database) -> Database:
    """A 3-month round from Tháng 1/2024: 13 crimes in the window against 37 in the three months before."""
    load_round(db, "03478", "2024-01", 3)
    load_values(db, "03478", GOOD_ROUND)
    return db


def by_indicator(result: area.BeforeAfter) -> dict[str, dict[str, object]]:
    return {str(row["indicator"]): row for row in result.rows.to_dict("records")}


# -- periods ------------------------------------------------------------------------------------


def test_periods_window_baseline_and_same_period_last_year() -> None:
    p = area.periods(date(2026, 1, 1), date(2026, 10, 1))
    assert p.months == 10
    assert (p.window_start, p.window_end) == (date(2026, 1, 1), date(2026, 10, 1))
    assert (p.baseline_start, p.baseline_end) == (date(2025, 3, 1), date(2025, 12, 1))
    assert (p.last_year_start, p.last_year_end) == (date(2025, 1, 1), date(2025, 10, 1))
    # A round longer than a year: the baseline reaches back past last year's window.
    long = area.periods(date(2025, 1, 1), date(2026, 2, 1))
    assert long.months == 14
    assert (long.baseline_start, long.baseline_end) == (date(2023, 11, 1), date(2024, 12, 1))
    assert (long.last_year_start, long.last_year_end) == (date(2024, 1, 1), date(2025, 2, 1))


def test_periods_refuse_a_month_before_the_start() -> None:
    with pytest.raises(ValueError):
        area.periods(date(2026, 12, 1), date(2026, 10, 1))


# -- before and after ---------------------------------------------------------------------------


def test_tan_an_13_of_37_with_change_and_percent(tan_an: Database) -> None:
    result = area.before_after(tan_an, "03478", date(2024, 1, 1), MARCH)
    crimes = by_indicator(result)["crimes"]
    assert (crimes["window_sum"], crimes["baseline_sum"]) == (13, 37)
    assert (crimes["window_months"], crimes["baseline_months"]) == (3, 3)
    assert crimes["change_baseline"] == -24
    assert crimes["pct_baseline"] == pytest.approx(-64.8649, abs=1e-3)
    assert fmt_percent(abs(float(crimes["pct_baseline"])), 1) == "64,9%"
    assert crimes["pct_baseline_note"] == ""
    assert crimes["name_vi"] == "Vụ phạm tội về trật tự xã hội xảy ra" and crimes["unit_vi"] == "vụ"
    assert crimes["lower_is_better"]
    assert not by_indicator(result)["crimes_solved"]["lower_is_better"]
    assert result.min_base == 10
    assert list(result.rows["indicator"]) == list(area.BEFORE_AFTER_INDICATORS)


def test_months_without_figures_are_not_zero(tan_an: Database) -> None:
    # GOOD_ROUND reports no serious crimes before the round: that is "no data", not 0.
    result = area.before_after(tan_an, "03478", date(2024, 1, 1), MARCH)
    serious = by_indicator(result)["serious_crimes"]
    assert serious["window_sum"] == 0 and serious["window_months"] == 3
    assert math.isnan(float(serious["baseline_sum"])) and serious["baseline_months"] == 0
    assert math.isnan(float(serious["change_baseline"])) and math.isnan(float(serious["pct_baseline"]))
    assert serious["pct_baseline_note"] == area.NO_DATA
    assert result.incomplete("baseline") and not result.incomplete("window")
    # Nothing at all a year before.
    crimes = by_indicator(result)["crimes"]
    assert math.isnan(float(crimes["last_year_sum"])) and crimes["pct_last_year_note"] == area.NO_DATA


def test_a_base_below_the_minimum_gives_no_percent(db: Database) -> None:
    load_round(db, "03478", "2024-01", 3)
    load_values(
        db,
        "03478",
        """
        month   crimes gangs
        2023-10 1      0
        2023-11 2      0
        2023-12 1      0
        2024-01 0      0
        2024-02 1      0
        2024-03 0      0
        """,
    )
    crimes = by_indicator(area.before_after(db, "03478", date(2024, 1, 1), MARCH))
    assert (crimes["crimes"]["window_sum"], crimes["crimes"]["baseline_sum"]) == (1, 4)
    assert crimes["crimes"]["change_baseline"] == -3
    assert math.isnan(float(crimes["crimes"]["pct_baseline"]))
    assert crimes["crimes"]["pct_baseline_note"] == area.SMALL_BASE
    # 0 against 0: no change, and no percent either.
    assert crimes["gangs"]["change_baseline"] == 0 and crimes["gangs"]["pct_baseline_note"] == area.SMALL_BASE


def test_the_minimum_base_is_a_setting(tan_an: Database) -> None:
    with tan_an.transaction() as cur:
        tan_an.set_meta(cur, "min_base_for_percent", "40")
    assert area.min_base_for_percent(tan_an) == 40
    crimes = by_indicator(area.before_after(tan_an, "03478", date(2024, 1, 1), MARCH))["crimes"]
    assert crimes["pct_baseline_note"] == area.SMALL_BASE  # 37 < 40
    # An explicit minimum wins over the setting.
    crimes = by_indicator(area.before_after(tan_an, "03478", date(2024, 1, 1), MARCH, min_base=5))["crimes"]
    assert crimes["pct_baseline"] == pytest.approx(100 * (13 - 37) / 37)


def test_same_period_last_year(tan_an: Database) -> None:
    load_values(
        tan_an,
        "03478",
        """
        month   crimes serious_crimes
        2023-01 8      1
        2023-02 6      0
        2023-03 6      0
        """,
    )
    rows = by_indicator(area.before_after(tan_an, "03478", date(2024, 1, 1), MARCH))
    crimes = rows["crimes"]
    assert (crimes["window_sum"], crimes["last_year_sum"], crimes["last_year_months"]) == (13, 20, 3)
    assert crimes["change_last_year"] == -7
    assert crimes["pct_last_year"] == pytest.approx(-35.0)
    # Seed 003: "so với năm liền kề giảm (00/01 vụ)": a change of −1, but no percent on a base of 1.
    serious = rows["serious_crimes"]
    assert (serious["window_sum"], serious["last_year_sum"], serious["change_last_year"]) == (0, 1, -1)
    assert serious["pct_last_year_note"] == area.SMALL_BASE


def test_percent_change_rules() -> None:
    assert area.percent_change(13, 37, 10) == (pytest.approx(-64.8649, abs=1e-3), "")
    assert area.percent_change(15, 10, 10) == (pytest.approx(50.0), "")  # the minimum itself is enough
    pct, note = area.percent_change(0, 9, 10)
    assert math.isnan(pct) and note == area.SMALL_BASE
    pct, note = area.percent_change(5, math.nan, 10)
    assert math.isnan(pct) and note == area.NO_DATA
    pct, note = area.percent_change(3, 0, 0)  # a zero base never gives a percent
    assert math.isnan(pct) and note == area.SMALL_BASE


def test_before_after_on_the_demo(demo_database: Database) -> None:
    result = area.before_after(demo_database, "03529", date(2026, 1, 1), LAST_MONTH)
    rows = by_indicator(result)
    crimes = rows["crimes"]
    # The same 16/40 the criteria engine counts for C04.
    assert (crimes["window_sum"], crimes["baseline_sum"], crimes["last_year_sum"]) == (16, 40, 38)
    assert crimes["pct_baseline"] == pytest.approx(-60.0)
    assert not result.incomplete("window") and not result.incomplete("baseline")
    assert rows["gangs"]["window_sum"] == 0 and rows["gangs"]["pct_baseline_note"] == area.SMALL_BASE


# -- context figures ----------------------------------------------------------------------------


def test_context_figures_latest_in_the_window(db: Database) -> None:
    load_round(db, "03478", "2024-01", 3)
    load_values(
        db,
        "03478",
        """
        month   managed_persons cameras
        2023-12 54              150
        2024-01 58              160
        2024-02 62              189
        2024-03 .               .
        """,
    )
    figures = area.context_figures(db, "03478", date(2024, 1, 1), MARCH).set_index("indicator")
    assert list(figures.index) == list(area.CONTEXT_INDICATORS)
    # Seed 001: 62 people managed, 189 cameras (March not reported: February is the latest).
    assert figures.loc["managed_persons", "value"] == 62 and figures.loc["managed_persons", "change"] == 8
    assert figures.loc["cameras", "value"] == 189 and figures.loc["cameras", "before_start"] == 150
    assert pd.Timestamp(figures.loc["cameras", "value_month"]).date() == date(2024, 2, 1)
    assert math.isnan(figures.loc["report_form_households", "value"])  # none reported: no figure, not 0
    assert figures.loc["report_form_households", "unit_vi"] == "hộ"


def test_context_figures_on_the_demo(demo_database: Database) -> None:
    figures = area.context_figures(demo_database, "03529", date(2026, 1, 1), LAST_MONTH).set_index("indicator")
    assert figures["value"].to_dict() == {"managed_persons": 68, "cameras": 70, "report_form_households": 763}
    assert figures.loc["report_form_households", "change"] == 763


# -- villages and hotspots ----------------------------------------------------------------------


def _add_village(db: Database, code: str, parent: str) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO areas (code, name, level, parent_code, province_code, households) "
            "VALUES (?, ?, 'village', ?, '12', 120)",
            [code, f"Bản {code}", parent],
        )


def _add_hotspot(db: Database, hid: str, area_code: str, found: date | None, eliminated: date | None) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO hotspots (id, area_code, type, name, lat, lon, found_on, eliminated_on) "
            "VALUES (?, ?, 'ma túy', ?, 22.1, 103.2, ?, ?)",
            [hid, area_code, f"Điểm {hid}", found, eliminated],
        )


def test_hotspots_active_at_a_month_include_the_villages(db: Database) -> None:
    _add_village(db, "03478-A", "03478")
    _add_hotspot(db, "H1", "03478", date(2023, 11, 3), None)  # active throughout
    _add_hotspot(db, "H2", "03478", date(2023, 12, 10), date(2024, 3, 31))  # gone on the last day of March
    _add_hotspot(db, "H3", "03478", date(2024, 3, 31), None)  # found on the last day of March
    _add_hotspot(db, "H4", "03478", date(2024, 4, 1), None)  # not yet
    _add_hotspot(db, "H5", "03478-A", date(2024, 2, 1), date(2024, 4, 2))  # a village's, eliminated after March
    _add_hotspot(db, "H6", "03478", date(2023, 10, 1), date(2024, 1, 20))  # eliminated in January
    _add_hotspot(db, "H7", "03508", date(2023, 10, 1), None)  # another commune's
    active = area.hotspots(db, "03478", MARCH)
    assert list(active["id"]) == ["H1", "H5", "H3"]
    assert active.set_index("id").loc["H5", "area_name"] == "Bản 03478-A"
    assert list(area.hotspots(db, "03478", date(2024, 2, 1))["id"]) == ["H1", "H2", "H5"]
    counts = area.hotspot_counts(db, "03478", date(2024, 1, 1), MARCH)
    assert counts == area.HotspotCounts(active_at_start=3, active=3, found_in_round=2, eliminated_in_round=2)


def test_villages_with_their_own_rounds(demo_database: Database) -> None:
    status = round_status(demo_database, LAST_MONTH)
    rows = area.with_round_status(area.villages(demo_database, "03508"), status, LAST_MONTH).set_index("code")
    assert list(rows["name"]) == ["Bản Hồng Thu Mông", "Bản Ma Quai", "Bản Phìn Hồ"]
    assert rows.loc["03508-PH", "households"] == 226
    assert rows.loc["03508-PH", "round_status"] == "ready"
    assert rows.loc["03508-MQ", "round_status"] == ""
    assert area.villages(demo_database, "03408").empty


def test_hotspots_on_the_demo(demo_database: Database) -> None:
    active = area.hotspots(demo_database, "03529", LAST_MONTH)
    assert list(active["id"]) == ["DN-012"]
    counts = area.hotspot_counts(demo_database, "03529", date(2026, 1, 1), LAST_MONTH)
    assert (counts.active_at_start, counts.active, counts.eliminated_in_round) == (2, 1, 1)


# -- the area and the round shown ---------------------------------------------------------------


def test_area_detail(demo_database: Database) -> None:
    commune = area.area_detail(demo_database, "03529")
    assert commune is not None
    assert (commune.name, commune.level, commune.households, commune.province_name) == (
        "Xã Tủa Sín Chải",
        "commune",
        1385,
        "Tỉnh Lai Châu",
    )
    village = area.area_detail(demo_database, "03508-PH")
    assert village is not None and village.parent_name == "Xã Hồng Thu" and village.level == "village"
    assert area.area_detail(demo_database, "99999") is None


def test_the_round_shown_is_the_latest_started_by_the_month(db: Database) -> None:
    first = load_round(db, "03478", "2023-01", 6, status="exited")
    second = load_round(db, "03478", "2024-01", 3)
    later = load_round(db, "03478", "2025-01", 12)
    status = round_status(db, MARCH)
    shown = area.pick_round(status, "03478", MARCH)
    assert shown is not None and shown["round_id"] == second
    shown = area.pick_round(status, "03478", date(2023, 6, 1))
    assert shown is not None and shown["round_id"] == first
    # Before any has started: the first one planned.
    shown = area.pick_round(status, "03478", date(2022, 6, 1))
    assert shown is not None and shown["round_id"] == first
    shown = area.pick_round(status, "03478", date(2025, 6, 1))
    assert shown is not None and shown["round_id"] == later
    assert area.pick_round(status, "03508", MARCH) is None


def test_area_choices_show_the_round_pick_round_shows(db: Database) -> None:
    load_round(db, "03478", "2023-01", 6, status="exited")
    load_round(db, "03478", "2024-01", 3)
    load_round(db, "03478", "2025-01", 12)
    load_round(db, "03508", "2025-03", 12)
    load_round(db, "03508", "2025-01", 6)
    load_round(db, "03529", "2024-02", 9)
    for month in (date(2022, 6, 1), date(2023, 6, 1), MARCH, date(2025, 2, 1), date(2025, 6, 1)):
        status = round_status(db, month)
        choices = area.area_choices(status, month)
        assert list(choices["area_code"]) == list(dict.fromkeys(status["area_code"]))
        for code, shown_status in zip(choices["area_code"], choices["status"], strict=True):
            shown = area.pick_round(status, code, month)
            assert shown is not None and shown["status"] == shown_status, (month, code)
    assert area.area_choices(round_status(db, MARCH).iloc[0:0], MARCH).empty


def test_area_choices_and_default(demo_database: Database) -> None:
    status = round_status(demo_database, LAST_MONTH)
    choices = area.area_choices(status, LAST_MONTH)
    assert len(choices) == 9 and choices["area_code"].is_unique
    assert choices.set_index("area_code").loc["03549", "status"] == "planned"
    assert area.default_area(choices) == "03408"  # the first in progress, in the overview's order
    assert area.default_area(choices[choices["status"].isin(["ready", "exited"])]) == "03478"
    assert area.default_area(choices[choices["status"] == "planned"]) == "03549"
    assert area.default_area(choices.iloc[0:0]) is None


def test_days_left_and_the_day_it_counts_from() -> None:
    today = date(2026, 11, 23)
    assert area.as_of_date(date(2026, 10, 1), today) == today
    # Reviewing a month ahead of today (a demo, a plan): count from the end of that month.
    assert area.as_of_date(date(2026, 12, 1), today) == date(2026, 12, 31)
    assert area.days_left(date(2026, 12, 1), today) == 38
    assert area.days_left(date(2026, 11, 1), today) == 7
    assert area.days_left(date(2026, 9, 1), today) < 0
    assert area.days_left(date(2024, 2, 1), date(2024, 2, 29)) == 0  # the last day still counts
    assert area.month_end(date(2024, 2, 1)) == date(2024, 2, 29)


def test_normalise_code() -> None:
    assert area.normalise_code("3478") == "03478"
    assert area.normalise_code(" 03478 ") == "03478"
    assert area.normalise_code("2") == "02"
    assert area.normalise_code("12") == "12"
    assert area.normalise_code("03508-PH") == "03508-PH"


def test_criterion_units(demo_database: Database) -> None:
    units = area.criterion_units(demo_database).set_index("code")
    assert units.loc["C02", "unit_vi"] == "vụ" and units.loc["C10", "unit_vi"] == "hộ"
    assert units.loc["C05", "unit_en"] == "people"
