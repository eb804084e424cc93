"""The report as PDF, laid out as a Vietnamese administrative document (A4; the issuing committee and
the Quốc hiệu side by side; title; sections; signature block), with DejaVu fonts embedded from
matplotlib's data folder so Vietnamese diacritics render with no system font."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from core.report.gather import Figure, Heading, Paragraph, Report, Table, date_line

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
SERIF = "DejaVuSerif"
SANS = "DejaVuSans"
LEFT, RIGHT, TOP, BOTTOM = 25.0, 15.0, 18.0, 18.0
BODY = 11.5
LINE = 6.0


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(SERIF, "", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _new_document() -> _Document:
    pdf = _Document(orientation="P", unit="mm", format="A4")
    pdf.add_font(SERIF, "", FONTS / "DejaVuSerif.ttf")
    pdf.add_font(SERIF, "B", FONTS / "DejaVuSerif-Bold.ttf")
    pdf.add_font(SERIF, "I", FONTS / "DejaVuSerif-Italic.ttf")
    pdf.add_font(SERIF, "BI", FONTS / "DejaVuSerif-BoldItalic.ttf")
    pdf.add_font(SANS, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(SANS, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_fallback_fonts([SANS], exact_match=False)  # ✓ ✗ are in DejaVu Sans only
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.set_title("Báo cáo chuyển hóa địa bàn")
    pdf.set_creator("Chuyển hóa địa bàn")
    pdf.alias_nb_pages()
    return pdf


def _ensure_room(pdf: FPDF, height: float) -> None:
    if pdf.get_y() + height > pdf.h - BOTTOM:
        pdf.add_page(orientation="L" if pdf.w > pdf.h else "P")


def _header(pdf: FPDF, report: Report) -> None:
    left_w = 70.0
    right_w = pdf.epw - left_w
    top = pdf.get_y()
    pdf.set_font(SERIF, "B", 10)
    pdf.multi_cell(left_w, 5.2, report.committee.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(SERIF, "", 10.5)
    pdf.line(pdf.l_margin + left_w / 2 - 12, pdf.get_y() + 1, pdf.l_margin + left_w / 2 + 12, pdf.get_y() + 1)
    pdf.set_y(pdf.get_y() + 2.5)
    pdf.multi_cell(left_w, 5.5, "Số:        /BC-BCĐ", align="C", new_x="LEFT", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left_w, top)
    pdf.set_font(SERIF, "B", 10)
    pdf.multi_cell(right_w, 5.2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(SERIF, "B", 11)
    pdf.multi_cell(right_w, 5.5, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LEFT", new_y="NEXT")
    middle = pdf.l_margin + left_w + right_w / 2
    pdf.line(middle - 27, pdf.get_y() + 0.5, middle + 27, pdf.get_y() + 0.5)
    pdf.set_y(pdf.get_y() + 3)
    pdf.set_x(pdf.l_margin + left_w)
    pdf.set_font(SERIF, "I", 10.5)
    pdf.multi_cell(right_w, 5.5, date_line(report), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, max(left_bottom, pdf.get_y()) + 8)
    pdf.set_font(SERIF, "B", 14)
    pdf.cell(0, 7, report.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(SERIF, "B", 12)
    pdf.multi_cell(0, 6, report.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.line(pdf.w / 2 - 20, pdf.get_y() + 1.5, pdf.w / 2 + 20, pdf.get_y() + 1.5)
    pdf.ln(6)


def _heading(pdf: FPDF, block: Heading) -> None:
    _ensure_room(pdf, 28)
    pdf.ln(2)
    pdf.set_font(SERIF, "B", 12 if block.level == 1 else BODY)
    pdf.multi_cell(0, LINE, block.text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    if block.bold:  # a label for what follows (an area's table): never alone at the foot of a page
        _ensure_room(pdf, 40)
    style = ("B" if block.bold else "") + ("I" if block.italic else "")
    pdf.set_font(SERIF, style, BODY if not block.italic else 10)
    text = ("- " + block.text) if block.bullet else block.text
    indent = 6.0 if block.bullet else 0.0
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, LINE, text, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _fit(pdf: FPDF, text: str, width: float, line: float, most_lines: int) -> str:
    """`text`, cut with "…" to the lines a row can hold on one page (fpdf2 does not split a row: a
    task's 2.000 characters in a narrow column stopped the report)."""
    if len(text) < 200:  # fits any column: no need to measure
        return text
    lines: list[str] = pdf.multi_cell(width, line, text, dry_run=True, output="LINES")  # type: ignore[assignment]
    if len(lines) <= most_lines:
        return text
    return " ".join(lines[:most_lines]).rstrip()[:-2].rstrip() + "…"


def _fitted_rows(pdf: FPDF, block: Table, line: float, padding: tuple[float, float]) -> list[list[str]]:
    total = sum(block.widths)
    widths = [pdf.epw * w / total - 2 * padding[1] - 1.0 for w in block.widths]
    most_lines = max(int((pdf.eph - 40.0) / line), 1)  # under the heading row, on a page of its own
    pdf.set_font(SERIF, "B", block.font_size)  # bold is the wider: measured so, every cell fits
    rows = [
        [_fit(pdf, text, w, line, most_lines) for text, w in zip(cells, widths, strict=False)] for cells in block.rows
    ]
    pdf.set_font(SERIF, "", block.font_size)
    return rows


def _table(pdf: FPDF, block: Table) -> None:
    pdf.set_font(SERIF, "", block.font_size)
    line = block.font_size * 0.5
    padding = (0.6, 1.0) if block.font_size <= 8 else (1.0, 1.2)
    body = _fitted_rows(pdf, block, line, padding)
    _ensure_room(pdf, 20)
    heads = FontFace(emphasis="BOLD", fill_color=_rgb("#dde4ee"))
    with pdf.table(
        width=pdf.epw,
        align="LEFT",
        col_widths=tuple(block.widths),
        text_align=tuple(block.align),
        line_height=line,
        headings_style=heads,
        padding=padding,
        v_align="MIDDLE",
        repeat_headings=1,
    ) as table:
        head = table.row()
        for text in block.headers:
            head.cell(text, align="C")
        for i, cells in enumerate(body):
            row = table.row()
            for j, text in enumerate(cells):
                fill = block.fills[i][j] if block.fills else None
                colour = block.colours[i][j] if block.colours else None
                style = None
                if fill or colour:
                    style = FontFace(
                        fill_color=_rgb(fill) if fill else None,
                        color=_rgb(colour) if colour else None,
                        emphasis="BOLD" if colour else None,
                    )
                row.cell(text, style=style)
    pdf.ln(3)


def _figure(pdf: FPDF, block: Figure) -> None:
    width = min(pdf.epw, 150.0)
    height = width * block.aspect
    _ensure_room(pdf, height + 10)
    pdf.image(io.BytesIO(block.png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height)
    pdf.set_font(SERIF, "I", 10)
    pdf.cell(0, 6, block.caption, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _signature(pdf: FPDF, report: Report) -> None:
    _ensure_room(pdf, 50)
    pdf.ln(4)
    top = pdf.get_y()
    half = pdf.epw / 2
    pdf.set_font(SERIF, "BI", 10.5)
    pdf.cell(half, 5.5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(SERIF, "", 9.5)
    for line in report.recipients:
        pdf.cell(half, 5, f"- {line}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.set_font(SERIF, "B", 11)
    pdf.multi_cell(half, 5.5, "TM. BAN CHỈ ĐẠO\nTRƯỞNG BAN", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(SERIF, "I", 10)
    pdf.multi_cell(half, 5.5, "(Ký, ghi rõ họ tên và đóng dấu)", align="C", new_x="LMARGIN", new_y="NEXT")


def to_pdf(report: Report) -> bytes:
    pdf = _new_document()
    pdf.add_page()
    _header(pdf, report)
    landscape = False
    for block in report.blocks:
        wants = block.landscape
        if wants != landscape:
            pdf.add_page(orientation="L" if wants else "P")
            landscape = wants
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Figure):
            _figure(pdf, block)
    if landscape:
        pdf.add_page(orientation="P")
    _signature(pdf, report)
    return bytes(pdf.output())
