"""Roles and scopes through the real app and the CLI, on a two-province database: what each role
sees in its navigation, which pages refuse when opened by address, which writes succeed, and that
a scoped user sees only their province or commune. Hostile names round-trip as plain text."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

import web
from core import importer
from core.access import accounts
from core.access.accounts import ADMIN, STAFF, SYSTEM, VIEWER, PermissionDenied, User
from core.access.scope import Scope
from core.domain import rounds
from core.domain.criteria import round_status
from core.geo import maps
from core.importer import templates, uploads
from core.storage.db import Database
from core.views import area, queries
from tests.helpers import GOOD_ROUND, app_test, load_values

ROOT = Path(__file__).resolve().parent.parent
MONTH = date(2026, 10, 1)
SCRIPT = "<script>alert('x')</script><b>Thôn Một</b>"
FORMULA = '=HYPERLINK("http://example.invalid","Bấm vào đây")'
SQL_NAME = "Điểm'); DROP TABLE rounds; --"
USERS = {"chutich": VIEWER, "canbo": STAFF, "quantri": ADMIN}


@pytest.fixture(scope="module")
def two_provinces(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """The Lai Châu demo plus a round in Hà Nội (Phường Ba Đình, 00004), villages and a hotspot with
    hostile names, and two scoped accounts: `hanoi` (staff, Hà Nội), `sinho` (viewer, Xã Sìn Hồ)."""
    path = tmp_path_factory.mktemp("two") / "two.duckdb"
    shutil.copy(demo_template, path)
    with Database(path) as db:
        with db.transaction() as cur:
            cur.execute("INSERT INTO rounds (area_code, start_month, planned_months) VALUES ('00004', '2024-01-01', 3)")
        load_values(db, "00004", GOOD_ROUND)
        areas_csv = (
            "ma_dia_ban,ten,cap,ma_cap_tren,vi_do,kinh_do,so_ho,dan_so\n"
            f'BD-01,"{SCRIPT}",tổ dân phố,00004,"21,0390","105,8390",300,1200\n'
            f'BD-02,"{FORMULA.replace(chr(34), chr(34) * 2)}",tổ dân phố,00004,"21,0380","105,8370",200,900\n'
        ).encode()
        hotspots_csv = (
            "ma_diem,ma_dia_ban,loai,ten,vi_do,kinh_do,ngay_phat_hien,ngay_triet_xoa\n"
            f'BD-D1,BD-01,ma túy,"{SQL_NAME}","21,0391","105,8391",01/02/2026,\n'
        ).encode()
        for name, content in (("dia_ban.csv", areas_csv), ("diem.csv", hotspots_csv)):
            result = importer.import_file(db, content, name, today=date(2026, 11, 1))
            assert isinstance(result, importer.ImportResult), result.problems  # type: ignore[union-attr]
        accounts.create_user(db, SYSTEM, "hanoi", "mat-khau-ha-noi", STAFF, "Cán bộ Hà Nội", province="01")
        accounts.create_user(db, SYSTEM, "sinho", "mat-khau-sin-ho", VIEWER, "Xã Sìn Hồ", commune="03478")
    return path


@pytest.fixture
def db_file(two_provinces: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "roles.duckdb"
    shutil.copy(two_provinces, path)
    monkeypatch.setenv("CHUYENHOA_DB", str(path))
    return path


def open_page(user: str | None, page: str | None = None, **params: str) -> AppTest:
    at = app_test(user)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


# -- navigation and refusal ---------------------------------------------------------------------


def test_navigation_by_role() -> None:
    meeting = ["tong-quan", "dia-ban", "xet-ra-khoi-dien", "ban-do", "gia-dinh", "bao-cao"]
    assert web.nav_paths(User("a", "A", VIEWER)) == meeting
    assert web.nav_paths(User("b", "B", STAFF)) == [*meeting, "cap-nhat"]
    assert web.nav_paths(User("c", "C", ADMIN)) == [*meeting, "cap-nhat", "quan-tri"]


@pytest.mark.parametrize(
    ("user", "page", "refused"),
    [
        ("chutich", "pages/upload.py", True),
        ("chutich", "pages/admin.py", True),
        ("canbo", "pages/admin.py", True),
        ("canbo", "pages/upload.py", False),
        ("quantri", "pages/admin.py", False),
        ("chutich", "pages/whatif.py", False),
    ],
)
def test_pages_refuse_a_role_opened_by_address(db_file: Path, user: str, page: str, refused: bool) -> None:
    at = open_page(user, page)
    titles = [t.value for t in at.title]
    assert ("Không có quyền truy cập" in titles) == refused
    if refused:
        assert at.error[0].value.startswith("Vai trò của bạn")
        assert not at.main.button and not at.main.text_input  # nothing of the page was drawn


def test_nobody_sees_anything_without_logging_in(db_file: Path) -> None:
    at = open_page(None, "pages/overview.py")
    assert at.text_input(key="login_user") is not None
    assert not at.metric and not at.dataframe
    # The demo database lists its demo accounts on the login page.
    demo = at.table[0].value
    assert list(demo["Tên đăng nhập"]) == ["chutich", "canbo", "quantri"]


def test_logging_in_through_the_form(db_file: Path) -> None:
    at = open_page(None)
    at.text_input(key="login_user").input("canbo")
    at.text_input(key="login_password").input("sai-mat-khau")
    at.main.button[0].click().run()
    assert at.error[0].value == (
        "Sai tên đăng nhập hoặc mật khẩu. Sau 5 lần sai liên tiếp, tài khoản bị tạm khóa 15 phút."
    )
    at.text_input(key="login_user").input("canbo")
    at.text_input(key="login_password").input("demo123")
    at.main.button[0].click().run()
    assert at.title[0].value == "Tổng quan chuyển hóa địa bàn"
    assert at.session_state["_user"] == "canbo"


def test_a_deactivated_account_is_cut_off_at_its_next_click(db_file: Path) -> None:
    at = open_page("canbo")
    assert at.title[0].value == "Tổng quan chuyển hóa địa bàn"
    web.open_db(str(db_file))  # the app's connection
    accounts.update_user(web.open_db(str(db_file)), SYSTEM, "canbo", active=False)
    at.run()
    assert at.text_input(key="login_user") is not None


def test_an_idle_session_is_logged_out(db_file: Path) -> None:
    at = app_test("canbo")
    at.session_state["_seen"] = 0.0  # last seen long ago
    at.run()
    assert at.text_input(key="login_user") is not None
    assert at.info[0].value == "Phiên làm việc đã hết do không hoạt động; hãy đăng nhập lại."
    last = web.open_db(str(db_file)).query_rows("SELECT actor, summary FROM audit_log ORDER BY id DESC LIMIT 1")
    assert last == [("canbo", "Hết phiên do không hoạt động")]


# -- writes by role ------------------------------------------------------------------------------


def test_viewer_cannot_record_an_exit_or_save_a_scenario(db_file: Path) -> None:
    at = open_page("chutich", "pages/exit_review.py")
    assert not [s for s in at.selectbox if s.key == "exit_round"]
    at = open_page("chutich", "pages/whatif.py")
    infos = [i.value for i in at.info]
    assert "Vai trò Xem được thử chỉ tiêu nhưng không lưu giả định; cán bộ nghiệp vụ lưu được." in infos
    with Database(db_file) as db, pytest.raises(PermissionDenied):
        rounds.record_exit(db, 1, "1/QĐ", date(2026, 11, 1), actor=accounts.get_user(db, "chutich"))  # type: ignore[arg-type]


def test_staff_records_an_exit_in_scope_and_it_is_audited(db_file: Path) -> None:
    at = open_page("canbo", "pages/exit_review.py")
    at.selectbox(key="exit_round").set_value(at.selectbox(key="exit_round").options[0])
    at.text_input(key="exit_no").input("30/QĐ-BCĐ")
    at.date_input(key="exit_date").set_value(date(2026, 11, 5))
    at.main.button[-1].click().run()
    assert at.success[0].value.startswith("Đã ghi: Xã Sìn Hồ ra khỏi diện")
    log = web.open_db(str(db_file)).query_rows(
        "SELECT actor, action, target, before, after FROM audit_log WHERE action = 'exit'"
    )
    actor, action, _, before, after = log[0]
    assert (actor, action) == ("canbo", "exit")
    assert '"status": "in_progress"' in before and '"exit_decision_no": "30/QĐ-BCĐ"' in after


def test_staff_cannot_adopt_but_admin_can(db_file: Path) -> None:
    with Database(db_file) as db:
        from core.domain import whatif

        staff_user = accounts.get_user(db, "canbo")
        admin_user = accounts.get_user(db, "quantri")
        assert staff_user is not None and admin_user is not None
        scenario_id = whatif.save_scenario(db, "Thử C02 75", whatif.parse_param("C02:75"), actor=staff_user)
        with pytest.raises(PermissionDenied):
            whatif.adopt(db, scenario_id, "5/QĐ-BCĐ", date(2026, 11, 1), actor=staff_user)
        assert whatif.adopt(db, scenario_id, "5/QĐ-BCĐ", date(2026, 11, 1), actor=admin_user) == 1
        actions = [r[0] for r in db.query_rows("SELECT action FROM audit_log ORDER BY id")]
        assert actions[-2:] == ["scenario_save", "scenario_adopt"]


def test_cli_acts_with_the_users_role_and_scope(db_file: Path, tmp_path: Path) -> None:
    upload = tmp_path / "so_lieu.csv"
    upload.write_text("ma_dia_ban,thang,chi_so,gia_tri\n03478,10/2026,crimes,2\n", encoding="utf-8")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "core.cli", *args, "--db", str(db_file)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )

    refused = cli("import", str(upload), "--user", "chutich")
    assert refused.returncode == 1 and "không có quyền" in refused.stderr
    outside = cli("import", str(upload), "--user", "hanoi")
    assert outside.returncode == 1 and "ngoài phạm vi" in outside.stderr
    assert cli("import", str(upload), "--user", "canbo").returncode == 0
    status = cli("status", "--user", "hanoi", "--format", "csv")
    assert [line.split(",")[0] for line in status.stdout.splitlines()[1:]] == ["00004"]
    assert cli("audit", "--user", "canbo").returncode == 1
    assert "canbo" in cli("audit", "--user", "quantri", "--action", "upload").stdout


# -- scope --------------------------------------------------------------------------------------


def test_scope_filters_every_query_in_core(two_provinces: Path) -> None:
    hanoi, sinho = Scope(province="01"), Scope(commune="03478")
    with Database(two_provinces, read_only=True) as db:
        assert list(round_status(db, MONTH)["area_code"]).count("00004") == 1
        assert list(round_status(db, MONTH, scope=hanoi)["area_code"]) == ["00004"]
        assert list(round_status(db, MONTH, scope=sinho)["area_code"]) == ["03478"]
        assert "00004" not in set(round_status(db, MONTH, scope=Scope(province="12"))["area_code"])
        assert queries.province_names(db, hanoi) == {"01": "Thành phố Hà Nội"}
        assert list(maps.provinces(db, sinho)["code"]) == ["12"]
        assert area.area_detail(db, "03478", hanoi) is None
        assert area.area_detail(db, "00004", hanoi) is not None
        points = maps.hotspot_points(db, MONTH, scope=hanoi)
        assert list(points["id"]) == ["BD-D1"]
        assert set(maps.area_points(db, round_status(db, MONTH, scope=sinho), MONTH, scope=sinho)["code"]) == {"03478"}
        mine = uploads.history(db, scope=hanoi)
        assert set(mine["file_name"]) == {"dia_ban.csv", "diem.csv"}
        frame = templates.template_frame(db, "areas", scope=sinho)
        assert set(frame["Mã cấp trên"].dropna()) <= {"03478", "12"} and "03478" in set(frame["Mã địa bàn"])


def test_scoped_writes_stop_at_the_scope(db_file: Path) -> None:
    with Database(db_file) as db:
        hanoi = accounts.get_user(db, "hanoi")
        assert hanoi is not None
        plan = importer.plan_import(
            db, b"ma_dia_ban,thang,chi_so,gia_tri\n03478,10/2026,crimes,2\n00004,10/2026,crimes,1\n", "x.csv",
            today=date(2026, 11, 1), scope=hanoi.scope,
        )  # fmt: skip
        assert [(p.row, p.reason) for p in plan.problems] == [
            (2, "Địa bàn nằm ngoài phạm vi được giao cho tài khoản này.")
        ]
        sin_ho_round = int(db.query_value("SELECT id FROM rounds WHERE area_code = '03478'"))
        with pytest.raises(PermissionDenied, match="ngoài phạm vi"):
            rounds.record_exit(db, sin_ho_round, "1/QĐ", date(2026, 11, 1), actor=hanoi)
        canbo = accounts.get_user(db, "canbo")
        assert canbo is not None
        lai_chau = importer.import_file(
            db, b"ma_dia_ban,thang,chi_so,gia_tri\n03478,10/2026,crimes,3\n", "lc.csv", actor=canbo,
            today=date(2026, 11, 1),
        )  # fmt: skip
        assert isinstance(lai_chau, importer.ImportResult)
        with pytest.raises(uploads.UndoRefused, match="ngoài phạm vi"):
            uploads.undo(db, lai_chau.upload_id, actor=hanoi)
        assert uploads.undo(db, lai_chau.upload_id, actor=canbo).restored == 1


def test_pages_show_only_the_users_scope(db_file: Path) -> None:
    at = open_page("hanoi")
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Đang chuyển hóa"] == "0" and tiles["Đủ điều kiện ra khỏi diện"] == "1"
    names = {str(v) for d in at.dataframe for v in d.value.iloc[:, 0]}
    assert names == {"Phường Ba Đình"}
    # An area outside the scope, asked for by address, is not shown: the user's own area is.
    at = open_page("hanoi", "pages/area.py", ma="03478")
    assert at.title[0].value == "Phường Ba Đình"
    at = open_page("sinho", "pages/map.py")
    assert next(s for s in at.selectbox if s.key == "m_tinh").options == ["Tỉnh Lai Châu"]


# -- hostile names ------------------------------------------------------------------------------


def test_hostile_names_are_shown_as_text_and_exported_as_text(db_file: Path) -> None:
    with Database(db_file) as db:
        assert db.query_value("SELECT count(*) FROM rounds") == 10  # the SQL in a name did nothing
        names = dict(db.query_rows("SELECT code, name FROM areas WHERE code IN ('BD-01', 'BD-02')"))
        assert names == {"BD-01": SCRIPT, "BD-02": FORMULA}
        csv = templates.template_csv(db, "areas", "01").decode("utf-8-sig")
        book = load_workbook(__import__("io").BytesIO(templates.template_xlsx(db, "areas", "01")))
    assert f"'{FORMULA}".replace('"', '""') in csv and SCRIPT in csv
    cells = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert f"'{FORMULA}" in cells and FORMULA not in cells
    at = open_page("hanoi", "pages/area.py", ma="00004")
    villages = at.table[1].value  # st.table cells are markdown: the page escapes them, so they show as typed
    shown = {re.sub(r"\\(.)", r"\1", str(v)).replace("\u2060", "") for v in villages.iloc[:, 0]}  # no autolink
    assert shown == {SCRIPT, FORMULA}
    hotspots = at.table[2].value
    assert [re.sub(r"\\(.)", r"\1", str(v)) for v in hotspots["Tên"]] == [SQL_NAME]
    # Only constant markup goes through st.html / unsafe_allow_html: the names never do.
    assert all(SCRIPT not in h.proto.body for h in at.get("html"))
