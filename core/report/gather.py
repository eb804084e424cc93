"""The committee's monthly report (Báo cáo kết quả thực hiện chuyển hóa địa bàn), as content that the
DOCX and PDF writers lay out the same way, and the tables the XLSX export holds.

The report covers the reviewed month and a `Scope`: the committee's name and the date; summary figures;
the areas x criteria table; the comparisons (this round against before transformation and against
the same period last year); the exit proposals with their reasons; the areas that lag and on what;
the watch after exit; the conclusions and tasks (carried from earlier meetings, and this meeting's);
and charts drawn as PNG without a browser (`core.report.charts`).

The document is Vietnamese, as committee reports are; numbers and dates in Vietnamese format.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from core.access import audit
from core.access.accounts import SYSTEM, User, require
from core.access.scope import ALL, Scope
from core.base.formatting import fmt_date, fmt_month, fmt_number, fmt_percent
from core.base.i18n import t
from core.domain import tasks
from core.domain.criteria import EXITED, IN_PROGRESS, NO_DATA, NOT_ARISEN, PLANNED, READY, RELAPSED, criterion_results
from core.domain.criteria import round_status as compute_round_status
from core.storage.db import Database
from core.views import area, overview

COMMITTEE_KEY = "committee_name"
COMMITTEE_BASE = (
    "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc"
)
TITLE = "BÁO CÁO"
SUBTITLE = "Kết quả thực hiện chuyển hóa địa bàn trọng điểm, phức tạp về an ninh, trật tự — {month}"
MAX_COMMITTEE = 300

# Cell fills (light, so black text stays readable in print) and the text colour of warnings.
FILL = {"green": "#d7f0dd", "amber": "#fff0c2", "red": "#fbd5d5", "grey": "#eeeeee", "head": "#dde4ee"}
RED_TEXT = "#b71c1c"
SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
SHOWN_IN_MATRIX = (IN_PROGRESS, READY, RELAPSED, EXITED)
UNDER_REVIEW = (IN_PROGRESS, READY)
DETAIL_LIMIT = 20  # areas whose every indicator is compared in the report; beyond, only crimes


# -- the document model: blocks the writers lay out ----------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    landscape: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    bullet: bool = False
    landscape: bool = False


@dataclass(frozen=True)
class Table:
    """A table: header row, body rows of text; `widths` relative; `fills`/`colours` per body cell
    (hex or None); `align` per column (L, C, R); `landscape` puts it on landscape pages."""

    headers: list[str]
    rows: list[list[str]]
    widths: Sequence[float]
    align: Sequence[str]
    fills: list[list[str | None]] | None = None
    colours: list[list[str | None]] | None = None
    landscape: bool = False
    font_size: float = 10.0


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str
    aspect: float  # height / width
    landscape: bool = False


Block = Heading | Paragraph | Table | Figure


@dataclass(frozen=True)
class Report:
    month: date
    issued_on: date
    scope: Scope
    committee: str
    place: str  # the place in the date line: "Lai Châu, ngày …"
    title: str
    subtitle: str
    blocks: list[Block]
    recipients: list[str]
    # The tables of the XLSX export.
    scorecard: pd.DataFrame = field(repr=False)
    indicators: pd.DataFrame = field(repr=False)
    exits: pd.DataFrame = field(repr=False)
    task_items: pd.DataFrame = field(repr=False)

    @property
    def file_stem(self) -> str:
        return f"bao-cao-chuyen-hoa-{self.month:%Y-%m}"


# -- the committee's name ----------------------------------------------------------------------


def _province_code(db: Database, scope: Scope) -> str | None:
    if scope.province:
        return scope.province
    if scope.commune:
        value = db.query_value("SELECT province_code FROM areas WHERE code = ?", [scope.commune])
        return None if value is None else str(value)
    kept = db.get_meta("province")
    if kept:
        return kept
    rows = db.query_rows("SELECT DISTINCT a.province_code FROM rounds r JOIN areas a ON a.code = r.area_code")
    return str(rows[0][0]) if len(rows) == 1 and rows[0][0] else None


def _province_name(db: Database, code: str | None) -> str | None:
    if not code:
        return None
    value = db.query_value("SELECT name FROM areas WHERE code = ? AND level = 'province'", [code])
    return None if value is None else str(value)


def _lower_unit(name: str) -> str:
    """`Tỉnh Lai Châu` -> `tỉnh Lai Châu` (inside a sentence)."""
    for unit in ("Tỉnh ", "Thành phố ", "Xã ", "Phường ", "Đặc khu "):
        if name.startswith(unit):
            return unit.lower() + name[len(unit) :]
    return name


def _bare(name: str) -> str:
    """`Tỉnh Lai Châu` -> `Lai Châu` (the place of the date line)."""
    for unit in ("Tỉnh ", "Thành phố ", "Xã ", "Phường ", "Đặc khu "):
        if name.startswith(unit):
            return name[len(unit) :]
    return name


def committee_name(db: Database, scope: Scope = ALL) -> str:
    """The committee that issues the report: for a commune's scope, the commune's committee; else the
    setting `committee_name` when set, else the provincial committee of the scope's province (or of
    the one province the rounds are in)."""
    if scope.commune:
        commune = db.query_value("SELECT name FROM areas WHERE code = ?", [scope.commune])
        if commune is not None:
            return f"{COMMITTEE_BASE} {_lower_unit(str(commune))}"
    kept = (db.get_meta(COMMITTEE_KEY) or "").strip()
    if kept:
        return kept
    province = _province_name(db, _province_code(db, scope))
    return f"{COMMITTEE_BASE} {_lower_unit(province)}" if province else COMMITTEE_BASE


def set_committee_name(db: Database, name: str, actor: User = SYSTEM) -> None:
    """Keep the committee's name for the reports (empty: back to the default). A setting: admin only."""
    require(actor, "settings")
    value = name.strip()
    if len(value) > MAX_COMMITTEE:
        raise ValueError(f"Tên Ban Chỉ đạo quá dài (tối đa {MAX_COMMITTEE} ký tự).")
    before = db.get_meta(COMMITTEE_KEY, "")
    with db.transaction() as cur:
        db.set_meta(cur, COMMITTEE_KEY, value)
        audit.record(cur, actor.username, "settings_change", COMMITTEE_KEY, "Tên Ban Chỉ đạo trên báo cáo",
                     {COMMITTEE_KEY: before}, {COMMITTEE_KEY: value})  # fmt: skip


