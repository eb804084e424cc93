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
    "overview.target_title": ("{name}:<br>{what} (chỉ tiêu ≥ {target})", "{name}:<br>{what} (target ≥ {target})"),
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
    "nav.area": ("Địa bàn", "Area"),
    "area.title": ("Địa bàn", "Area"),
    "area.pick": ("Chọn địa bàn", "Choose an area"),
    "area.pick_option": ("{name} · {code} · {status}", "{name} · {code} · {status}"),
    "area.pick_option_village": ("{name} ({parent}) · {code} · {status}", "{name} ({parent}) · {code} · {status}"),
    "area.unknown_code": (
        "Không có địa bàn mã {code} trong danh sách chuyển hóa; đang hiển thị {name}.",
        "No area with code {code} is under transformation; showing {name}.",
    ),
    "area.no_rounds": (
        "Chưa có địa bàn nào có đợt chuyển hóa. Hãy nhập danh sách đợt chuyển hóa.",
        "No area has a transformation round yet. Import the rounds.",
    ),
    "area.code": ("Mã {code}", "Code {code}"),
    "area.under": ("thuộc {name}", "in {name}"),
    "area.households": ("{n} hộ", "{n} households"),
    "area.population": ("{n} nhân khẩu", "{n} people"),
    "area.as_of": ("số liệu tính đến {month}", "figures up to {month}"),
    "area.decision_line": ("**Quyết định số {no}** ngày {date}", "**Decision {no}** of {date}"),
    "area.decision_line_nodate": ("**Quyết định số {no}**", "**Decision {no}**"),
    "area.period_line": ("**Thời gian:** {start} – {end} ({n} tháng)", "**Period:** {start} – {end} ({n} months)"),
    "area.elapsed": ("Đã thực hiện / kế hoạch", "Elapsed / planned"),
    "area.months_fraction": ("{n}/{planned} tháng", "{n}/{planned} months"),
    "area.days_left_label": ("Thời hạn còn lại (tính đến {date})", "Time left (as of {date})"),
    "area.days_left": ("{n} ngày", "{n} days"),
    "area.expired": ("Đã hết hạn", "Time is up"),
    "area.criteria_met": ("Tiêu chí đạt", "Criteria met"),
    "area.eligible_since": ("đủ điều kiện từ {month}", "eligible since {month}"),
    "area.exit_decision": ("Quyết định đưa ra khỏi diện {no} ngày {date}", "Exit decision {no} of {date}"),
    "area.relapsed_since": ("phức tạp trở lại từ {month}", "complex again since {month}"),
    "area.failing": ("Tiêu chí chưa đạt: {codes}", "Criteria not met: {codes}"),
    "area.planned_note": (
        "Đợt chuyển hóa bắt đầu từ {month}: chưa có kết quả tiêu chí.",
        "The round starts in {month}: no criterion results yet.",
    ),
    "area.cards": ("Kết quả từng tiêu chí ({start} – {end})", "Each criterion ({start} – {end})"),
    "area.cards_legend": (
        "Viền thẻ :green[**▌xanh**]: đạt hoặc không phát sinh · :orange[**▌vàng**]: chưa đạt, cách chỉ tiêu không "
        "quá {margin} điểm % · :red[**▌đỏ**]: chưa đạt · :gray[**▌xám**]: chưa có số liệu. Số liệu cộng dồn từ "
        "đầu đợt; biểu đồ nhỏ: giá trị của tiêu chí tính đến từng tháng, đường chấm là chỉ tiêu.",
        "Card edge :green[**▌green**]: met or none arose · :orange[**▌amber**]: not met, within {margin} percentage "
        "points of the target · :red[**▌red**]: not met · :gray[**▌grey**]: no data. Figures add up from the "
        "round's start; small charts: the criterion as it stood at each month, the dotted line is the target.",
    ),
    "area.target": ("Chỉ tiêu {comparison} {target}", "Target {comparison} {target}"),
    "area.target_flag": ("Chỉ tiêu: đạt", "Target: met"),
    "area.target_reduced": ("Chỉ tiêu: giảm so với đầu đợt, hoặc bằng 0", "Target: fewer than at the start, or none"),
    "area.fraction": ("{num}/{den} {unit}", "{num}/{den} {unit}"),
    "area.reduction_detail": (
        "{num}/{den} {unit} (trong đợt/trước chuyển hóa)",
        "{num}/{den} {unit} (this round/before it)",
    ),
    "area.reduced_detail": (
        "Hiện {now} {unit}, đầu đợt {start} {unit}",
        "{now} {unit} now, {start} {unit} at the start",
    ),
    "area.sum_detail": ("Cộng dồn từ đầu đợt", "Added up since the round began"),
    "area.latest_detail": ("Tháng gần nhất có số liệu", "Latest month with figures"),
    "area.latest_ratio_detail": ("{num}/{den} {unit} (tháng gần nhất)", "{num}/{den} {unit} (latest month)"),
    "area.not_arisen_detail": (
        "Trong đợt không phát sinh vụ việc để tính tỷ lệ",
        "Nothing arose in this round to compute a rate on",
    ),
    "area.no_data_detail": ("Chưa có số liệu tháng nào trong đợt", "No figures for any month of this round"),
    "area.trend": ("Từ đầu đợt ({unit})", "Since the start ({unit})"),
    "area.trend_flag": ("Từ đầu đợt (đạt/chưa đạt)", "Since the start (met/not met)"),
    "area.trend_reduced": ("Từ đầu đợt (đã giảm/chưa giảm)", "Since the start (reduced/not)"),
    "area.before_after": ("So sánh trước và sau chuyển hóa", "Before and after"),
    "area.periods": (
        "Trong đợt: {start} – {end} ({n} tháng) · trước chuyển hóa: {b_start} – {b_end} · "
        "cùng kỳ năm trước: {y_start} – {y_end}. Ghi như báo cáo: 13/37 vụ là 13 vụ trong đợt, 37 vụ kỳ so sánh.",
        "This round: {start} – {end} ({n} months) · before it: {b_start} – {b_end} · "
        "same period last year: {y_start} – {y_end}. Written as the reports do: 13/37 is 13 this round, 37 then.",
    ),
    "area.col_indicator": ("Chỉ số", "Indicator"),
    "area.col_vs_baseline": ("Trong đợt/trước chuyển hóa", "This round/before it"),
    "area.col_change_baseline": ("Tăng, giảm so với trước chuyển hóa", "Change on before the round"),
    "area.col_vs_last_year": ("Trong đợt/cùng kỳ năm trước", "This round/same period last year"),
    "area.col_change_last_year": ("Tăng, giảm so với cùng kỳ", "Change on last year"),
    "area.change": ("{change} ({pct})", "{change} ({pct})"),
    "area.change_small": ("{change} (*)", "{change} (*)"),
    "area.pair_missing_then": ("{now} {unit}/chưa có số liệu", "{now} {unit}/no data"),
    "area.pair_missing_now": ("chưa có số liệu/{then} {unit}", "no data/{then} {unit}"),
    "area.small_base_note": (
        "(*) Cơ sở so sánh dưới {min}: không tính tỷ lệ phần trăm, vì trên số nhỏ như vậy tỷ lệ không có ý nghĩa "
        "(0/1 vụ sẽ thành −100%).",
        "(*) Base below {min}: no percent is given, since on so few cases a percent means nothing "
        "(0 against 1 would read −100%).",
    ),
    "area.incomplete": (
        "Lưu ý, thiếu số liệu một số tháng: {detail}. Tổng của kỳ đó có thể thấp hơn thực tế.",
        "Note, some months lack figures: {detail}. That period's total may be too low.",
    ),
    "area.incomplete_item": ("{period}, {indicator}: {got}/{n} tháng", "{period}, {indicator}: {got}/{n} months"),
    "area.period.window": ("trong đợt", "this round"),
    "area.period.baseline": ("trước chuyển hóa", "before the round"),
    "area.period.last_year": ("cùng kỳ năm trước", "same period last year"),
    "area.context": ("Một số kết quả khác", "Other figures"),
    "area.context_delta": ("{change} so với trước đợt", "{change} since the round began"),
    "area.context_help": ("Số liệu {month}, tháng gần nhất trong đợt", "Figure of {month}, the latest this round"),
    "area.villages": ("Thôn, bản ({n})", "Villages ({n})"),
    "area.villages_none": ("Chưa có danh sách thôn, bản của địa bàn này.", "No villages listed for this area."),
    "area.col_village": ("Thôn, bản", "Village"),
    "area.col_households": ("Số hộ", "Households"),
    "area.col_population": ("Nhân khẩu", "Population"),
    "area.col_own_round": ("Đợt chuyển hóa riêng", "Own round"),
    "area.own_round": ("{status}, bắt đầu {start}", "{status}, started {start}"),
    "area.hotspots": ("Điểm, tụ điểm hoạt động cuối {month}: {n}", "Hotspots active at the end of {month}: {n}"),
    "area.hotspot_counts": (
        "Đầu đợt: {start} điểm · phát hiện mới trong đợt: {found} · đã triệt xóa trong đợt: {eliminated}",
        "At the start: {start} · found this round: {found} · eliminated this round: {eliminated}",
    ),
    "area.hotspots_none": ("Không có điểm, tụ điểm nào đang hoạt động.", "No hotspot is active."),
    "area.col_type": ("Loại", "Type"),
    "area.col_name": ("Tên", "Name"),
    "area.col_where": ("Thuộc", "Where"),
    "area.col_found": ("Ngày phát hiện", "Found on"),
    "area.col_coords": ("Tọa độ", "Coordinates"),
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
