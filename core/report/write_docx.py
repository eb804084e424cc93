"""The report as DOCX, for committees to finish in Word: the same content as the PDF (`core.report.gather`),
Times New Roman 13 as Vietnamese administrative documents use, A4, the matrix on landscape pages."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from core.report.gather import Figure, Heading, Paragraph, Report, Table, date_line

FONT = "Times New Roman"
ALIGN = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER, "R": WD_ALIGN_PARAGRAPH.RIGHT}


def _shade(cell: object, hex_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _no_borders(table: object) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)  # type: ignore[attr-defined]


def _line(container: object, text: str, size: float, bold: bool = False, italic: bool = False,
          align: str = "C", after: float = 0, underline: bool = False) -> None:  # fmt: skip
    paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline


def _orient(document: object, landscape: bool) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)  # type: ignore[attr-defined]
    width, height = Cm(21), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    _margins(section)


def _margins(section: object) -> None:
    section.left_margin = Cm(2.5)  # type: ignore[attr-defined]
    section.right_margin = Cm(1.5)  # type: ignore[attr-defined]
    section.top_margin = Cm(2)  # type: ignore[attr-defined]
    section.bottom_margin = Cm(2)  # type: ignore[attr-defined]


def _grid(table: object, widths: list[Cm]) -> None:
    """Fixed column widths that both Word (cell widths) and LibreOffice (the table grid) honour."""
    table.autofit = False  # type: ignore[attr-defined]
    for column, width in zip(table.columns, widths, strict=True):  # type: ignore[attr-defined]
        column.width = width
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)  # type: ignore[attr-defined]


def _header(document: object, report: Report) -> None:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _no_borders(table)
    _grid(table, [Cm(7.5), Cm(9.5)])
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9.5)
    left.paragraphs[0].text = ""
    _line(left, report.committee.upper(), 12, bold=True)
    _line(left, "―――――", 10)
    _line(left, "Số:        /BC-BCĐ", 13)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, underline=True, after=6)
    _line(right, date_line(report), 13, italic=True)
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)
    _line(document, "", 6)
    _line(document, report.title, 14, bold=True)
    _line(document, report.subtitle, 13, bold=True, after=12)


def _table(document: object, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    usable = 25.7 if block.landscape else 17.0
    widths = [Cm(usable * w / total) for w in block.widths]
    _grid(table, widths)
    size = Pt(block.font_size + 1)
    for j, text in enumerate(block.headers):
        cell = table.rows[0].cells[j]
        cell.width = widths[j]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = size
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell, "#dde4ee")
    # Repeat the header row on every page.
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for i, texts in enumerate(block.rows, start=1):
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        cells = row.cells  # once per row: indexing table.rows[i].cells walks the table each time
        for j, text in enumerate(texts):
            cell = cells[j]
            cell.width = widths[j]
            paragraph = cell.paragraphs[0]
            paragraph.alignment = ALIGN.get(block.align[j], WD_ALIGN_PARAGRAPH.LEFT)
            run = paragraph.add_run(text)
            run.font.size = size
            fill = block.fills[i - 1][j] if block.fills else None
            colour = block.colours[i - 1][j] if block.colours else None
            if fill:
                _shade(cell, fill)
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
                run.bold = True
    _line(document, "", 4)


def to_docx(report: Report) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    _margins(section)
    document.core_properties.title = f"{report.title} {report.subtitle}"
    document.core_properties.author = report.committee
    _header(document, report)
    landscape = False
    for block in report.blocks:
        if block.landscape != landscape:
            _orient(document, block.landscape)
            landscape = block.landscape
        if isinstance(block, Heading):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(8)
            run = paragraph.add_run(block.text)
            run.bold = True
            run.font.size = Pt(13)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if block.bullet:
                paragraph.paragraph_format.left_indent = Cm(0.6)
            paragraph.paragraph_format.first_line_indent = None if block.bullet else Cm(1)
            paragraph.paragraph_format.keep_with_next = block.bold  # a label stays with what it labels
            run = paragraph.add_run(("- " if block.bullet else "") + block.text)
            run.bold = block.bold
            run.italic = block.italic
            if block.italic:
                run.font.size = Pt(11)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Figure):
            width = Cm(15)
            document.add_picture(io.BytesIO(block.png), width=width)
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _line(document, block.caption, 11, italic=True, after=8)
    if landscape:
        _orient(document, False)
    signature = document.add_table(rows=1, cols=2)
    _no_borders(signature)
    _grid(signature, [Cm(8.5), Cm(8.5)])
    keep = OxmlElement("w:cantSplit")  # the signature block stays on one page
    signature.rows[0]._tr.get_or_add_trPr().append(keep)
    left, right = signature.rows[0].cells
    _line(left, "Nơi nhận:", 12, bold=True, italic=True, align="L")
    for line in report.recipients:
        _line(left, f"- {line}", 11, align="L")
    _line(right, "TM. BAN CHỈ ĐẠO", 13, bold=True)
    _line(right, "TRƯỞNG BAN", 13, bold=True)
    _line(right, "(Ký, ghi rõ họ tên và đóng dấu)", 12, italic=True)
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
