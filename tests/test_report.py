"""The meeting report: DOCX opened with python-docx, PDF with pypdf's text extraction, XLSX with openpyxl,
asserting on commune names with diacritics, figures and the tasks carried from meeting to meeting."""

from __future__ import annotations

import io
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader

from core.access import accounts
from core.access.accounts import ADMIN, STAFF, SYSTEM, PermissionDenied, User
from core.access.scope import Scope
from core.domain import tasks
from core.report import gather as report
from core.report import write_docx as report_docx
from core.report import write_pdf as report_pdf
from core.report import write_xlsx as report_xlsx
from core.storage.db import Database
from tests.conftest import ROOT
from tests.helpers import staff
from tests.test_cli import run_cli

CANBO = staff("canbo", province="12")

OCT = date(2026, 10, 1)
ISSUED = date(2026, 11, 5)


@pytest.fixture(scope="module")
def meeting_db(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Database]:
    """The demo with September's tasks (one done in October, one overdue) and October's conclusions."""
    path = tmp_path_factory.mktemp("report") / "demo.duckdb"
    shutil.copy(demo_template, path)
    with Database(path) as db:
        sep = date(2026, 9, 1)
        done = tasks.add(db, sep, "Rà soát 100% hộ dân chưa được tuyên truyền", CANBO, owner="UBND xã Tủa Sín Chải",
                         due=date(2026, 10, 31), area_code="03529")  # fmt: skip
        tasks.add(db, sep, "Đấu tranh triệt xóa băng nhóm kiểu \"xã hội đen\"", CANBO, owner="Công an xã Nậm Cuổi",
                  due=date(2026, 10, 15), area_code="03544")  # fmt: skip
        tasks.mark_done(db, done, "Đã tuyên truyền thêm 210 hộ", staff("canbo2"), when=datetime(2026, 10, 28, 10, 0))
        tasks.add(db, OCT, "Thống nhất đề nghị đưa xã Sìn Hồ ra khỏi diện chuyển hóa", CANBO, kind="conclusion",
                  area_code="03478")  # fmt: skip
        tasks.add(db, OCT, '=HYPERLINK("http://x")', CANBO, owner="@Văn phòng", due=date(2026, 11, 30))
        db.query_rows("CHECKPOINT")  # the file alone holds everything: tests copy it
        yield db


@pytest.fixture(scope="module")
def built(meeting_db: Database) -> report.Report:
    return report.build_report(meeting_db, OCT, issued_on=ISSUED)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def pdf_text(built: report.Report) -> str:
    reader = PdfReader(io.BytesIO(report_pdf.to_pdf(built)))
    return nfc("\n".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def docx_doc(built: report.Report) -> Document:  # type: ignore[valid-type]
    return Document(io.BytesIO(report_docx.to_docx(built)))


def docx_text(document: Document) -> str:  # type: ignore[valid-type]
    parts = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    for table in document.tables:  # type: ignore[attr-defined]
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_committee_name_defaults_to_the_provinces_and_can_be_set(meeting_db: Database, tmp_path: Path) -> None:
    assert report.committee_name(meeting_db) == (
        "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc "
        "tỉnh Lai Châu"
    )
    assert report.place_name(meeting_db) == "Lai Châu"
    assert report.place_name(meeting_db, Scope(commune="03478")) == "Sìn Hồ"
    assert report.committee_name(meeting_db, Scope(province="12", commune="03478")).endswith("Tổ quốc xã Sìn Hồ")
    copy = tmp_path / "c.duckdb"
    shutil.copy(meeting_db.path, copy)
    with Database(copy) as db:
        with pytest.raises(PermissionDenied):
            report.set_committee_name(db, "Ban Chỉ đạo khác", CANBO)  # a setting: admin only
        report.set_committee_name(db, "Ban Chỉ đạo 138 tỉnh Lai Châu", User("quantri", "Quản trị", ADMIN))
        assert report.committee_name(db) == "Ban Chỉ đạo 138 tỉnh Lai Châu"


def test_docx_has_the_shape_of_a_committee_report(docx_doc: Document) -> None:  # type: ignore[valid-type]
    text = docx_text(docx_doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM" in text and "TỈNH LAI CHÂU" in text
    assert "Lai Châu, ngày 05 tháng 11 năm 2026" in text
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện chuyển hóa địa bàn trọng điểm, phức tạp về an ninh, trật tự — Tháng 10/2026" in text
    assert "có 9 địa bàn được đưa vào diện chuyển hóa, trong đó: 4 địa bàn đang chuyển hóa; 2 địa bàn đạt đủ" in text
    # The areas x criteria table: Tủa Sín Chải lags on C02 (56,2%) and C10 (85%).
    matrix = next(
        t for t in docx_doc.tables if [c.text for c in t.rows[0].cells][:4] == ["Địa bàn", "Trạng thái", "Đạt", "C01"]
    )  # type: ignore[attr-defined]
    header = [c.text for c in matrix.rows[0].cells]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in matrix.rows[1:]}
    tua = rows["Xã Tủa Sín Chải"]
    assert tua[header.index("C02")] == "✗ 56,2%" and tua[header.index("C10")] == "✗ 85%"
    assert rows["Xã Sìn Hồ"][header.index("C03")] == "✓ KPS"  # no serious crime arose
    assert tua[header.index("Đạt")] == "11/13"
    # Comparisons, exit proposals with reasons, lagging areas.
    assert "Vụ phạm tội về trật tự xã hội xảy ra" in text
    assert "Đạt 13/13 tiêu chí bắt buộc; đã đủ 9 tháng chuyển hóa (Tháng 1/2026 – Tháng 9/2026)" in text
    assert 'C06. Không có băng, nhóm tội phạm kiểu "xã hội đen" | 2 | = 0' in text
    # Conclusions and tasks: September's, carried with their status; October's conclusion.
    assert "Đã hoàn thành (28/10/2026): Đã tuyên truyền thêm 210 hộ" in text
    assert "Quá hạn 21 ngày" in text
    assert "Xã Sìn Hồ: Thống nhất đề nghị đưa xã Sìn Hồ ra khỏi diện chuyển hóa" in text
    assert "TM. BAN CHỈ ĐẠO" in text and "Nơi nhận:" in text
    # Three charts, as images; the matrix on landscape pages.
    assert len(docx_doc.inline_shapes) == 3  # type: ignore[attr-defined]
    assert any(s.page_width > s.page_height for s in docx_doc.sections)  # type: ignore[attr-defined]


def test_pdf_text_keeps_vietnamese_diacritics(pdf_text: str) -> None:
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lai Châu, ngày 05 tháng 11 năm 2026",
        "Xã Tủa Sín Chải",
        "Xã Nậm Cuổi",
        "Bản Phìn Hồ",
        "56,2%",
        "ĐỀ NGHỊ ĐƯA RA KHỎI DIỆN CHUYỂN HÓA",
        "Quá hạn 21 ngày",
        "Biểu đồ 1. Số địa bàn theo tình trạng chuyển hóa",
    ):
        assert expected in pdf_text, expected


