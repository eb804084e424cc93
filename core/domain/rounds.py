"""Decisions on rounds: taking an area off the list (exit), and confirming a relapse."""

from __future__ import annotations

from datetime import date

from core.access import audit
from core.access.accounts import SYSTEM, User, require, require_area
from core.storage.db import Database


class DecisionRefused(ValueError):
    """The decision cannot be recorded; the message says why, in Vietnamese."""


def _round(db: Database, round_id: int, actor: User, action: str) -> tuple[str, date, str, date | None]:
    """The round's stored status, start, area name and exit date, once the actor may decide on it."""
    require(actor, action)
    rows = db.query_rows(
        "SELECT r.status, r.start_month, a.name, r.exit_decision_date, r.area_code FROM rounds r "
        "JOIN areas a ON a.code = r.area_code WHERE r.id = ?",
        [round_id],
    )
    if not rows:
        raise DecisionRefused(f"Không có đợt chuyển hóa số {round_id}.")
    status, start, name, exit_date, code = rows[0]
    require_area(db, actor, str(code))
    return str(status), start, str(name), exit_date


def record_exit(
    db: Database,
    round_id: int,
    decision_no: str,
    decision_date: date,
    today: date | None = None,
    actor: User = SYSTEM,
) -> None:
    """Record the decision that takes the round's area off the list: the round becomes `exited`
    and its watch for relapse begins the month after the decision."""
    today = today or date.today()
    status, start, name, _ = _round(db, round_id, actor, "decide")
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
        audit.record(
            cur,
            actor.username,
            "exit",
            f"round:{round_id}",
            f"{name}: đưa ra khỏi diện theo quyết định {decision_no} ngày {decision_date:%d/%m/%Y}",
            {"status": status},
            {"status": "exited", "exit_decision_no": decision_no, "exit_decision_date": decision_date},
        )


def record_relapse(db: Database, round_id: int, month: date, actor: User = SYSTEM) -> None:
    """Confirm that an area taken off the list has become complex again from `month`."""
    status, _, name, exit_date = _round(db, round_id, actor, "decide")
    if status != "exited":
        raise DecisionRefused(f"{name}: chỉ địa bàn đã ra khỏi diện mới có thể xác nhận phức tạp trở lại.")
    if exit_date is not None and month < date(exit_date.year, exit_date.month, 1):
        raise DecisionRefused("Tháng phức tạp trở lại không được trước quyết định đưa ra khỏi diện.")
    with db.transaction() as cur:
        cur.execute(
            "UPDATE rounds SET status = 'relapsed', relapsed_month = ? WHERE id = ?",
            [date(month.year, month.month, 1), round_id],
        )
        audit.record(
            cur,
            actor.username,
            "relapse",
            f"round:{round_id}",
            f"{name}: phức tạp trở lại từ tháng {month:%m/%Y}",
            {"status": status},
            {"status": "relapsed", "relapsed_month": date(month.year, month.month, 1)},
        )
