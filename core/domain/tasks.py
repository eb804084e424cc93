"""The meeting's conclusions and follow-up tasks (Kết luận, nhiệm vụ), tracked until done.

- An item is recorded at the meeting that reviews a month (`meeting_month`), for one area or, with no
  area, for the whole committee. A conclusion (kết luận) records what the committee decided; a task
  (nhiệm vụ) says what, who is responsible and by when.
- A task stays open until staff mark it done with a note. The next meetings open with the tasks still
  open from earlier meetings ("carried"), and with those done since the month under review began.
- A task is overdue when it is open and its due date is before the day it is looked at.
- An item belongs to the scope it was made in: the creator's province or commune is stored with it
  (migration 009). Reads honour a `Scope`: items for an area in scope, and committee-wide items (no
  area) made within that scope: a province sees its own and its communes', a commune its own, a
  national account all. A committee-wide item made by a national account is seen by national
  accounts only.
- Writes take the `actor` (a `User`): it needs the `tasks` permission (staff, admin), an area must lie
  in its scope, its name and scope are stored, and the write is audited. Marking done goes through
  the same scoped read, so an item outside the actor's scope cannot be closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from core.access import audit
from core.access.accounts import SYSTEM, PermissionDenied, User, require
from core.access.scope import ALL, Scope
from core.storage.db import Database

CONCLUSION = "conclusion"
TASK = "task"
KINDS = (CONCLUSION, TASK)
OPEN = "open"
DONE = "done"

MAX_TEXT = 2000
MAX_OWNER = 200
MAX_NOTE = 2000

COLUMNS = [
    "id",
    "meeting_month",
    "area_code",
    "area_name",
    "kind",
    "text",
    "owner",
    "due_date",
    "status",
    "done_at",
    "done_note",
    "done_by",
    "created_by",
    "created_at",
    "days_overdue",
]


class TaskRefused(ValueError):
    """The item cannot be recorded or changed; the message says why, in Vietnamese."""


def _month(value: date) -> date:
    return date(value.year, value.month, 1)


def _clean(text: str | None, what: str, limit: int, required: bool) -> str | None:
    value = (text or "").strip()
    if not value:
        if required:
            raise TaskRefused(f"Cần nhập {what}.")
        return None
    if len(value) > limit:
        raise TaskRefused(f"{what[:1].upper()}{what[1:]} quá dài (tối đa {limit} ký tự).")
    return value


def _area_in_scope(db: Database, area_code: str, scope: Scope) -> None:
    rows = db.query_rows("SELECT code, province_code, parent_code FROM areas WHERE code = ?", [area_code])
    if not rows:
        raise TaskRefused(f"Không có địa bàn mã {area_code}.")
    code, province, parent = rows[0]
    if not scope.covers(str(code), province, parent):
        raise TaskRefused(f"Địa bàn {area_code} nằm ngoài phạm vi được giao.")


def _allowed(actor: User) -> User:
    try:
        return require(actor, "tasks")
    except PermissionDenied as exc:
        raise TaskRefused(str(exc)) from exc


def add(
    db: Database,
    meeting_month: date,
    text: str,
    actor: User = SYSTEM,
    *,
    kind: str = TASK,
    owner: str | None = None,
    due: date | None = None,
    area_code: str | None = None,
) -> int:
    """Record a conclusion or a task at the meeting reviewing `meeting_month`; returns its id."""
    _allowed(actor)
    scope = actor.scope
    if kind not in KINDS:
        raise TaskRefused(f"Loại không hợp lệ: {kind} (kết luận hoặc nhiệm vụ).")
    body = _clean(text, "nội dung", MAX_TEXT, required=True) or ""
    who = _clean(owner, "người, đơn vị chịu trách nhiệm", MAX_OWNER, required=kind == TASK)
    if kind == TASK and due is None:
        raise TaskRefused("Cần nhập thời hạn hoàn thành của nhiệm vụ.")
    if due is not None and due < _month(meeting_month):
        raise TaskRefused("Thời hạn không được trước tháng của cuộc họp.")
    code = (area_code or "").strip() or None
    if code is not None:
        _area_in_scope(db, code, scope)
    month = _month(meeting_month)
    province = scope.province
    if province is None and scope.commune is not None:
        province = db.query_value("SELECT province_code FROM areas WHERE code = ?", [scope.commune])
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO tasks (meeting_month, area_code, kind, text, owner, due_date, created_by, scope_province, "
            "scope_commune) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [month, code, kind, body, who, due, actor.username, province, scope.commune],
        ).fetchone()
        assert row is not None
        task_id = int(row[0])
        what = "kết luận" if kind == CONCLUSION else "nhiệm vụ"
        audit.record(
            cur,
            actor.username,
            "task",
            f"task:{task_id}",
            f"Ghi {what} số {task_id} (cuộc họp tháng {month:%m/%Y}): {body[:100]}",
            None,
            {"kind": kind, "area_code": code, "text": body, "owner": who, "due_date": due, "meeting_month": month},
        )
    return task_id


def mark_done(db: Database, task_id: int, note: str, actor: User = SYSTEM, when: datetime | None = None) -> None:
    """Mark an open task done, with a note on what was done."""
    _allowed(actor)
    rows = _select(db, actor.scope, "t.id = $id", {"id": int(task_id)})
    if rows.empty:
        raise TaskRefused(f"Không có nhiệm vụ số {task_id} (hoặc nằm ngoài phạm vi được giao).")
    row = rows.iloc[0]
    if row["kind"] != TASK:
        raise TaskRefused(f"Mục số {task_id} là kết luận, không phải nhiệm vụ.")
    if row["status"] == DONE:
        raise TaskRefused(f"Nhiệm vụ số {task_id} đã hoàn thành trước đó.")
    body = _clean(note, "kết quả thực hiện", MAX_NOTE, required=True) or ""
    done_at = when or datetime.now()
    with db.transaction() as cur:
        cur.execute(
            "UPDATE tasks SET status = 'done', done_at = ?, done_note = ?, done_by = ? WHERE id = ?",
            [done_at, body, actor.username, int(task_id)],
        )
        audit.record(
            cur,
            actor.username,
            "task",
            f"task:{int(task_id)}",
            f"Nhiệm vụ số {int(task_id)} hoàn thành: {body[:100]}",
            {"status": OPEN},
            {"status": DONE, "done_note": body, "done_at": done_at},
        )


_SELECT = """
SELECT t.id, t.meeting_month, t.area_code, a.name AS area_name, t.kind, t.text, t.owner, t.due_date, t.status,
       t.done_at, t.done_note, t.done_by, t.created_by, t.created_at