def test_pdf_embeds_its_fonts(built: report.Report) -> None:
    reader = PdfReader(io.BytesIO(report_pdf.to_pdf(built)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor  # the TrueType program is in the file
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert {f for f in fonts if f.startswith("DejaVuSerif")} and len(fonts) >= 3, fonts


def test_xlsx_sheets_with_formatted_headers_and_values(built: report.Report) -> None:
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx.to_xlsx(built)))
    assert book.sheetnames == ["Bảng tiêu chí", "Số liệu chỉ số", "Đề nghị ra khỏi diện", "Kết luận, nhiệm vụ"]
    score = book["Bảng tiêu chí"]
    header = [c.value for c in score[2]]
    assert header[:3] == ["Mã địa bàn", "Địa bàn", "Trực thuộc"]
    assert score["A2"].font.bold and score["A2"].fill.fgColor.rgb.endswith("1F3864")
    assert score.freeze_panes == "A3"
    assert score.column_dimensions["B"].width >= len("Xã Tủa Sín Chải")
    rows = {r[1]: r for r in score.iter_rows(min_row=3, values_only=True)}
    tua = rows["Xã Tủa Sín Chải"]
    assert tua[header.index("C02")] == "56,2%" and tua[header.index("C02 (đánh giá)")] == "Chưa đạt"
    assert tua[header.index("Tiêu chí đạt")] == 11
    assert rows["Xã Nậm Cuổi"][header.index("C04")] == "−23,9%"  # a true minus: no formula marker needed
    data = book["Số liệu chỉ số"]
    data_header = [c.value for c in data[2]]
    crimes = data_header.index("Vụ phạm tội về trật tự xã hội xảy ra (crimes)")
    months = {(r[0], r[2]): r[crimes] for r in data.iter_rows(min_row=3, values_only=True)}
    assert ("03478", "2026-10") in months and isinstance(months[("03478", "2026-10")], int | float)
    exits = book["Đề nghị ra khỏi diện"]
    names = [r[2] for r in exits.iter_rows(min_row=3, values_only=True)]
    assert names == ["Xã Sìn Hồ", "Bản Phìn Hồ"]
    items = book["Kết luận, nhiệm vụ"]
    texts = {r[4]: r for r in items.iter_rows(min_row=3, values_only=True)}
    assert texts['Đấu tranh triệt xóa băng nhóm kiểu "xã hội đen"'][7] == "Quá hạn 21 ngày"
    # A task typed as a formula stays text: neutralised, not a formula cell.
    injected = texts['\'=HYPERLINK("http://x")']
    assert injected[5] == "'@Văn phòng"
    for row in items.iter_rows(min_row=3):
        assert all(c.data_type != "f" for c in row)


