"""Decisions on rounds: taking an area off the list (exit), and confirming a relapse."""

from __future__ import annotations

from datetime import date

from core.db import Database


class DecisionRefused(ValueError):
    """The decision cannot be recorded; the message says why, in Vietnamese."""


def _round(db: Database, round_id: int) -> tuple[str, date, str, date | None]:
    rows = db.query_rows(
        "SELECT r.status, r.start_month, a.name, r.exit_decision_date FROM rounds r "
        "JOIN areas a ON a.code = r.area_code WHERE r.id = ?",
        [round_id],
    )
    if not rows:
        raise DecisionRefused(f"Không có đợt chuyển hóa số {round_id}.")
    status, start, name, exit_date = rows[0]
    return str(status), start, str(name), exit_date


def record_exit(
    db: Database,
    round_id: int,
    decision_no: str,
    decision_date: date,
    today: date | None = None,
) -> None:
    """Record the decision that takes the round's area off the list: the round becomes `exited`
    and its watch for relapse begins the month after the decision."""
    today = today or date.today()
    status, start, name, _ = _round(db, round_id)
    decision_no = decision_no.strip()
    if status != "in_progress":
        raise DecisionRefused(f"{name}: đợt chuyển hóa này không còn đang thực hiện (trạng thái đã lưu: {status}).")
    if not decision_no:
        raise DecisionRefused("Cần nhập số quyết định (ví dụ 15/QĐ-BCĐ).")
    if len(decision_no) > 100:
        raise DecisionRefused("Số quyết định quá dài (tối đa 100 ký tự).")
    if decision_date > today:
        raise DecisionRefused("Ngày quyết định không được sau ngày hôm nay.")
    if decision_date < start:
        raise DecisionRefused(f"Ngày quyết định không được trước khi bắt đầu chuyển hóa ({start:%m/%Y}).")
    with db.transaction() as cur:
        cur.execute(
            "UPDATE rounds SET status = 'exited', exit_decision_no = ?, exit_decision_date = ? WHERE id = ?",
            [decision_no, decision_date, round_id],
        )


def record_relapse(db: Database, round_id: int, month: date) -> None:
    """Confirm that an area taken off the list has become complex again from `month`."""
    status, _, name, exit_date = _round(db, round_id)
    if status != "exited":
        raise DecisionRefused(f"{name}: chỉ địa bàn đã ra khỏi diện mới có thể xác nhận phức tạp trở lại.")
    if exit_date is not None and month < date(exit_date.year, exit_date.month, 1):
        raise DecisionRefused("Tháng phức tạp trở lại không được trước quyết định đưa ra khỏi diện.")
    with db.transaction() as cur:
        cur.execute(
            "UPDATE rounds SET status = 'relapsed', relapsed_month = ? WHERE id = ?",
            [date(month.year, month.month, 1), round_id],
        )
