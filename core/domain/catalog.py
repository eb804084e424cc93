"""The default indicators and criteria, seeded as data by `init`.

These are the national set (shared/domain.md, the Ngọc Lặc 2024 plan). After `init` they live in the
database, where a province changes them; nothing else in the code depends on these literals.
"""

from __future__ import annotations

from typing import NamedTuple

# Plausible bounds of a monthly value (the importer refuses a value above them, with its row).
COUNT_MAX = 100_000.0
"""Cases, people, groups, points or cameras of one area in one month: a large ward reports tens."""
HOUSEHOLDS_MAX = 1_000_000.0
"""Households of one area whose population is not known (a large ward has tens of thousands)."""
FLAG_MAX = 1.0


class Indicator(NamedTuple):
    code: str
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    value_kind: str  # count | flag
    max_value: float | None = COUNT_MAX  # None: no bound
    # When set and the area's population is known, the bound is population x max_per_person instead
    # (a household has at least one person).
    max_per_person: float | None = None


class Criterion(NamedTuple):
    code: str
    name_vi: str
    name_en: str
    aggregate: str
    numerator: str
    denominator: str | None
    comparison: str
    target: float
    unit: str  # percent | count | flag
    required: bool


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "reports_received",
        "Tố giác, tin báo về tội phạm tiếp nhận",
        "Crime reports and tips received",
        "vụ",
        "cases",
        "count",
    ),
    Indicator(
        "reports_resolved", "Tố giác, tin báo đã giải quyết", "Crime reports and tips resolved", "vụ", "cases", "count"
    ),
    Indicator("crimes", "Vụ phạm tội về trật tự xã hội xảy ra", "Crimes against social order", "vụ", "cases", "count"),
    Indicator("crimes_solved", "Vụ điều tra, khám phá", "Crimes investigated and solved", "vụ", "cases", "count"),
    Indicator(
        "serious_crimes",
        "Vụ rất nghiêm trọng, đặc biệt nghiêm trọng xảy ra",
        "Very serious and especially serious crimes",
        "vụ",
        "cases",
        "count",
    ),
    Indicator(
        "serious_crimes_solved",
        "Vụ rất nghiêm trọng, đặc biệt nghiêm trọng khám phá",
        "Very serious crimes solved",
        "vụ",
        "cases",
        "count",
    ),
    Indicator(
        "released_persons",
        "Người chấp hành xong án phạt tù, đặc xá về cư trú",
        "People released from prison or pardoned, residing",
        "người",
        "people",
        "count",
    ),
    Indicator("released_reoffended", "Trong đó tái phạm", "Of whom reoffended", "người", "people", "count"),
    Indicator(
        "gangs",
        'Băng, nhóm tội phạm kiểu "xã hội đen" hoạt động',
        "Gang-style organised crime groups active",
        "nhóm",
        "groups",
        "count",
    ),
    Indicator(
        "black_credit_cases",
        'Vụ việc liên quan "tín dụng đen"',
        "Black credit (illegal lending) cases",
        "vụ",
        "cases",
        "count",
    ),
    Indicator(
        "new_hotspots",
        "Điểm, tụ điểm phức tạp mới hình thành",
        "New complex hotspots formed",
        "điểm",
        "hotspots",
        "count",
    ),
    Indicator(
        "active_hotspots",
        "Điểm, tụ điểm tệ nạn xã hội đang hoạt động (cuối tháng)",
        "Active hotspots of social evils (month end)",
        "điểm",
        "hotspots",
        "count",
    ),
    Indicator("households", "Tổng số hộ", "Households", "hộ", "households", "count", HOUSEHOLDS_MAX, 1.0),
    Indicator(
        "households_informed",
        "Hộ được tuyên truyền, phổ biến",
        "Households informed",
        "hộ",
        "households",
        "count",
        HOUSEHOLDS_MAX,
        1.0,
    ),
    Indicator(
        "mass_models",
        "Mô hình quần chúng PCTP đang hoạt động",
        "Community crime-prevention models active",
        "mô hình",
        "models",
        "count",
    ),
    Indicator(
        "political_system_ok",
        "Hệ thống chính trị ổn định (1 = đạt, 0 = không)",
        "Political system stable (1 = yes, 0 = no)",
        "1/0",
        "1/0",
        "flag",
        FLAG_MAX,
    ),
    Indicator(
        "self_management_ok",
        "Tự quản, tự phòng hiệu quả (1 = đạt, 0 = không)",
        "Self-management effective (1 = yes, 0 = no)",
        "1/0",
        "1/0",
        "flag",
        FLAG_MAX,
    ),
    Indicator(
        "managed_persons",
        "Người lầm lỗi đang quản lý, giáo dục, cảm hóa",
        "People under community supervision",
        "người",
        "people",
        "count",
    ),
    Indicator("cameras", "Camera an ninh đã lắp đặt", "Security cameras installed", "camera", "cameras", "count"),
    Indicator(
        "report_form_households",
        "Hộ tham gia phát phiếu tố giác tội phạm",
        "Households in the crime-report form drive",
        "hộ",
        "households",
        "count",
        HOUSEHOLDS_MAX,
        1.0,
    ),
)