def test_scope_limits_the_report_to_its_communes(meeting_db: Database) -> None:
    one = report.build_report(meeting_db, OCT, Scope(commune="03508"), issued_on=ISSUED, charts=False)
    assert list(one.scorecard["Địa bàn"]) == ["Xã Hồng Thu", "Bản Phìn Hồ"]  # the commune and its village
    assert list(one.exits["Địa bàn"]) == ["Bản Phìn Hồ"]
    assert one.place == "Hồng Thu"
    # Tasks of other communes stay out, and so does the province's committee-wide one (made by Lai Châu).
    assert list(one.task_items["text"]) == []
    province = report.build_report(meeting_db, OCT, CANBO.scope, issued_on=ISSUED, charts=False)
    assert '=HYPERLINK("http://x")' in list(province.task_items["text"])
    other = report.build_report(meeting_db, OCT, Scope(province="01"), issued_on=ISSUED, charts=False)
    assert other.scorecard.empty and other.exits.empty and other.task_items.empty


def test_tasks_of_one_meeting_carry_to_the_next_report(meeting_db: Database, tmp_path: Path) -> None:
    copy = tmp_path / "next.duckdb"
    shutil.copy(meeting_db.path, copy)
    with Database(copy) as db:
        november = report.build_report(db, date(2026, 11, 1), issued_on=date(2026, 12, 3), charts=False)
    carried = november.task_items.set_index("text")
    # October's committee-wide task, open and 3 days overdue; the September task still open, now 49 days.
    assert carried.loc['=HYPERLINK("http://x")', "days_overdue"] == 3
    assert carried.loc['Đấu tranh triệt xóa băng nhóm kiểu "xã hội đen"', "days_overdue"] == 49
    # Done in October: reported at October's meeting, not carried again.
    assert "Rà soát 100% hộ dân chưa được tuyên truyền" not in carried.index


def test_building_is_quick(meeting_db: Database) -> None:
    start = time.perf_counter()
    built = report.build_report(meeting_db, OCT, issued_on=ISSUED)
    for writer in (report_docx.to_docx, report_pdf.to_pdf, report_xlsx.to_xlsx):
        assert len(writer(built)) > 10_000
    assert time.perf_counter() - start < 15  # ~2 s here; generous for a shared CI machine