FROM tasks t LEFT JOIN areas a ON a.code = t.area_code
WHERE (CASE WHEN t.area_code IS NULL
            THEN ($scope_province IS NULL OR t.scope_province = $scope_province)
                 AND ($scope_commune IS NULL OR t.scope_commune = $scope_commune)
            ELSE ({scope}) END) AND ({where})
ORDER BY t.meeting_month, t.area_code NULLS FIRST, t.id
"""


def _select(db: Database, scope: Scope, where: str, params: dict[str, object]) -> pd.DataFrame:
    sql = _SELECT.replace("{scope}", scope.condition("a")).replace("{where}", where)
    return db.query_df(sql, {**scope.params(), **params})


def _with_overdue(frame: pd.DataFrame, today: date) -> pd.DataFrame:
    out = frame.copy()
    due = pd.to_datetime(out["due_date"])
    late = (out["status"] == OPEN) & (out["kind"] == TASK) & due.notna() & (due < pd.Timestamp(today))
    days = (pd.Timestamp(today) - due).dt.days
    out["days_overdue"] = days.where(late, 0).fillna(0).astype(int)
    return out[COLUMNS]


def all_items(db: Database, scope: Scope = ALL, today: date | None = None) -> pd.DataFrame:
    """Every conclusion and task in scope, oldest meeting first."""
    return _with_overdue(_select(db, scope, "TRUE", {}), today or date.today())


def of_meeting(db: Database, month: date, scope: Scope = ALL, today: date | None = None) -> pd.DataFrame:
    """The conclusions and tasks recorded at the meeting reviewing `month`."""
    frame = _select(db, scope, "t.meeting_month = $month", {"month": _month(month)})
    return _with_overdue(frame, today or date.today())


def open_tasks(db: Database, month: date, scope: Scope = ALL, today: date | None = None) -> pd.DataFrame:
    """Tasks still open from the meetings up to `month`: overdue first (most overdue first), then by
    due date."""
    frame = _select(
        db, scope, "t.kind = 'task' AND t.status = 'open' AND t.meeting_month <= $month", {"month": _month(month)}
    )
    out = _with_overdue(frame, today or date.today())
    return out.sort_values(["days_overdue", "due_date", "id"], ascending=[False, True, True]).reset_index(drop=True)


def carried(db: Database, month: date, scope: Scope = ALL, today: date | None = None) -> pd.DataFrame:
    """The tasks of earlier meetings that the meeting reviewing `month` follows up: those still open,
    and those done since `month` began (with their notes). Oldest meeting first."""
    frame = _select(
        db,
        scope,
        "t.kind = 'task' AND t.meeting_month < $month AND (t.status = 'open' OR t.done_at >= $month)",
        {"month": _month(month)},
    )
    return _with_overdue(frame, today or date.today())


def of_area(db: Database, code: str, month: date, scope: Scope = ALL, today: date | None = None) -> pd.DataFrame:
    """The tasks of one area and its villages followed up at the meeting reviewing `month`: still open,
    or done since `month` began. Overdue first."""
    frame = _select(
        db,
        scope,
        "t.kind = 'task' AND t.meeting_month <= $month AND (t.status = 'open' OR t.done_at >= $month) "
        "AND (a.code = $code OR a.parent_code = $code)",
        {"month": _month(month), "code": code},
    )
    out = _with_overdue(frame, today or date.today())
    return out.sort_values(["days_overdue", "due_date", "id"], ascending=[False, True, True]).reset_index(drop=True)


@dataclass(frozen=True)
class TaskCounts:
    open: int
    overdue: int
    done: int


def counts(frame: pd.DataFrame) -> TaskCounts:
    """Open, overdue and done tasks among the rows of a task frame (conclusions are not counted)."""
    rows = frame[frame["kind"] == TASK]
    return TaskCounts(
        open=int((rows["status"] == OPEN).sum()),
        overdue=int((rows["days_overdue"] > 0).sum()),
        done=int((rows["status"] == DONE).sum()),
    )