INDICATOR_CODES = frozenset(i.code for i in INDICATORS)

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "C01",
        "100% tố giác, tin báo về tội phạm được tiếp nhận, xử lý",
        "Crime reports and tips processed",
        "ratio",
        "reports_resolved",
        "reports_received",
        ">=",
        100.0,
        "percent",
        True,
    ),
    Criterion(
        "C02",
        "Tỷ lệ điều tra, khám phá án",
        "Detection rate",
        "ratio",
        "crimes_solved",
        "crimes",
        ">=",
        80.0,
        "percent",
        True,
    ),
    Criterion(
        "C03",
        "Án rất nghiêm trọng, đặc biệt nghiêm trọng được khám phá",
        "Very serious crimes solved",
        "ratio",
        "serious_crimes_solved",
        "serious_crimes",
        ">=",
        95.0,
        "percent",
        True,
    ),
    Criterion(
        "C04",
        "Tội phạm xâm phạm TTXH giảm so với trước chuyển hóa",
        "Crimes against social order down on before",
        "reduction",
        "crimes",
        None,
        ">=",
        5.0,
        "percent",
        True,
    ),
    Criterion(
        "C05",
        "Tỷ lệ tái phạm trong số người chấp hành xong án phạt tù, đặc xá",
        "Recidivism among released prisoners",
        "ratio",
        "released_reoffended",
        "released_persons",
        "<",
        15.0,
        "percent",
        True,
    ),
    Criterion(
        "C06",
        'Không có băng, nhóm tội phạm kiểu "xã hội đen"',
        "No gang-style crime groups",
        "sum",
        "gangs",
        None,
        "=",
        0.0,
        "count",
        True,
    ),
    Criterion(
        "C07",
        'Không có tội phạm, vi phạm liên quan đến "tín dụng đen"',
        "No black-credit crimes",
        "sum",
        "black_credit_cases",
        None,
        "=",
        0.0,
        "count",
        True,
    ),
    Criterion(
        "C08",
        "Không hình thành điểm, tụ điểm phức tạp mới",
        "No new complex hotspots",
        "sum",
        "new_hotspots",
        None,
        "=",
        0.0,
        "count",
        True,
    ),
    Criterion(
        "C09",
        "Triệt xóa điểm, tụ điểm tệ nạn xã hội",
        "Hotspots of social evils reduced",
        "reduced",
        "active_hotspots",
        None,
        "=",
        1.0,
        "flag",
        True,
    ),
    Criterion(
        "C10",
        "100% hộ dân được tuyên truyền, phổ biến",
        "All households informed",
        "latest_ratio",
        "households_informed",
        "households",
        ">=",
        100.0,
        "percent",
        True,
    ),
    Criterion(
        "C11",
        "Xây dựng, củng cố ít nhất 01 mô hình quần chúng PCTP",
        "At least one community crime-prevention model",
        "latest",
        "mass_models",
        None,
        ">=",
        1.0,
        "count",
        True,
    ),
    Criterion(
        "C12",
        "Hệ thống chính trị ổn định, vững mạnh, đoàn kết",
        "Political system stable and united",
        "latest",
        "political_system_ok",
        None,
        "=",
        1.0,
        "flag",
        True,
    ),
    Criterion(
        "C13",
        "Tự quản, tự phòng, tự bảo vệ, tự hòa giải hoạt động hiệu quả",
        "Self-management and mediation effective",
        "latest",
        "self_management_ok",
        None,
        "=",
        1.0,
        "flag",
        True,
    ),
)


def formula_text(aggregate: str, numerator: str, denominator: str | None) -> str:
    """How a criterion is computed, written out for people (shown beside each criterion)."""
    if aggregate == "ratio":
        return f"Σ {numerator} / Σ {denominator}"
    if aggregate == "latest_ratio":
        return f"{numerator} / {denominator} (tháng gần nhất)"
    if aggregate == "sum":
        return f"Σ {numerator}"
    if aggregate == "latest":
        return f"{numerator} (tháng gần nhất)"
    if aggregate == "reduction":
        return f"1 − ({numerator}/tháng trong đợt) / ({numerator}/tháng trước đợt)"
    if aggregate == "reduced":
        return f"{numerator} cuối kỳ < đầu đợt, hoặc = 0"
    raise ValueError(aggregate)