def place_name(db: Database, scope: Scope = ALL) -> str:
    if scope.commune:
        value = db.query_value("SELECT name FROM areas WHERE code = ?", [scope.commune])
        if value is not None:
            return _bare(str(value))
    province = _province_name(db, _province_code(db, scope))
    return _bare(province) if province else ""


# -- texts of values, targets and gaps -----------------------------------------------------------


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def value_text(row: pd.Series | dict[str, Any]) -> str:
    """A criterion's value as the report prints it: 56,2%; 2; Đạt; Đã giảm; Không phát sinh; —."""
    state = row["state"]
    if state == NOT_ARISEN:
        return t("state.not_arisen")
    if state == NO_DATA or _missing(row["value"]):
        return "—"
    value = float(row["value"])
    if row["unit"] == "percent":
        return ("−" if value < 0 else "") + fmt_percent(abs(value), 1)  # a true minus sign, as reports print
    if row["unit"] == "flag" and row["aggregate"] == "reduced":
        return t("matrix.reduced") if value == 1 else t("matrix.not_reduced")
    if row["unit"] == "flag":
        return t("state.met") if value == 1 else t("state.not_met")
    return fmt_number(value, 0)


def target_text(row: pd.Series | dict[str, Any]) -> str:
    sign = SIGNS.get(str(row["comparison"]), str(row["comparison"]))
    if row["unit"] == "percent":
        return f"{sign} {fmt_percent(row['target'], 0)}"
    if row["unit"] == "flag" and row["aggregate"] == "reduced":
        return "giảm so với đầu đợt"
    if row["unit"] == "flag":
        return t("state.met")
    return f"{sign} {fmt_number(row['target'], 0)}"


def gap_text(row: pd.Series | dict[str, Any]) -> str:
    """How far a failing criterion is from its target, in words."""
    if row["state"] == NO_DATA:
        return "chưa có số liệu"
    gap = row.get("shortfall")
    if row["unit"] == "percent" and not _missing(gap):
        words = "thiếu" if row["comparison"] in (">=", ">") else "vượt"
        return f"{words} {fmt_number(gap, 1).rstrip('0').rstrip(',.') or '0'} điểm %"
    if row["unit"] == "count" and not _missing(gap):
        return f"vượt {fmt_number(gap, 0)}"
    return t("state.not_met")


def _signed(value: float) -> str:
    if _missing(value):
        return "—"
    return ("+" if value > 0 else "−" if value < 0 else "") + fmt_number(abs(value), 0)


def change_text(change: Any, pct: Any, note: Any) -> str:
    """ "−24 (−64,9%)"; "−1 (*)" on a base too small for a percent; "—" without figures."""
    if note == area.NO_DATA or _missing(change):
        return "—"
    if note == area.SMALL_BASE:
        return f"{_signed(change)} (*)"
    sign = "+" if pct > 0 else "−" if pct < 0 else ""
    return f"{_signed(change)} ({sign}{fmt_percent(abs(pct), 1)})"


