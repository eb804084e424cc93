"""The CLI as staff scripts use it: a real process, exit codes, CSV output."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile_files import HOSTILE, run_measured
from tests.test_importer import to_cp1258


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    result = run_cli("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "9 đợt chuyển hóa" in result.stdout
    return path


def status_rows(*args: str) -> list[dict[str, str]]:
    result = run_cli("status", *args, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_init_creates_units_and_criteria(tmp_path: Path) -> None:
    result = run_cli("init", "--db", str(tmp_path / "n.duckdb"))
    assert result.returncode == 0
    assert "3355 đơn vị hành chính" in result.stdout and "13 tiêu chí" in result.stdout


def test_status_csv_columns_and_readiness(demo_path: Path) -> None:
    rows = status_rows("--db", str(demo_path))
    assert list(rows[0])[:4] == ["area_code", "area_name", "programme", "start_month"]
    by_code = {r["area_code"]: r for r in rows}
    assert by_code["03478"]["ready"] == "true" and by_code["03478"]["failed"] == ""
    assert by_code["03529"]["ready"] == "false" and by_code["03529"]["failed"] == "C02 C10"
    assert by_code["03544"]["failed"] == "C04 C06"
    assert by_code["03478"]["start_month"] == "2026-01"
    assert by_code["03478"]["area_name"] == "Xã Sìn Hồ"


def test_status_target_override_flips_readiness(demo_path: Path) -> None:
    relaxed = {
        r["area_code"]: r for r in status_rows("--db", str(demo_path), "--target", "C02=50", "--target", "C10=80")
    }
    assert relaxed["03529"]["ready"] == "true"
    strict = {r["area_code"]: r for r in status_rows("--db", str(demo_path), "--target", "C04=90")}
    assert strict["03478"]["ready"] == "false" and strict["03478"]["failed"] == "C04"


def test_status_at_an_earlier_month(demo_path: Path) -> None:
    rows = {r["area_code"]: r for r in status_rows("--db", str(demo_path), "--month", "2026-06")}
    assert rows["03478"]["status"] == "in_progress"  # 6 of its 9 months
    assert rows["03408"]["months_elapsed"] == "3"


def test_status_uses_env_database(demo_path: Path) -> None:
    result = run_cli("status", env={"CHUYENHOA_DB": str(demo_path)})
    assert result.returncode == 0
    assert "Đủ điều kiện ra khỏi diện" in result.stdout and "tháng 10/2026" in result.stdout


def test_bad_arguments_exit_2_without_traceback(demo_path: Path, tmp_path: Path) -> None:
    for args in (
        ["status", "--db", str(demo_path), "--target", "C99=1"],
        ["status", "--db", str(demo_path), "--month", "2026-13"],
        ["status", "--db", str(tmp_path / "missing.duckdb")],
    ):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr and result.stderr.startswith("Lỗi")


def test_demo_refuses_to_overwrite_without_force(demo_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_path, copy)
    result = run_cli("demo", "--db", str(copy))
    assert result.returncode == 1 and "--force" in result.stderr


IMPORTS = ROOT / "tests" / "fixtures" / "import"


def test_import_every_kind_then_status(tmp_path: Path) -> None:
    db = str(tmp_path / "p.duckdb")
    assert run_cli("init", "--db", db).returncode == 0
    assert run_cli("user", "add", "canbo", "--role", "staff", "--db", db).returncode == 0
    for name in ("dia_ban.csv", "dot_chuyen_hoa.csv", "chi_so_dai.csv", "chi_so_rong.csv", "diem_te_nan.csv"):
        result = run_cli("import", str(IMPORTS / name), "--db", db, "--user", "canbo")
        assert result.returncode == 0, (name, result.stderr)
        assert result.stdout.startswith(f"Đã nhập {name}"), result.stdout
        assert "Traceback" not in result.stderr
    # The old commune code 03718 (Chiềng Khoang) was mapped to today's Quỳnh Nhai, with a warning.
    wide = run_cli("import", str(IMPORTS / "chi_so_rong.csv"), "--db", db)
    assert wide.returncode == 0 and "đã được nhập trước đây" in wide.stdout
    rows = status_rows("--db", db, "--month", "2024-03")
    assert {r["area_code"] for r in rows} >= {"03478", "SH-B01", "03703"}


def test_import_cp1258_semicolon_file(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    assert run_cli("init", "--db", db).returncode == 0
    text = "Mã địa bàn;Tháng;Chỉ số;Giá trị\r\n03478;Tháng 3/2024;households;1.600\r\n03478;T3/2024;crimes;2\r\n"
    path = tmp_path / "so_lieu.csv"
    path.write_bytes(to_cp1258(text))
    result = run_cli("import", str(path), "--db", db)
    assert result.returncode == 0, result.stderr
    assert "2 ô số liệu thêm mới" in result.stdout


def test_import_refused_prints_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "r.duckdb")
    assert run_cli("init", "--db", db).returncode == 0
    path = tmp_path / "sai.csv"
    path.write_text(
        "ma_dia_ban,thang,chi_so,gia_tri\n99999,03/2024,crimes,2\n03478,13/2024,crimes,1\n03478,03/2024,crimes,abc\n",
        encoding="utf-8",
    )
    result = run_cli("import", str(path), "--db", db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Lỗi")]
    assert any(line.startswith("Lỗi: dòng 2, cột ma_dia_ban") for line in lines)
    assert any(line.startswith("Lỗi: dòng 3, cột thang") for line in lines)
    assert any(line.startswith("Lỗi: dòng 4, cột gia_tri") for line in lines)
    assert "Chưa ghi gì" in result.stderr
    assert status_rows("--db", db) == []


# -- hostile and careless files (the hardening issue): refused in seconds, bounded memory, no traceback --


@pytest.fixture
def init_copy(initialised_db_file: Path, tmp_path: Path) -> str:
    path = tmp_path / "h.duckdb"
    shutil.copy(initialised_db_file, path)
    return str(path)


@pytest.mark.parametrize(
    ("name", "first_line"),
    [
        (
            "whole_sheet_xlsx",
            "Lỗi: dòng 1048576, giá trị 'XFD1048576': Dòng có hơn 256 cột; mẫu nhập chỉ có vài chục cột. "
            "Hãy xóa các cột, ô thừa.",
        ),
        ("comma_line_10mb", "Lỗi: dòng 2: Dòng có hơn 256 cột; mẫu nhập chỉ có vài chục cột. Hãy xóa các cột, ô thừa."),
    ],
)
def test_import_refuses_a_hostile_file_in_seconds(name: str, first_line: str, init_copy: str, tmp_path: Path) -> None:
    """The 2 KB workbook declaring A1:XFD1048576 once grew the process by 20 MB/s; the line of commas
    gave no answer in 300 s."""
    file_name, build = HOSTILE[name]
    path = tmp_path / file_name
    path.write_bytes(build())
    run = run_measured(["-m", "core.cli", "import", str(path), "--db", init_copy], timeout=30)
    assert run.code == 1, run.stderr
    assert run.stderr.splitlines()[0] == first_line
    assert "Chưa ghi gì" in run.stderr and "Traceback" not in run.stderr
    assert run.seconds < 10 and run.peak_mb < 500, run


def test_import_refuses_control_characters_and_absurd_numbers(init_copy: str, tmp_path: Path) -> None:
    path = tmp_path / "so_lieu.csv"
    path.write_bytes(b"ma_dia_ban,thang,chi_so,gia_tri\n03478,03/2024,crimes,1\x002\n03478,03/2024,gangs,1e20\n")
    result = run_cli("import", str(path), "--db", init_copy)
    assert result.returncode == 1
    # The control character refuses the file as it is read, before its numbers are checked.
    assert result.stderr.splitlines()[0] == (
        "Lỗi: dòng 2, cột gia_tri, giá trị '1␀2': Ô chứa ký tự điều khiển (như ␀) không được phép; "
        "hãy xóa ký tự đó rồi lưu lại tệp."
    )
    path.write_bytes(b"ma_dia_ban,thang,chi_so,gia_tri\n03478,03/2024,crimes,12\n03478,03/2024,gangs,1e20\n")
    result = run_cli("import", str(path), "--db", init_copy)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "Lỗi: dòng 3, cột gia_tri, giá trị '1e20': Vượt mức hợp lý của chỉ số “gangs”: tối đa 100.000 nhóm một tháng."
    )