def test_cli_writes_each_format_and_refuses_others(meeting_db: Database, tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    shutil.copy(meeting_db.path, db)
    for suffix in ("docx", "pdf", "xlsx"):
        out = tmp_path / f"bao-cao.{suffix}"
        result = run_cli("report", "--db", str(db), "--month", "2026-10", "--out", str(out), "--date", "05/11/2026")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Đã ghi báo cáo tháng 10/2026")
    reader = PdfReader(tmp_path / "bao-cao.pdf")
    assert "Lai Châu, ngày 05 tháng 11 năm 2026" in nfc(reader.pages[0].extract_text())
    assert "Xã Sìn Hồ" in docx_text(Document(str(tmp_path / "bao-cao.docx")))
    assert openpyxl.load_workbook(tmp_path / "bao-cao.xlsx").sheetnames[0] == "Bảng tiêu chí"
    for args in (["--out", str(tmp_path / "x.txt")], ["--out", str(tmp_path / "x.pdf"), "--date", "31/02/2026"]):
        result = run_cli("report", "--db", str(db), *args)
        assert result.returncode == 2 and result.stderr.startswith("Lỗi") and "Traceback" not in result.stderr


def test_cli_tasks_add_list_done(meeting_db: Database, tmp_path: Path) -> None:
    db = str(tmp_path / "tasks.duckdb")
    shutil.copy(meeting_db.path, db)
    added = run_cli("task", "add", "--db", db, "--text", "Lắp thêm camera an ninh", "--owner", "Công an xã Sìn Hồ",
                    "--due", "30/11/2026", "--area", "03478", "--user", "canbo")  # fmt: skip
    assert added.returncode == 0, added.stderr
    task_id = int(added.stdout.split("số ")[1].split()[0])
    refused = run_cli("task", "add", "--db", db, "--text", "Thiếu thời hạn", "--owner", "X")
    assert refused.returncode == 1 and "thời hạn" in refused.stderr
    listed = run_cli("task", "list", "--db", db, "--open", "--format", "csv")
    assert listed.returncode == 0 and "Lắp thêm camera an ninh" in listed.stdout and "Xã Sìn Hồ" in listed.stdout
    done = run_cli("task", "done", str(task_id), "--db", db, "--note", "Đã lắp 12 camera")
    assert done.returncode == 0, done.stderr
    again = run_cli("task", "done", str(task_id), "--db", db, "--note", "lại")
    assert again.returncode == 1 and "đã hoàn thành" in again.stderr
    with Database(db) as database:
        row = tasks.all_items(database).set_index("id").loc[task_id]
    assert row["status"] == "done" and row["done_note"] == "Đã lắp 12 camera" and row["created_by"] == "canbo"


def test_cli_a_committee_wide_task_stays_in_its_province(meeting_db: Database, tmp_path: Path) -> None:
    """`task add --user canbo` without `--area` was listed for a Sơn La account, closed by Sơn La's
    staff and printed in Sơn La's report."""
    db = str(tmp_path / "two.duckdb")
    shutil.copy(meeting_db.path, db)
    with Database(db) as database:
        accounts.create_user(database, SYSTEM, "sonla", "mat-khau-son-la", STAFF, "Cán bộ Sơn La", province="14")
    text = "Tổng hợp kết quả gửi Ban Chỉ đạo tỉnh Lai Châu"
    added = run_cli("task", "add", "--db", db, "--text", text, "--owner", "Công an tỉnh", "--due", "30/11/2026",
                    "--month", "2026-10", "--user", "canbo")  # fmt: skip
    assert added.returncode == 0, added.stderr
    task_id = int(added.stdout.split("số ")[1].split()[0])
    son_la = run_cli("task", "list", "--db", db, "--format", "csv", "--user", "sonla")
    assert son_la.returncode == 0 and text not in son_la.stdout
    lai_chau = run_cli("task", "list", "--db", db, "--format", "csv", "--user", "canbo")
    assert text in lai_chau.stdout
    closed = run_cli("task", "done", str(task_id), "--db", db, "--note", "Sơn La đóng hộ", "--user", "sonla")
    assert closed.returncode == 1 and "ngoài phạm vi" in closed.stderr
    for user, shown in (("sonla", False), ("canbo", True)):
        out = tmp_path / f"bao-cao-{user}.xlsx"
        made = run_cli("report", "--db", db, "--month", "2026-10", "--out", str(out), "--user", user)
        assert made.returncode == 0, made.stderr
        cells = {str(c.value) for sheet in openpyxl.load_workbook(out) for row in sheet.iter_rows() for c in row}
        assert (text in cells) is shown, user
    with Database(db) as database:
        assert tasks.all_items(database).set_index("id").loc[task_id, "status"] == "open"


def test_a_pdf_page_renders_to_an_image(built: report.Report, tmp_path: Path) -> None:
    """For a person to look at: the first page as PNG in tests/artifacts (needs poppler's pdftoppm)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf.to_pdf(built))
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(artifacts / "report-page")], check=True, timeout=60)
    pages = sorted(artifacts.glob("report-page-*.png"))
    assert len(pages) >= 5 and pages[0].stat().st_size > 20_000


def test_a_database_without_rounds_still_gives_a_report(db: Database) -> None:
    built = report.build_report(db, OCT, issued_on=ISSUED)
    assert built.scorecard.empty and built.exits.empty and built.indicators.empty
    text = docx_text(Document(io.BytesIO(report_docx.to_docx(built))))
    assert "có 0 địa bàn được đưa vào diện chuyển hóa" in text
    assert "Chưa có địa bàn nào có kết quả tiêu chí trong tháng." in text
    assert "Ban Chỉ đạo phòng, chống tội phạm" in built.committee  # no province known: the generic name
    assert PdfReader(io.BytesIO(report_pdf.to_pdf(built))).pages[0].extract_text()
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx.to_xlsx(built)))
    assert book["Đề nghị ra khỏi diện"]["A2"].value == "Chưa có địa bàn nào đủ điều kiện đề nghị đưa ra khỏi diện."


def test_charts_stay_readable_with_many_areas() -> None:
    import pandas as pd

    from core.report import charts as report_charts

    n = 60
    status = pd.DataFrame(
        {
            "area_code": [f"A{i:02d}" for i in range(n)],
            "area_name": [f"Xã Số {i}" for i in range(n)],
            "status": ["in_progress"] * n,
            "evaluated": [True] * n,
            "criteria_met": [i % 14 for i in range(n)],
            "criteria_required": [13] * n,
        }
    )
    drawn = report_charts.criteria_chart(status)
    assert drawn is not None
    png, aspect = drawn
    assert aspect == pytest.approx((0.9 + 0.38 * report_charts.MAX_BARS) / report_charts.WIDTH_IN)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