def pair_text(now: Any, then: Any, unit: str) -> str:
    """ "13/37 vụ" as the reports write it."""
    if _missing(now) and _missing(then):
        return "chưa có số liệu"
    left = "—" if _missing(now) else fmt_number(now, 0)
    right = "—" if _missing(then) else fmt_number(then, 0)
    return f"{left}/{right} {unit}".strip()


def task_state_text(row: pd.Series | dict[str, Any]) -> str:
    """Đã hoàn thành (03/11/2026): note · Quá hạn 21 ngày · Đang thực hiện."""
    if row["status"] == tasks.DONE:
        note = f": {row['done_note']}" if not _missing(row["done_note"]) else ""
        return f"Đã hoàn thành ({fmt_date(row['done_at'])}){note}"
    if int(row["days_overdue"]) > 0:
        return f"Quá hạn {fmt_number(row['days_overdue'], 0)} ngày"
    return "Đang thực hiện"


# -- building the report -----------------------------------------------------------------------


def scoped_codes(db: Database, scope: Scope) -> set[str]:
    """The codes of the areas in scope."""
    rows = db.query_rows(f"SELECT a.code FROM areas a WHERE {scope.condition('a')}", scope.params())
    return {str(code) for (code,) in rows}


def _in_scope(
    db: Database, scope: Scope, status: pd.DataFrame, results: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if scope.is_all:
        return status, results
    codes = scoped_codes(db, scope)
    status = status[status["area_code"].isin(codes)]
    return status, results[results["round_id"].isin(status["round_id"])]


def _status_text(status: str) -> str:
    return t(f"status.{status}")


def _summary(status: pd.DataFrame, month: date, settings: dict[str, float]) -> list[Block]:
    counts = status["status"].value_counts()

    def n(key: str) -> int:
        return int(counts.get(key, 0))

    total = len(status)
    blocks: list[Block] = [Heading("I. TÌNH HÌNH CHUNG")]
    blocks.append(
        Paragraph(
            f"Tính đến hết {fmt_month(month).lower()}, có {total} địa bàn được đưa vào diện chuyển hóa, trong đó: "
            f"{n(IN_PROGRESS)} địa bàn đang chuyển hóa; {n(READY)} địa bàn đạt đủ tiêu chí, đủ điều kiện đề nghị "
            f"đưa ra khỏi diện; {n(EXITED)} địa bàn đã ra khỏi diện và giữ vững; {n(RELAPSED)} địa bàn phức tạp "
            f"trở lại; {n(PLANNED)} địa bàn chưa bắt đầu."
        )
    )
    rows = [
        ["Đang chuyển hóa", fmt_number(n(IN_PROGRESS), 0)],
        ["Đủ điều kiện đề nghị đưa ra khỏi diện", fmt_number(n(READY), 0)],
        [f"Đã ra khỏi diện trong năm {month.year}", fmt_number(overview.left_in_year(status, month.year), 0)],
        ["Phức tạp trở lại", fmt_number(n(RELAPSED), 0)],
    ]
    fills: list[list[str | None]] = [[None, None] for _ in rows]
    for programme in ("TTATXH", "ANTT"):
        if not (status["programme"] == programme).any():
            continue
        figures = (
            ("Tỷ lệ chuyển hóa thành công năm " + str(month.year), overview.transformed_this_year(
                status, month, settings["target_transformed_pct"], programme)),
            ("Tỷ lệ không phức tạp trở lại", overview.sustained(status, settings["target_sustained_pct"], programme)),
        )  # fmt: skip
        for label, fig in figures:
            if fig.rate is None:
                value = "chưa có địa bàn để tính"
                fill = None
            else:
                verdict = "đạt" if fig.met else "chưa đạt"
                value = (
                    f"{fmt_percent(fig.rate, 1)} ({fig.numerator}/{fig.denominator}); "
                    f"chỉ tiêu ≥ {fmt_percent(fig.target, 0)}: {verdict}"
                )
                fill = FILL["green"] if fig.met else FILL["red"]
            rows.append([f"{label} ({programme})", value])
            fills.append([None, fill])
    blocks.append(Table(["Nội dung", "Kết quả"], rows, [3, 2], ["L", "L"], fills=fills))
    return blocks


def _matrix(
    status: pd.DataFrame, results: pd.DataFrame, settings: dict[str, float]
) -> tuple[list[Block], pd.DataFrame]:
    shown = status[status["status"].isin(SHOWN_IN_MATRIX)]
    rows_frame = results[results["round_id"].isin(shown["round_id"])].copy()
    blocks: list[Block] = [Heading("II. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ", landscape=not rows_frame.empty)]
    if rows_frame.empty:
        blocks.append(Paragraph("Chưa có địa bàn nào có kết quả tiêu chí trong tháng."))
        return blocks, pd.DataFrame()
    rows_frame["rag"] = overview.rag(rows_frame, settings["amber_margin"])
    rows_frame["text"] = [value_text(r) for _, r in rows_frame.iterrows()]
    mark = {"green": "✓ ", "red": "✗ ", "amber": "✗ ", "grey": ""}
    short = [
        ("KPS" if state == NOT_ARISEN else txt)
        for state, txt in zip(rows_frame["state"], rows_frame["text"], strict=True)
    ]
    rows_frame["cell"] = [mark[r] + txt for r, txt in zip(rows_frame["rag"], short, strict=True)]
    codes = list(dict.fromkeys(rows_frame.sort_values("display_order")["code"]))
    cells = rows_frame.pivot(index="round_id", columns="code", values="cell")[codes]
    rags = rows_frame.pivot(index="round_id", columns="code", values="rag")[codes]
    order = [r for r in shown["round_id"] if r in cells.index]
    info = shown.set_index("round_id")
    headers = ["Địa bàn", "Trạng thái", "Đạt", *codes]
    body: list[list[str]] = []
    fills: list[list[str | None]] = []
    for round_id in order:
        r = info.loc[round_id]
        body.append(
            [
                str(r["area_name"]),
                _status_text(str(r["status"])),
                f"{int(r['criteria_met'])}/{int(r['criteria_required'])}",
                *[str(cells.loc[round_id, c]) for c in codes],
            ]
        )
        fills.append([None, None, None, *[FILL[str(rags.loc[round_id, c])] for c in codes]])
    blocks.append(
        Paragraph(
            f"Kết quả từng tiêu chí của {len(order)} địa bàn, cộng dồn từ đầu đợt chuyển hóa đến tháng báo cáo "
            "(✓ đạt; ✗ chưa đạt; KPS: không phát sinh vụ việc để tính tỷ lệ, được tính là đạt; — chưa có số liệu):",
            landscape=True,
        )
    )
    blocks.append(
        Table(
            headers,
            body,
            [30, 22, 12, *[15] * len(codes)],
            ["L", "L", "C", *["C"] * len(codes)],
            fills=fills,
            landscape=True,
            font_size=8,
        )
    )
    names = rows_frame.drop_duplicates("code").set_index("code")
    legend = [
        [code, str(names.loc[code, "name_vi"]) + ("" if names.loc[code, "required"] else " (không bắt buộc)"),
         target_text(names.loc[code])]
        for code in codes
    ]  # fmt: skip
    half = (len(legend) + 1) // 2
    paired = [legend[i] + (legend[i + half] if i + half < len(legend) else ["", "", ""]) for i in range(half)]
    blocks.append(
        Table(
            ["Mã", "Tiêu chí", "Chỉ tiêu"] * 2,
            paired,
            [5, 34, 11] * 2,
            ["C", "L", "L"] * 2,
            landscape=True,
            font_size=8,
        )
    )

    # The scorecard sheet: one row per area, the value and the state of each criterion.
    score = pd.DataFrame(
        {
            "Mã địa bàn": [str(info.loc[r, "area_code"]) for r in order],
            "Địa bàn": [str(info.loc[r, "area_name"]) for r in order],
            "Trực thuộc": [
                "" if _missing(info.loc[r, "parent_name"]) else str(info.loc[r, "parent_name"]) for r in order
            ],
            "Chương trình": [str(info.loc[r, "programme"]) for r in order],
            "Trạng thái": [_status_text(str(info.loc[r, "status"])) for r in order],
            "Tiêu chí đạt": [int(info.loc[r, "criteria_met"]) for r in order],
            "Tiêu chí bắt buộc": [int(info.loc[r, "criteria_required"]) for r in order],
        }
    )
    texts = rows_frame.pivot(index="round_id", columns="code", values="text")[codes]
    states = rows_frame.pivot(index="round_id", columns="code", values="state")[codes]
    for code in codes:
        score[code] = [str(texts.loc[r, code]) for r in order]
        score[f"{code} (đánh giá)"] = [t(f"state.{states.loc[r, code]}") for r in order]
    return blocks, score


def _comparisons(db: Database, status: pd.DataFrame, month: date) -> tuple[list[Block], dict[str, area.BeforeAfter]]:
    under = status[status["status"].isin(UNDER_REVIEW) & (status["months_elapsed"] > 0)]
    blocks: list[Block] = [Heading("III. SO SÁNH TRƯỚC VÀ SAU CHUYỂN HÓA")]
    found: dict[str, area.BeforeAfter] = {}
    if under.empty:
        blocks.append(Paragraph("Không có địa bàn đang chuyển hóa để so sánh."))
        return blocks, found
    for _, r in under.iterrows():
        found[str(r["area_code"])] = area.before_after(
            db, str(r["area_code"]), pd.Timestamp(r["start_month"]).date(), month
        )
    blocks.append(
        Paragraph(
            "Số vụ phạm tội về trật tự xã hội trong đợt chuyển hóa so với cùng số tháng ngay trước khi chuyển hóa "
            "và so với cùng kỳ năm trước (ghi như báo cáo: 13/37 vụ là 13 vụ trong đợt, 37 vụ kỳ so sánh):"
        )
    )
    rows: list[list[str]] = []
    colours: list[list[str | None]] = []
    for _, r in under.iterrows():
        result = found[str(r["area_code"])]
        crimes = result.rows.set_index("indicator").loc["crimes"]
        p = result.periods
        row = [
            str(r["area_name"]),
            f"{fmt_month(p.window_start)} – {fmt_month(p.window_end)} ({p.months} tháng)",
            pair_text(crimes["window_sum"], crimes["baseline_sum"], "vụ"),
            change_text(crimes["change_baseline"], crimes["pct_baseline"], crimes["pct_baseline_note"]),
            pair_text(crimes["window_sum"], crimes["last_year_sum"], "vụ"),
            change_text(crimes["change_last_year"], crimes["pct_last_year"], crimes["pct_last_year_note"]),
        ]
        rows.append(row)
        colours.append(
            [
                None,
                None,
                None,
                _change_colour(crimes["change_baseline"]),
                None,
                _change_colour(crimes["change_last_year"]),
            ]
        )
    blocks.append(
        Table(
            [
                "Địa bàn",
                "Thời gian chuyển hóa",
                "Trong đợt/trước chuyển hóa",
                "Tăng, giảm",
                "Trong đợt/cùng kỳ năm trước",
                "Tăng, giảm",
            ],
            rows,
            [24, 24, 15, 14, 15, 14],
            ["L", "L", "C", "C", "C", "C"],
            colours=colours,
            font_size=9,
        )
    )
    if len(under) > DETAIL_LIMIT:
        blocks.append(
            Paragraph(
                f"Số liệu so sánh chi tiết của từng địa bàn ({len(under)} địa bàn) xem tại trang Địa bàn của phần mềm.",
                italic=True,
            )
        )
    detailed = under if len(under) <= DETAIL_LIMIT else under.iloc[0:0]
    for _, r in detailed.iterrows():
        result = found[str(r["area_code"])]
        blocks.append(Paragraph(f"{r['area_name']}:", bold=True))
        detail: list[list[str]] = []
        detail_colours: list[list[str | None]] = []
        for _, ind in result.rows.iterrows():
            unit = str(ind["unit_vi"])
            detail.append(
                [
                    str(ind["name_vi"]),
                    pair_text(ind["window_sum"], ind["baseline_sum"], unit),
                    change_text(ind["change_baseline"], ind["pct_baseline"], ind["pct_baseline_note"]),
                    pair_text(ind["window_sum"], ind["last_year_sum"], unit),
                    change_text(ind["change_last_year"], ind["pct_last_year"], ind["pct_last_year_note"]),
                ]
            )
            lower = bool(ind["lower_is_better"])
            detail_colours.append(
                [None, None, _change_colour(ind["change_baseline"]) if lower else None, None,
                 _change_colour(ind["change_last_year"]) if lower else None]
            )  # fmt: skip
        blocks.append(
            Table(
                ["Chỉ số", "Trong đợt/trước CH", "Tăng, giảm", "Trong đợt/cùng kỳ", "Tăng, giảm"],
                detail,
                [40, 17, 15, 17, 15],
                ["L", "C", "C", "C", "C"],
                colours=detail_colours,
                font_size=9,
            )
        )
    min_base = next(iter(found.values())).min_base
    blocks.append(
        Paragraph(
            f"(*) Cơ sở so sánh dưới {fmt_number(min_base, 0)}: không tính tỷ lệ phần trăm vì trên số nhỏ tỷ lệ "
            "không có ý nghĩa. Màu xanh: giảm; màu đỏ: tăng (với các chỉ số càng ít càng tốt).",
            italic=True,
        )
    )
    return blocks, found


def _change_colour(change: Any) -> str | None:
    if _missing(change) or change == 0:
        return None
    return "#1b7f3b" if change < 0 else RED_TEXT


def _proposals(status: pd.DataFrame, comparisons: dict[str, area.BeforeAfter]) -> tuple[list[Block], pd.DataFrame]:
    ready = status[status["status"] == READY]
    blocks: list[Block] = [Heading("IV. ĐỀ NGHỊ ĐƯA RA KHỎI DIỆN CHUYỂN HÓA")]
    records: list[dict[str, object]] = []
    if ready.empty:
        blocks.append(Paragraph("Chưa có địa bàn nào đạt đủ các tiêu chí và hết thời gian chuyển hóa."))
        return blocks, pd.DataFrame(records)
    blocks.append(
        Paragraph(
            f"Ban Chỉ đạo đề nghị xem xét, đưa {len(ready)} địa bàn sau ra khỏi diện địa bàn trọng điểm, phức tạp "
            "về an ninh, trật tự:"
        )
    )
    rows: list[list[str]] = []
    for i, (_, r) in enumerate(ready.iterrows(), start=1):
        code = str(r["area_code"])
        reasons = [
            f"đạt {int(r['criteria_met'])}/{int(r['criteria_required'])} tiêu chí bắt buộc",
            f"đã đủ {int(r['planned_months'])} tháng chuyển hóa ({fmt_month(r['start_month'])} – "
            f"{fmt_month(r['planned_end_month'])})",
        ]
        if not _missing(r["eligible_since"]):
            reasons.append(f"đủ điều kiện liên tục từ {fmt_month(r['eligible_since'])}")
        if code in comparisons:
            crimes = comparisons[code].rows.set_index("indicator").loc["crimes"]
            reasons.append(
                "phạm pháp hình sự " + pair_text(crimes["window_sum"], crimes["baseline_sum"], "vụ")
                + " so với trước chuyển hóa"
                + (f" ({change_text(crimes['change_baseline'], crimes['pct_baseline'], crimes['pct_baseline_note'])})"
                   if not _missing(crimes["change_baseline"]) else "")
            )  # fmt: skip
        decision = (
            f"{r['decision_no'] or ''} ngày {fmt_date(r['decision_date'])}".strip()
            if not _missing(r["decision_no"])
            else ""
        )
        approver = t(f"exit.approver.{r['programme']}")
        reason = "; ".join(reasons)
        parent = "" if _missing(r["parent_name"]) else f" ({r['parent_name']})"
        rows.append([str(i), f"{r['area_name']}{parent}", decision, reason[:1].upper() + reason[1:] + ".", approver])
        records.append(
            {
                "STT": i,
                "Mã địa bàn": code,
                "Địa bàn": str(r["area_name"]),
                "Trực thuộc": "" if _missing(r["parent_name"]) else str(r["parent_name"]),
                "Chương trình": str(r["programme"]),
                "Quyết định chuyển hóa": decision,
                "Bắt đầu": fmt_month(r["start_month"]),
                "Số tháng": int(r["planned_months"]),
                "Đủ điều kiện từ": fmt_month(r["eligible_since"]),
                "Lý do": reason[:1].upper() + reason[1:],
                "Cấp quyết định": approver,
            }
        )
    blocks.append(
        Table(
            ["STT", "Địa bàn", "Quyết định chuyển hóa", "Lý do đề nghị", "Cấp quyết định"],
            rows,
            [7, 20, 18, 39, 16],
            ["C", "L", "L", "L", "L"],
            font_size=9,
        )
    )
    return blocks, pd.DataFrame(records)


def _lagging(status: pd.DataFrame, results: pd.DataFrame) -> list[Block]:
    blocks: list[Block] = [Heading("V. ĐỊA BÀN CHƯA ĐẠT TIÊU CHÍ")]
    failing = overview.failing_criteria(results, status)
    if failing.empty:
        blocks.append(Paragraph("Không có địa bàn đang chuyển hóa nào còn tiêu chí chưa đạt."))
    else:
        n = failing["area_code"].nunique()
        blocks.append(Paragraph(f"{n} địa bàn đang chuyển hóa còn tiêu chí bắt buộc chưa đạt, cần tập trung chỉ đạo:"))
        rows = [
            [str(r["area_name"]), f"{r['code']}. {r['name_vi']}", value_text(r), target_text(r), gap_text(r)]
            for _, r in failing.iterrows()
        ]
        fills: list[list[str | None]] = [[None, None, FILL["red"], None, None] for _ in rows]
        blocks.append(
            Table(["Địa bàn", "Tiêu chí chưa đạt", "Kết quả", "Chỉ tiêu", "Còn thiếu"], rows, [20, 44, 12, 12, 14],
                  ["L", "L", "C", "C", "L"], fills=fills, font_size=9)
        )  # fmt: skip
    under_way = status[status["status"] == IN_PROGRESS]
    on_track = under_way[(under_way["failed"] == "") & ~under_way["duration_elapsed"] & under_way["evaluated"]]
    if not on_track.empty:
        blocks.append(Paragraph("Địa bàn đạt đủ tiêu chí, chờ hết thời gian chuyển hóa:"))
        for _, r in on_track.iterrows():
            left = int(r["planned_months"] - r["months_elapsed"])
            blocks.append(
                Paragraph(f"{r['area_name']}: còn {left} tháng (đến {fmt_month(r['planned_end_month'])}).", bullet=True)
            )
    left_list = status[status["status"].isin([EXITED, RELAPSED])]
    if not left_list.empty:
        blocks.append(Paragraph("Theo dõi sau khi ra khỏi diện:", bold=True))
        for _, r in left_list.iterrows():
            decision = (
                f"Quyết định {r['exit_decision_no']} ngày {fmt_date(r['exit_decision_date'])}"
                if not _missing(r["exit_decision_no"])
                else "đã ra khỏi diện"
            )
            if r["status"] == RELAPSED:
                codes = f" (tiêu chí {r['relapse_failed']})" if r["relapse_failed"] else ""
                state = f"phức tạp trở lại từ {fmt_month(r['relapse_month'])}{codes}"
            else:
                state = f"giữ vững, theo dõi đến {fmt_month(r['watch_until'])}"
            blocks.append(Paragraph(f"{r['area_name']} ({decision}): {state}.", bullet=True))
    return blocks


def _task_rows(frame: pd.DataFrame) -> tuple[list[list[str]], list[list[str | None]], list[list[str | None]]]:
    rows: list[list[str]] = []
    fills: list[list[str | None]] = []
    colours: list[list[str | None]] = []
    for i, (_, r) in enumerate(frame.iterrows(), start=1):
        where = "Toàn Ban Chỉ đạo" if _missing(r["area_code"]) else str(r["area_name"] or r["area_code"])
        state = task_state_text(r)
        rows.append(
            [
                str(i),
                str(r["text"]),
                where,
                "" if _missing(r["owner"]) else str(r["owner"]),
                fmt_date(r["due_date"]),
                state,
            ]
        )
        late = int(r["days_overdue"]) > 0
        done = r["status"] == tasks.DONE
        blank: list[str | None] = [None] * 5
        fills.append([*blank, FILL["red"] if late else FILL["green"] if done else None])
        colours.append([*blank, RED_TEXT if late else None])
    return rows, fills, colours


TASK_HEADERS = ["STT", "Nội dung", "Địa bàn", "Chịu trách nhiệm", "Thời hạn", "Tình hình thực hiện"]
TASK_WIDTHS = [7, 32, 15, 16, 14, 22]
TASK_ALIGN = ["C", "L", "L", "L", "C", "L"]


def _task_blocks(carried: pd.DataFrame, meeting: pd.DataFrame, month: date) -> list[Block]:
    blocks: list[Block] = [Heading("VI. KẾT LUẬN VÀ NHIỆM VỤ")]
    blocks.append(Heading("1. Kết quả thực hiện nhiệm vụ các cuộc họp trước", level=2))
    if carried.empty:
        blocks.append(Paragraph("Không có nhiệm vụ nào từ các cuộc họp trước cần theo dõi."))
    else:
        c = tasks.counts(carried)
        blocks.append(
            Paragraph(
                f"{len(carried)} nhiệm vụ: {c.done} đã hoàn thành, {c.open} đang thực hiện, trong đó {c.overdue} quá hạn."
            )
        )
        rows, fills, colours = _task_rows(carried)
        blocks.append(Table(TASK_HEADERS, rows, TASK_WIDTHS, TASK_ALIGN, fills=fills, colours=colours, font_size=9))
    blocks.append(Heading(f"2. Kết luận, nhiệm vụ tại cuộc họp {fmt_month(month).lower()}", level=2))
    conclusions = meeting[meeting["kind"] == tasks.CONCLUSION]
    new_tasks = meeting[meeting["kind"] == tasks.TASK]
    if meeting.empty:
        blocks.append(Paragraph("Chưa ghi kết luận, nhiệm vụ nào cho cuộc họp này."))
    for _, r in conclusions.iterrows():
        where = "" if _missing(r["area_code"]) else f"{r['area_name']}: "
        blocks.append(Paragraph(f"{where}{r['text']}", bullet=True))
    if not new_tasks.empty:
        rows, fills, colours = _task_rows(new_tasks)
        blocks.append(Table(TASK_HEADERS, rows, TASK_WIDTHS, TASK_ALIGN, fills=fills, colours=colours, font_size=9))
    return blocks


def _indicator_data(db: Database, status: pd.DataFrame, month: date) -> pd.DataFrame:
    """The monthly figures of the areas with rounds in the report, from a year before their earliest
    round start (the baselines) to the reviewed month: one row per area and month, one column per
    indicator."""
    shown = status[status["months_elapsed"] > 0]
    if shown.empty:
        return pd.DataFrame()
    first = area.month_add(pd.Timestamp(shown["start_month"].min()).date(), -12)
    frame = db.query_df(
        """
        SELECT v.area_code, a.name AS area_name, v.month, v.indicator, v.value, i.display_order
        FROM indicator_values v JOIN areas a ON a.code = v.area_code JOIN indicators i ON i.code = v.indicator
        WHERE list_contains($codes::VARCHAR[], v.area_code) AND v.month BETWEEN $first AND $month
        ORDER BY v.area_code, v.month, i.display_order
        """,
        {"codes": sorted({str(c) for c in shown["area_code"]}), "first": first, "month": month},
    )
    if frame.empty:
        return pd.DataFrame()
    order = list(dict.fromkeys(frame.sort_values("display_order")["indicator"]))
    wide = frame.pivot_table(
        index=["area_code", "area_name", "month"], columns="indicator", values="value", aggfunc="first"
    )
    labels = {
        str(code): f"{name} ({code})"
        for code, name in db.query_rows(
            "SELECT code, name_vi FROM indicators WHERE list_contains($c::VARCHAR[], code)", {"c": order}
        )
    }
    wide = wide[order].reset_index().rename(columns=labels)
    wide["month"] = pd.to_datetime(wide["month"]).dt.strftime("%Y-%m")
    return wide.rename(columns={"area_code": "Mã địa bàn", "area_name": "Địa bàn", "month": "Tháng"})


def build_report(
    db: Database,
    month: date,
    scope: Scope = ALL,
    issued_on: date | None = None,
    status: pd.DataFrame | None = None,
    results: pd.DataFrame | None = None,
    committee: str | None = None,
    charts: bool = True,
) -> Report:
    """The report for the reviewed `month` and `scope`. `status`/`results` may be passed when the
    caller has them (cached); they are filtered to the scope here."""
    issued_on = issued_on or date.today()
    month = date(month.year, month.month, 1)
    if results is None:
        results = criterion_results(db, month, scope=scope)
    if status is None:
        status = compute_round_status(db, month, results=results, scope=scope)
    status, results = _in_scope(db, scope, status, results)
    settings = {key: overview.setting(db, key) for key in overview.SETTINGS_DEFAULTS}

    blocks: list[Block] = []
    blocks += _summary(status, month, settings)
    matrix_blocks, scorecard = _matrix(status, results, settings)
    comparison_blocks, comparisons = _comparisons(db, status, month)
    proposal_blocks, exits = _proposals(status, comparisons)
    carried = tasks.carried(db, month, scope, issued_on)
    meeting = tasks.of_meeting(db, month, scope, issued_on)
    if charts:
        from core.report import charts as report_charts

        figures = report_charts.report_figures(status, comparisons)
        blocks += [Figure(png, caption, aspect) for png, caption, aspect in figures[:1]]
        blocks += matrix_blocks
        blocks += [Figure(png, caption, aspect) for png, caption, aspect in figures[1:2]]
        blocks += comparison_blocks
        blocks += [Figure(png, caption, aspect) for png, caption, aspect in figures[2:]]
    else:
        blocks += matrix_blocks + comparison_blocks
    blocks += proposal_blocks
    blocks += _lagging(status, results)
    blocks += _task_blocks(carried, meeting, month)

    task_items = pd.concat([carried, meeting], ignore_index=True) if not meeting.empty else carried
    built = Report(
        month=month,
        issued_on=issued_on,
        scope=scope,
        committee=committee.strip() if committee and committee.strip() else committee_name(db, scope),
        place=place_name(db, scope),
        title=TITLE,
        subtitle=SUBTITLE.format(month=fmt_month(month)),
        blocks=blocks,
        recipients=["Ban Chỉ đạo cấp trên (để báo cáo);", "Các thành viên Ban Chỉ đạo;", "Lưu: VT."],
        scorecard=scorecard,
        indicators=_indicator_data(db, status, month),
        exits=exits,
        task_items=task_items,
    )
    from core.report.clean import printable_report  # names are data: no control characters in Word or Excel

    return printable_report(built)


def date_line(report: Report) -> str:
    d = report.issued_on
    place = f"{report.place}, " if report.place else ""
    return f"{place}ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def task_sheet(frame: pd.DataFrame) -> pd.DataFrame:
    """The tasks as the XLSX export lists them."""
    return pd.DataFrame(
        {
            "Số": frame["id"].astype(int) if not frame.empty else [],
            "Cuộc họp": [fmt_month(m) for m in frame["meeting_month"]],
            "Loại": ["Kết luận" if k == tasks.CONCLUSION else "Nhiệm vụ" for k in frame["kind"]],
            "Địa bàn": [
                "Toàn Ban Chỉ đạo" if _missing(c) else str(n)
                for c, n in zip(frame["area_code"], frame["area_name"], strict=True)
            ],
            "Nội dung": frame["text"].astype(str),
            "Chịu trách nhiệm": ["" if _missing(o) else str(o) for o in frame["owner"]],
            "Thời hạn": [fmt_date(d) for d in frame["due_date"]],
            "Tình hình": [
                "" if k == tasks.CONCLUSION else task_state_text(r)
                for k, (_, r) in zip(frame["kind"], frame.iterrows(), strict=True)
            ],
        }
    )
