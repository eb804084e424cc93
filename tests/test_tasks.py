"""Conclusions and tasks: recorded at a meeting, carried to the next until done, overdue ones stand out."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from core.access import audit
from core.access.accounts import VIEWER, User
from core.access.scope import ALL, Scope
from core.domain import tasks
from core.storage.db import Database
from tests.helpers import staff


@pytest.fixture
def demo(demo_copy: Path) -> Database:
    with Database(demo_copy) as database:
        yield database  # type: ignore[misc]


SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
CANBO1, CANBO2, U = staff("canbo1"), staff("canbo2"), staff("u")


def test_tasks_are_carried_from_one_meeting_to_the_next_until_done(demo: Database) -> None:
    # September's meeting: two tasks and a conclusion.
    a = tasks.add(demo, SEP, "Đẩy nhanh điều tra các vụ trộm cắp", CANBO1, owner="Công an xã Tủa Sín Chải",
                  due=date(2026, 10, 15), area_code="03529")  # fmt: skip
    b = tasks.add(demo, SEP, "Tuyên truyền đến 100% hộ dân", CANBO1, owner="UBND xã Tủa Sín Chải",
                  due=date(2026, 12, 31), area_code="03529")  # fmt: skip
    c = tasks.add(demo, SEP, "Ban Chỉ đạo thống nhất tiếp tục chuyển hóa xã Nậm Cuổi", CANBO1, kind="conclusion",
                  area_code="03544")  # fmt: skip
    assert [a, b, c] == sorted([a, b, c])
    # At October's meeting (on 05/11/2026) both September tasks are carried, the first overdue by 21 days.
    carried = tasks.carried(demo, OCT, today=date(2026, 11, 5)).set_index("id")
    assert list(carried.index) == [a, b]  # the conclusion is not followed up
    assert carried.loc[a, "days_overdue"] == 21 and carried.loc[b, "days_overdue"] == 0
    assert carried.loc[a, "area_name"] == "Xã Tủa Sín Chải"
    assert tasks.counts(carried) == tasks.TaskCounts(open=2, overdue=1, done=0)
    # Staff mark the first done in October; a committee-wide task is added at October's meeting.
    tasks.mark_done(demo, a, "Đã khám phá 3/4 vụ", CANBO2, when=datetime(2026, 10, 20, 9, 0))
    d = tasks.add(demo, OCT, "Tổng hợp báo cáo gửi Ban Chỉ đạo tỉnh", CANBO1, owner="Công an tỉnh",
                  due=date(2026, 11, 10))  # fmt: skip
    # November's meeting: a was done in October (reported at October's meeting); b and d are carried.
    nov = tasks.carried(demo, NOV, today=date(2026, 12, 3)).set_index("id")
    assert list(nov.index) == [b, d]
    assert pd.isna(nov.loc[d, "area_code"])  # committee-wide
    assert nov.loc[d, "days_overdue"] == 23
    # October's meeting still shows a as done, with its note and who marked it.
    again = tasks.carried(demo, OCT, today=date(2026, 12, 3)).set_index("id")
    assert again.loc[a, "status"] == "done" and again.loc[a, "done_note"] == "Đã khám phá 3/4 vụ"
    assert again.loc[a, "done_by"] == "canbo2" and again.loc[a, "days_overdue"] == 0
    # Open tasks for the overview: overdue first.
    assert list(tasks.open_tasks(demo, NOV, today=date(2026, 12, 3))["id"]) == [d, b]
    meeting = tasks.of_meeting(demo, SEP)
    assert list(meeting["kind"]) == ["task", "task", "conclusion"]
    assert meeting["created_by"].tolist() == ["canbo1"] * 3


def test_scope_keeps_other_areas_tasks_out(demo: Database) -> None:
    mine = tasks.add(demo, OCT, "Nhiệm vụ của Sìn Hồ", U, owner="Công an xã", due=NOV, area_code="03478")
    village = tasks.add(demo, OCT, "Nhiệm vụ của Bản Phìn Hồ", U, owner="Trưởng bản", due=NOV, area_code="03508-PH")
    hong_thu = staff("xa", province="12", commune="03508")
    assert set(tasks.all_items(demo, hong_thu.scope)["id"]) == {village}
    assert set(tasks.all_items(demo, staff("tinh", province="12").scope)["id"]) == {mine, village}
    assert set(tasks.all_items(demo, staff("khac", province="01").scope)["id"]) == set()
    with pytest.raises(tasks.TaskRefused, match="ngoài phạm vi"):
        tasks.mark_done(demo, mine, "xong", hong_thu)
    with pytest.raises(tasks.TaskRefused, match="ngoài phạm vi"):
        tasks.add(demo, OCT, "Việc", hong_thu, owner="X", due=NOV, area_code="03478")
    tasks.mark_done(demo, village, "Đã xong", hong_thu)  # its own village


def test_a_committee_wide_task_belongs_to_the_scope_it_was_made_in(demo: Database) -> None:
    """A task with no area was listed, closable and reported for every province (`area_code IS NULL`
    let it through every scope)."""
    lai_chau, son_la = staff("canbo", province="12"), staff("sonla", province="14")
    hong_thu = staff("xa", province="12", commune="03508")
    province_task = tasks.add(demo, OCT, "Tổng hợp báo cáo gửi tỉnh", lai_chau, owner="Công an tỉnh", due=NOV)
    commune_task = tasks.add(demo, OCT, "Họp dân bản Phìn Hồ", hong_thu, owner="UBND xã", due=NOV)
    national_task = tasks.add(demo, OCT, "Báo cáo Bộ Công an", U, owner="Văn phòng", due=NOV)
    assert set(tasks.all_items(demo, son_la.scope)["id"]) == set()
    assert set(tasks.open_tasks(demo, NOV, son_la.scope)["id"]) == set()
    assert set(tasks.all_items(demo, lai_chau.scope)["id"]) == {province_task, commune_task}
    assert set(tasks.all_items(demo, hong_thu.scope)["id"]) == {commune_task}
    assert set(tasks.all_items(demo, Scope(commune="03508"))["id"]) == {commune_task}
    assert set(tasks.all_items(demo, ALL)["id"]) == {province_task, commune_task, national_task}
    for task_id in (province_task, national_task):
        with pytest.raises(tasks.TaskRefused, match="ngoài phạm vi"):
            tasks.mark_done(demo, task_id, "Sơn La đóng hộ", son_la)
    with pytest.raises(tasks.TaskRefused, match="ngoài phạm vi"):
        tasks.mark_done(demo, province_task, "Xã đóng việc của tỉnh", hong_thu)
    assert demo.query_value("SELECT count(*) FROM tasks WHERE status = 'done'") == 0
    tasks.mark_done(demo, province_task, "Đã gửi báo cáo", lai_chau)
    stored = demo.query_rows("SELECT id, scope_province, scope_commune FROM tasks ORDER BY id")
    assert stored == [(province_task, "12", None), (commune_task, "12", "03508"), (national_task, None, None)]


def test_tasks_recorded_before_migration_009_take_their_creators_scope(tmp_path: Path, monkeypatch) -> None:
    """Existing items get the scope of the account that recorded them; those of the command line or an
    unknown account become national only."""
    from core.storage import db as dbmod

    path = tmp_path / "old.duckdb"
    shipped = dbmod.migrations()
    monkeypatch.setattr(dbmod, "migrations", lambda: [m for m in shipped if m[0] < 9])
    with Database(path) as old, old.transaction() as cur:
        cur.execute(
            "INSERT INTO users (username, full_name, role, province_code, commune_code) VALUES "
            "('canbo', 'Cán bộ', 'staff', '12', NULL), ('xa', 'Xã', 'staff', '12', '03508')"
        )
        cur.execute(
            "INSERT INTO tasks (meeting_month, kind, text, owner, due_date, created_by) VALUES "
            "('2026-10-01', 'task', 'Của tỉnh', 'X', '2026-11-01', 'canbo'), "
            "('2026-10-01', 'task', 'Của xã', 'X', '2026-11-01', 'xa'), "
            "('2026-10-01', 'task', 'Từ dòng lệnh', 'X', '2026-11-01', 'cli')"
        )
    monkeypatch.setattr(dbmod, "migrations", lambda: shipped)
    with Database(path) as db:
        rows = db.query_rows("SELECT text, scope_province, scope_commune FROM tasks ORDER BY id")
        assert rows == [("Của tỉnh", "12", None), ("Của xã", "12", "03508"), ("Từ dòng lệnh", None, None)]
        assert list(tasks.all_items(db, Scope(province="14"))["text"]) == []
        assert list(tasks.all_items(db, Scope(province="12"))["text"]) == ["Của tỉnh", "Của xã"]


def test_viewers_read_but_do_not_write_and_writes_are_audited(demo: Database) -> None:
    chair = User("chutich", "Chủ tịch", VIEWER, "12")
    with pytest.raises(tasks.TaskRefused, match="không có quyền"):
        tasks.add(demo, OCT, "Việc", chair, owner="X", due=NOV)
    task = tasks.add(demo, OCT, "Việc của cán bộ", CANBO1, owner="X", due=NOV)
    with pytest.raises(tasks.TaskRefused, match="không có quyền"):
        tasks.mark_done(demo, task, "xong", chair)
    tasks.mark_done(demo, task, "Đã làm xong", CANBO2)
    log = audit.entries(demo, action="task")
    assert list(log["actor"]) == ["canbo2", "canbo1"]  # newest first
    assert list(log["target"]) == [f"task:{task}", f"task:{task}"]
    assert "Việc của cán bộ" in log["summary"].iloc[1] and "Đã làm xong" in log["summary"].iloc[0]


def test_refusals_say_why_and_write_nothing(demo: Database) -> None:
    version = demo.data_version()
    cases = [
        (dict(text="  ", owner="X", due=NOV), "nội dung"),
        (dict(text="Việc", owner="", due=NOV), "chịu trách nhiệm"),
        (dict(text="Việc", owner="X", due=None), "thời hạn"),
        (dict(text="Việc", owner="X", due=date(2026, 9, 30)), "trước tháng"),
        (dict(text="Việc", owner="X", due=NOV, area_code="99999"), "Không có địa bàn"),
        (dict(text="x" * 2001, owner="X", due=NOV), "quá dài"),
    ]
    for kwargs, message in cases:
        with pytest.raises(tasks.TaskRefused, match=message):
            tasks.add(demo, OCT, actor=U, **kwargs)  # type: ignore[arg-type]
    assert demo.data_version() == version
    conclusion = tasks.add(demo, OCT, "Kết luận", U, kind="conclusion")
    with pytest.raises(tasks.TaskRefused, match="là kết luận"):
        tasks.mark_done(demo, conclusion, "xong", U)
    task = tasks.add(demo, OCT, "Việc", U, owner="X", due=NOV)
    with pytest.raises(tasks.TaskRefused, match="kết quả thực hiện"):
        tasks.mark_done(demo, task, " ", U)
    tasks.mark_done(demo, task, "Đã xong", U)
    with pytest.raises(tasks.TaskRefused, match="đã hoàn thành"):
        tasks.mark_done(demo, task, "lại", U)
    with pytest.raises(tasks.TaskRefused, match="Không có nhiệm vụ số 999"):
        tasks.mark_done(demo, 999, "x", U)


def test_an_areas_tasks_include_its_villages(demo: Database) -> None:
    commune = tasks.add(demo, OCT, "Việc của xã Hồng Thu", U, owner="X", due=NOV, area_code="03508")
    village = tasks.add(demo, OCT, "Việc của Bản Phìn Hồ", U, owner="Y", due=date(2026, 10, 20), area_code="03508-PH")
    tasks.add(demo, OCT, "Việc của xã khác", U, owner="Z", due=NOV, area_code="03478")
    tasks.add(demo, OCT, "Việc chung", U, owner="Z", due=NOV)
    rows = tasks.of_area(demo, "03508", OCT, today=date(2026, 11, 1))
    assert list(rows["id"]) == [village, commune]  # overdue (12 days) first
    assert list(tasks.of_area(demo, "03508-PH", OCT, today=date(2026, 11, 1))["id"]) == [village]
