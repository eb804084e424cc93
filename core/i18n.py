"""The one translation table: every user-visible string of the UI, Vietnamese first, English second."""

from __future__ import annotations

LANGS = ("vi", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # App and navigation
    "app.title": ("Chuyển hóa địa bàn", "Area transformation"),
    "app.subtitle": (
        "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "Steering committee for crime prevention and the all-people movement for national security",
    ),
    "nav.overview": ("Tổng quan", "Overview"),
    "nav.section.meeting": ("Họp Ban Chỉ đạo", "Committee meeting"),
    "sidebar.language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "sidebar.database": ("Cơ sở dữ liệu", "Database"),
    "demo.banner": (
        "Đây là DỮ LIỆU MẪU (tỉnh Lai Châu, số liệu giả định) để làm quen với phần mềm, không phải số liệu thật.",
        "This is DEMO DATA (Lai Châu province, invented figures) for getting to know the software, not real data.",
    ),
    # Overview
    "overview.title": ("Tổng quan chuyển hóa địa bàn", "Transformation overview"),
    "overview.month": ("Tháng xem xét", "Month under review"),
    "overview.as_of": ("Số liệu tính đến {month}", "Figures up to {month}"),
    "overview.in_progress": ("Đang chuyển hóa", "In progress"),
    "overview.ready": ("Đủ điều kiện ra khỏi diện", "Ready to leave"),
    "overview.exited": ("Đã ra khỏi diện", "Taken off the list"),
    "overview.relapsed": ("Phức tạp trở lại", "Relapsed"),
    "overview.planned": ("Chưa bắt đầu", "Planned"),
    "overview.rounds_table": ("Các đợt chuyển hóa", "Transformation rounds"),
    "overview.no_rounds": (
        "Chưa có đợt chuyển hóa nào. Hãy nhập danh sách đợt chuyển hóa và số liệu hằng tháng.",
        "No transformation rounds yet. Import the rounds and the monthly figures.",
    ),
    "overview.criteria_met": ("Tiêu chí đạt", "Criteria met"),
    "overview.exited_year": ("Đã ra khỏi diện năm {year}", "Taken off the list in {year}"),
    "overview.targets": ("Chỉ tiêu của chương trình", "Programme targets"),
    "overview.target_transformed": ("chuyển hóa thành công năm {year}", "transformed successfully in {year}"),
    "overview.target_sustained": ("không phức tạp trở lại", "not complex again"),
    "overview.target_transformed_caption": (
        "{n}/{d} địa bàn chọn năm {year}<br>đủ điều kiện hoặc đã ra khỏi diện",
        "{n} of {d} areas selected in {year}<br>ready or taken off the list",
    ),
    "overview.target_sustained_caption": (
        "{n}/{d} địa bàn đã ra khỏi diện<br>chưa phức tạp trở lại",
        "{n} of {d} areas taken off the list<br>not relapsed",
    ),
    "overview.target_title": ("{name}: {what} (chỉ tiêu ≥ {target})", "{name}: {what} (target ≥ {target})"),
    "overview.target_empty": ("Chưa có địa bàn để tính", "No area to count yet"),
    "overview.matrix": ("Kết quả từng tiêu chí", "Each criterion, area by area"),
    "overview.matrix_empty": ("Không có địa bàn nào phù hợp bộ lọc.", "No area matches the filters."),
    "overview.legend": (
        "🟩 Đạt hoặc không phát sinh · 🟨 Chưa đạt nhưng cách chỉ tiêu không quá {margin} điểm % · 🟥 Chưa đạt · "
        "⬜ Chưa có số liệu. Bấm tiêu đề cột để sắp xếp; di chuột lên mã tiêu chí để xem tên đầy đủ.",
        "🟩 Met or none arose · 🟨 Not met but within {margin} percentage points of the target · 🟥 Not met · "
        "⬜ No data. Click a column header to sort; hover a criterion code for its full name.",
    ),
    "matrix.reduced": ("Đã giảm", "Reduced"),
    "matrix.not_reduced": ("Chưa giảm", "Not reduced"),
    "filter.province": ("Tỉnh, thành phố", "Province"),
    "filter.status": ("Trạng thái", "Status"),
    "filter.programme": ("Chương trình", "Programme"),
    "filter.all": ("Tất cả", "All"),
    # Column headers
    "col.area": ("Địa bàn", "Area"),
    "col.parent": ("Trực thuộc", "Under"),
    "col.programme": ("Chương trình", "Programme"),
    "col.start": ("Bắt đầu", "Start"),
    "col.months": ("Số tháng", "Months"),
    "col.elapsed": ("Đã thực hiện", "Elapsed"),
    "col.status": ("Trạng thái", "Status"),
    "col.failed": ("Tiêu chí chưa đạt", "Criteria not met"),
    "col.decision": ("Quyết định", "Decision"),
    # Round statuses
    "status.planned": ("Chưa bắt đầu", "Planned"),
    "status.in_progress": ("Đang chuyển hóa", "In progress"),
    "status.ready": ("Đủ điều kiện ra khỏi diện", "Ready to leave"),
    "status.exited": ("Đã ra khỏi diện", "Exited"),
    "status.relapsed": ("Phức tạp trở lại", "Relapsed"),
    # Criterion states
    "state.met": ("Đạt", "Met"),
    "state.not_met": ("Chưa đạt", "Not met"),
    "state.not_arisen": ("Không phát sinh", "None arose"),
    "state.no_data": ("Chưa có số liệu", "No data"),
    # Programmes
    "programme.TTATXH": ("TTATXH", "Public order"),
    "programme.ANTT": ("ANTT", "Security and order"),
    "programme.long.TTATXH": ("Địa bàn phức tạp về TTATXH", "Public-order complex areas"),
    "programme.long.ANTT": ("Xã trọng điểm, phức tạp về ANTT", "Key communes, security and order"),
    # --- Địa bàn page (pages/area.py) ---
    # --- end Địa bàn page ---
    # --- Xét ra khỏi diện page (pages/exit_review.py) ---
    "nav.exit": ("Xét ra khỏi diện", "Exit review"),
    "exit.title": ("Xét đưa ra khỏi diện chuyển hóa", "Exit review"),
    "exit.as_of": ("Số liệu tính đến {month}", "Figures up to {month}"),
    "exit.ready_title": ("Đủ điều kiện đề nghị đưa ra khỏi diện ({n})", "Ready to propose for exit ({n})"),
    "exit.ready_none": (
        "Chưa có địa bàn nào đạt đủ các tiêu chí và hết thời gian chuyển hóa.",
        "No area yet meets every criterion with its planned duration over.",
    ),
    "exit.col_eligible_since": ("Đủ điều kiện từ", "Eligible since"),
    "exit.col_approver": ("Cấp quyết định", "Decided by"),
    "exit.approver.TTATXH": ("BCĐ tỉnh / UBND tỉnh", "Provincial committee"),
    "exit.approver.ANTT": ("Bộ Công an (theo đề nghị của tỉnh)", "Ministry of Public Security"),
    "exit.form_title": ("Ghi quyết định đưa ra khỏi diện", "Record the exit decision"),
    "exit.form_round": ("Địa bàn", "Area"),
    "exit.form_decision_no": ("Số quyết định", "Decision number"),
    "exit.form_decision_date": ("Ngày quyết định", "Decision date"),
    "exit.form_submit": ("Ghi quyết định", "Record decision"),
    "exit.form_done": (
        "Đã ghi: {area} ra khỏi diện chuyển hóa theo Quyết định {no} ngày {date}. Bắt đầu theo dõi sau chuyển hóa.",
        "Recorded: {area} taken off the list by decision {no} of {date}. The watch after exit begins.",
    ),
    "exit.lagging_title": ("Chưa đạt tiêu chí ({n} địa bàn)", "Criteria not yet met ({n} areas)"),
    "exit.lagging_none": (
        "Không có địa bàn nào đang chuyển hóa còn tiêu chí chưa đạt.",
        "No area under way lags on a criterion.",
    ),
    "exit.col_criterion": ("Tiêu chí", "Criterion"),
    "exit.col_value": ("Kết quả", "Value"),
    "exit.col_target": ("Chỉ tiêu", "Target"),
    "exit.col_gap": ("Còn thiếu", "Gap"),
    "exit.gap_short_pp": ("thiếu {gap} điểm %", "{gap} percentage points short"),
    "exit.gap_over_pp": ("vượt {gap} điểm %", "{gap} percentage points over"),
    "exit.gap_count": ("{value} (yêu cầu {comparison} {target})", "{value} (required {comparison} {target})"),
    "exit.gap_no_data": ("chưa có số liệu", "no data"),
    "exit.on_track_title": (
        "**Đạt đủ tiêu chí, chờ hết thời gian chuyển hóa:**",
        "**Meeting every criterion, waiting for the planned duration to end:**",
    ),
    "exit.on_track_line": ("{area}: còn {left} tháng (đến {end})", "{area}: {left} months left (until {end})"),
    "exit.watch_title": ("Theo dõi sau khi ra khỏi diện ({n})", "Watch after exit ({n})"),
    "exit.watch_none": ("Chưa có địa bàn nào ra khỏi diện.", "No area has left the list yet."),
    "exit.col_exit_decision": ("Quyết định ra khỏi diện", "Exit decision"),
    "exit.col_watch_until": ("Theo dõi đến", "Watched until"),
    "exit.watch_holding": ("Giữ vững", "Holding"),
    "exit.watch_relapsed": ("Phức tạp trở lại từ {month} {codes}", "Relapsed from {month} {codes}"),
    "exit.watch_caption": (
        "Địa bàn đã ra khỏi diện được theo dõi {months} tháng; phức tạp trở lại khi một tiêu chí bắt buộc "
        "không đạt trong thời gian theo dõi (so với mức trước chuyển hóa).",
        "Areas that left are watched for {months} months; they relapse when a required criterion fails "
        "during the watch (against the level before transformation).",
    ),
    # --- end Xét ra khỏi diện page ---
    # --- presentation mode ---
    "present.switch": ("Chế độ trình chiếu", "Presentation mode"),
    "present.previous": ("◀ Trước", "◀ Previous"),
    "present.next": ("Tiếp ▶", "Next ▶"),
    "present.exit": ("✕ Thoát trình chiếu", "✕ Leave presentation"),
    "present.step": ("Bước {k}/{n}", "Step {k} of {n}"),
    # --- end presentation mode ---
}


def t(key: str, lang: str = "vi", **kwargs: object) -> str:
    """The text for `key` in `lang` (Vietnamese when the language is unknown)."""
    vi, en = TEXTS[key]
    text = en if lang == "en" else vi
    return text.format(**kwargs) if kwargs else text
