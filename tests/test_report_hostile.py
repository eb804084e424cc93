"""A report must never fail on a name: a village called "Bản $\\frac{a$ Nậm" (matplotlib read it as a
formula and stopped the PDF and the DOCX), control characters (python-docx and openpyxl refuse
them), a right-to-left override, HTML and Markdown look-alikes, a very long name and a task of 2.000
characters (a PDF table row cannot be taller than a page)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader

from core.domain import tasks
from core.report import charts as report_charts
from core.report import gather as report
from core.report import write_docx as report_docx
from core.report import write_pdf as report_pdf
from core.report import write_xlsx as report_xlsx
from core.storage.db import Database
from tests.helpers import staff
from tests.test_cli import run_cli
from tests.test_report import docx_text, nfc

OCT = date(2026, 10, 1)
DOLLAR = "Bản $\\frac{a$ Nậm"  # 03508-PH, a village with a round of its own
MARKUP = "Xã <b>Tủa</b> & [Sín](http://evil) **Chải**"  # 03529
HIDDEN = "Xã\x00 Nậm\x07\x1b Cuổi\u202e\u2067\ufeff"  # 03544
LONG = "Phường " + "Tân Phong " * 120  # 03408


def rename(db: Database, names: dict[str, str]) -> None:
    with db.transaction() as cur:
        for code, name in names.items():
            cur.execute("UPDATE areas SET name = ? WHERE code = ?", [name, code])


@pytest.fixture(scope="module")
def hostile_path(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "demo.duckdb"
    shutil.copy(demo_template, path)
    with Database(path) as db:
        rename(db, {"03508-PH": DOLLAR, "03529": MARKUP, "03544": HIDDEN, "03408": LONG})
        with db.transaction() as cur:
            cur.execute("UPDATE rounds SET decision_no = ? WHERE area_code = '03478'", ["15/$QĐ$-BCĐ\x0b"])
        canbo = staff("canbo", province="12")
        tasks.add(db, OCT, "Rà soát " * 250, canbo, owner="Công an xã " * 18, due=date(2026, 12, 1), area_code="03478")
        tasks.add(db, OCT, "Kết luận $x$\x00 \u202eđảo\u202c", canbo, kind="conclusion", area_code="03508-PH")
        report.set_committee_name(db, "Ban Chỉ đạo $138$ tỉnh <Lai Châu>\x01")
    return path


@pytest.fixture(scope="module")
def built(hostile_path: Path) -> Iterator[report.Report]:
    with Database(hostile_path) as db:
        yield report.build_report(db, OCT, issued_on=date(2026, 11, 5))


def test_the_pdf_shows_every_name_as_written(built: report.Report) -> None:
    reader = PdfReader(io.BytesIO(report_pdf.to_pdf(built)))
    text = nfc("\n".join(page.extract_text() for page in reader.pages))
    assert DOLLAR in text
    assert "Kết luận $x$" in text
    assert "BAN CHỈ ĐẠO $138$ TỈNH <LAI\nCHÂU>" in text  # the committee's name, upper case in the header
    assert "Xã Nậm Cuổi" in text and "\u202e" not in text and "\x00" not in text
    assert "Rà soát Rà soát" in text and "…" in text  # the long task, cut to what a page holds


def test_the_docx_shows_every_name_as_written(built: report.Report) -> None:
    text = docx_text(Document(io.BytesIO(report_docx.to_docx(built))))
    assert DOLLAR in text and MARKUP in text and "15/$QĐ$-BCĐ" in text
    assert "Xã Nậm Cuổi" in text and not any(ch in text for ch in "\x00\x07\x1b\u202e\u2067\ufeff")
    assert "Rà soát " * 250 in text + " "  # Word splits a long row across pages: nothing is cut


def test_the_xlsx_holds_every_name(built: report.Report) -> None:
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx.to_xlsx(built)))
    names = [row[1] for row in book["Bảng tiêu chí"].iter_rows(min_row=3, values_only=True)]
    assert DOLLAR in names and MARKUP in names and "Xã Nậm Cuổi" in names


def test_a_chart_draws_a_formula_like_name_as_text() -> None:
    import pandas as pd

    status = pd.DataFrame(
        {
            "area_code": ["A", "B", "C"],
            "area_name": [DOLLAR, DOLLAR, "$$x^2$$"],  # two villages of the same name keep a bar each
            "status": ["in_progress", "ready", "in_progress"],
            "evaluated": [True] * 3,
            "criteria_met": [5, 13, 0],
            "criteria_required": [13] * 3,
        }
    )
    drawn = report_charts.criteria_chart(status)
    assert drawn is not None and drawn[0].startswith(b"\x89PNG")


def test_cli_writes_the_report_of_a_province_with_such_names(hostile_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    shutil.copy(hostile_path, db)
    for suffix in ("pdf", "docx", "xlsx"):
        out = tmp_path / f"bao-cao.{suffix}"
        result = run_cli("report", "--db", str(db), "--month", "2026-10", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 10_000
