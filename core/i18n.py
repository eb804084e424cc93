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
    "nav.section.data": ("Số liệu", "Data"),
    "sidebar.language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "sidebar.database": ("Cơ sở dữ liệu", "Database"),
    # Database errors (core/db.py), said to the user in place of DuckDB's English
    "db.locked": (
        "Tệp cơ sở dữ liệu {path} đang được một chương trình khác mở để ghi (có thể là ứng dụng đang chạy). "
        "Hãy đóng chương trình đó rồi thử lại.",
        "The database file {path} is open for writing in another program (perhaps the running app). "
        "Close that program and try again.",
    ),
    "db.disk_full": (
        "Không ghi được vào cơ sở dữ liệu {path}: ổ đĩa đã hết chỗ trống. Chưa có thay đổi nào được lưu; "
        "hãy giải phóng dung lượng ổ đĩa (hoặc báo quản trị hệ thống) rồi thử lại.",
        "Could not write to the database {path}: the disk is full. Nothing was saved; free some disk space "
        "(or tell the system administrator) and try again.",
    ),
    "db.write_failed": (
        "Không ghi được vào tệp cơ sở dữ liệu {path}; chưa có thay đổi nào được lưu. Chi tiết: {detail}",
        "Could not write to the database file {path}; nothing was saved. Details: {detail}",
    ),
    "db.error": ("Lỗi cơ sở dữ liệu ({path}): {detail}", "Database error ({path}): {detail}"),
    "demo.banner": (
        "Đây là DỮ LIỆU MẪU (tỉnh Lai Châu, số liệu giả định) để làm quen với phần mềm, không phải số liệu thật.",
        "This is DEMO DATA (Lai Châu province, invented figures) for getting to know the software, not real data.",
    ),
    "synthetic.banner": (
        "Đây là DỮ LIỆU TỔNG HỢP (sinh tự động để đo hiệu năng, số liệu giả định), không phải số liệu thật.",
        "This is SYNTHETIC DATA (generated for performance tests, invented figures), not real data.",
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
    "overview.matrix_plain": (
        "Bảng có {n} địa bàn: để trang mở nhanh, mỗi ô mang ô vuông màu của chú giải thay cho màu nền. "
        "Chọn tỉnh (hoặc trạng thái) để xem bảng tô màu.",
        "The table has {n} areas: to keep the page fast, each cell carries the legend's square instead of a "
        "background colour. Choose a province (or a status) to see the coloured table.",
    ),
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
    # --- Bản đồ điểm nóng page (pages/map.py) ---
    "nav.map": ("Bản đồ điểm nóng", "Hotspot map"),
    "map.title": ("Bản đồ điểm nóng", "Hotspot map"),
    "map.as_of": ("Tình hình tại {month}", "As at {month}"),
    "map.province": ("Tỉnh, thành phố", "Province"),
    "map.province_all": ("Cả nước", "Whole country"),
    "map.commune": ("Xem một xã, phường", "Zoom to one commune"),
    "map.commune_all": ("Tất cả xã, phường", "All communes"),
    "map.commune_option": ("{name} · {code}", "{name} · {code}"),
    "map.filter.type": ("Loại điểm nóng", "Hotspot type"),
    "map.size": ("Cỡ vòng tròn theo", "Circle size by"),
    "map.size.crimes": ("Số vụ phạm tội trong đợt", "Crimes in the round"),
    "map.size.hotspots": ("Điểm, tụ điểm đang hoạt động", "Active hotspots"),
    "map.view": ("Điểm nóng hiển thị dạng", "Show hotspots as"),
    "map.view.points": ("Từng điểm", "Points"),
    "map.view.heatmap": ("Bản đồ nhiệt", "Heatmap"),
    "map.view.hexagon": ("Ô lục giác", "Hexagons"),
    "map.eliminated": ("Hiện cả điểm đã triệt xóa", "Show eliminated hotspots too"),
    "map.type.ma_tuy": ("Ma túy", "Drugs"),
    "map.type.co_bac": ("Cờ bạc", "Gambling"),
    "map.type.mai_dam": ("Mại dâm", "Prostitution"),
    "map.type.trom_cap": ("Trộm cắp", "Theft"),
    "map.type.tin_dung_den": ("Tín dụng đen", "Black credit"),
    "map.type.khac": ("Loại khác", "Other"),
    "map.no_round": ("Không có đợt chuyển hóa", "No transformation round"),
    "map.tip.area": (
        "{name} ({code})\n{status}\n{what}: {n}\nĐiểm nóng đang hoạt động: {hotspots}",
        "{name} ({code})\n{status}\n{what}: {n}\nActive hotspots: {hotspots}",
    ),
    "map.tip.hotspot": ("{type}: {name}\n{where}\n{state}", "{type}: {name}\n{where}\n{state}"),
    "map.tip.active": ("Đang hoạt động (phát hiện {found})", "Active (found {found})"),
    "map.tip.eliminated": ("Đã triệt xóa ngày {date}", "Eliminated on {date}"),
    "map.legend.status": ("Màu vòng tròn: trạng thái địa bàn", "Circle colour: the area's status"),
    "map.legend.types": ("Màu chấm nhỏ: loại điểm nóng", "Small dot colour: hotspot type"),
    "map.legend.eliminated": ("Chấm rỗng: đã triệt xóa", "Hollow dot: eliminated"),
    "map.summary": (
        "{areas} địa bàn có đợt chuyển hóa · {active} điểm nóng đang hoạt động · {eliminated} đã triệt xóa",
        "{areas} areas with a round · {active} active hotspots · {eliminated} eliminated",
    ),
    "map.aggregated": (
        "Có {n} điểm nóng, quá nhiều để vẽ từng điểm: bản đồ hiển thị mật độ.",
        "{n} hotspots are too many to draw one by one: the map shows their density.",
    ),
    "map.hint": (
        "Bấm vào một vòng tròn để mở trang địa bàn đó. Cỡ vòng tròn: {what}. Lăn chuột để phóng to, thu nhỏ.",
        "Click a circle to open that area's page. Circle size: {what}. Scroll to zoom in and out.",
    ),
    "map.no_coords": ("Không có địa bàn nào có tọa độ để vẽ.", "No area has coordinates to draw."),
    "map.area_title": ("Bản đồ địa bàn", "Map of the area"),
    "map.area_caption": (
        "Vòng tròn: xã và các thôn, bản (màu theo trạng thái). Chấm nhỏ: điểm nóng (rỗng: đã triệt xóa).",
        "Circles: the commune and its villages (coloured by status). Small dots: hotspots (hollow: eliminated).",
    ),
    "map.alt": ("Bản đồ các địa bàn chuyển hóa và điểm nóng", "Map of the areas under transformation and hotspots"),
    # --- end Bản đồ điểm nóng page ---
    # --- Giả định chỉ tiêu page (pages/whatif.py) ---
    "nav.whatif": ("Giả định chỉ tiêu", "What-if targets"),
    "whatif.title": ("Giả định chỉ tiêu", "What-if targets"),
    "whatif.caption": (
        "Số liệu tính đến {month}. Thay đổi ở đây chỉ để xem thử, không ghi vào cơ sở dữ liệu; chỉ tiêu chính "
        "thức chỉ thay đổi khi áp dụng một giả định theo quyết định.",
        "Figures up to {month}. Changes here are only a trial and are not saved; the official targets change "
        "only when a scenario is adopted by decision.",
    ),
    "whatif.editor_title": ("Chỉ tiêu giả định", "Scenario targets"),
    "whatif.col_criterion": ("Tiêu chí", "Criterion"),
    "whatif.col_official": ("Chính thức", "Official"),
    "whatif.col_comparison": ("So sánh", "Comparison"),
    "whatif.col_target": ("Giả định", "Scenario"),
    "whatif.col_required": ("Bắt buộc", "Required"),
    "whatif.flag_target": ("Đạt (1)", "Met (1)"),
    "whatif.duration": (
        "Phải hết thời gian chuyển hóa theo kế hoạch",
        "The planned duration must have elapsed",
    ),
    "whatif.reset": ("↺ Về chỉ tiêu chính thức", "↺ Back to the official targets"),
    "whatif.tiles_title": ("Số địa bàn đủ điều kiện ra khỏi diện", "Areas ready to leave the list"),
    "whatif.official_ready": ("Theo chính thức", "Official targets"),
    "whatif.scenario_ready": ("Theo giả định", "Under the scenario"),
    "whatif.became": ("Trở thành đủ điều kiện", "Become ready"),
    "whatif.stopped": ("Không còn đủ điều kiện", "No longer ready"),
    "whatif.changes_title": ("Thay đổi so với chỉ tiêu chính thức", "Changes against the official targets"),
    "whatif.changes_none": (
        "Với giả định này, không địa bàn nào thay đổi: đủ điều kiện vẫn là {n} địa bàn.",
        "Under this scenario no area changes: {n} areas are ready, as now.",
    ),
    "whatif.col_area": ("Địa bàn", "Area"),
    "whatif.col_change": ("Thay đổi", "Change"),
    "whatif.col_reason": ("Do tiêu chí", "Because of"),
    "whatif.change.became_ready": ("✅ Trở thành đủ điều kiện", "✅ Becomes ready"),
    "whatif.change.stopped_ready": ("❌ Không còn đủ điều kiện", "❌ No longer ready"),
    "whatif.reason_duration": ("không xét thời gian chuyển hóa", "planned duration not required"),
    "whatif.all_title": ("Tất cả địa bàn đang chuyển hóa", "Every area under way"),
    "whatif.col_official_ready": ("Theo chính thức", "Official"),
    "whatif.col_scenario_ready": ("Theo giả định", "Scenario"),
    "whatif.col_failed": ("Tiêu chí chưa đạt (giả định)", "Criteria not met (scenario)"),
    "whatif.ready_yes": ("Đủ điều kiện", "Ready"),
    "whatif.ready_no": ("Chưa", "Not yet"),
    "whatif.sweep_title": (
        "Độ nhạy: số địa bàn đủ điều kiện theo chỉ tiêu {code}",
        "Sensitivity: areas ready by the {code} target",
    ),
    "whatif.sweep_pick": ("Tiêu chí xem độ nhạy", "Criterion to test"),
    "whatif.sweep_chart_title": (
        "Số địa bàn đủ điều kiện nếu chỉ tiêu {code} thay đổi (các tiêu chí khác theo giả định)",
        "Areas ready if the {code} target changes (other criteria as in the scenario)",
    ),
    "whatif.sweep_x": ("Chỉ tiêu {code} ({unit})", "{code} target ({unit})"),
    "whatif.sweep_y": ("Số địa bàn đủ điều kiện", "Areas ready"),
    "whatif.sweep_official": ("Chính thức {value}", "Official {value}"),
    "whatif.sweep_scenario": ("Giả định {value}", "Scenario {value}"),
    "whatif.sweep_not_required": (
        "Tiêu chí {code} đang không bắt buộc trong giả định: chỉ tiêu của nó không ảnh hưởng số địa bàn đủ điều kiện.",
        "Criterion {code} is not required in this scenario: its target does not change how many areas are ready.",
    ),
    "whatif.unit.percent": ("%", "%"),
    "whatif.unit.count": ("số lượng", "count"),
    "whatif.unit.flag": ("1 = đạt", "1 = met"),
    "whatif.url_bad": (
        "Không đọc được giả định trong đường dẫn ({error}); đang dùng chỉ tiêu chính thức.",
        "Could not read the scenario in the link ({error}); showing the official targets.",
    ),
    "whatif.link_hint": (
        "Đường dẫn trên thanh địa chỉ giữ nguyên giả định này: gửi cho người khác để họ xem đúng như vậy.",
        "The address bar's link keeps this scenario: send it and others see exactly this.",
    ),
    "whatif.saved_title": ("Giả định đã lưu", "Saved scenarios"),
    "whatif.tab_save": ("Lưu giả định", "Save"),
    "whatif.tab_load": ("Nạp lại", "Reload"),
    "whatif.tab_compare": ("So sánh hai giả định", "Compare two"),
    "whatif.tab_adopt": ("Áp dụng làm chỉ tiêu chính thức", "Adopt as official"),
    "whatif.tab_history": ("Lịch sử chỉ tiêu", "Target history"),
    "whatif.save_name": ("Tên giả định", "Scenario name"),
    "whatif.save_author": ("Người lập", "Author"),
    "whatif.save_note": ("Ghi chú", "Note"),
    "whatif.save_submit": ("Lưu giả định", "Save scenario"),
    "whatif.save_done": ("Đã lưu giả định «{name}».", "Saved the scenario “{name}”."),
    "whatif.none_saved": ("Chưa có giả định nào được lưu.", "No scenario saved yet."),
    "whatif.col_name": ("Tên", "Name"),
    "whatif.col_author": ("Người lập", "Author"),
    "whatif.col_created": ("Ngày lập", "Created"),
    "whatif.col_note": ("Ghi chú", "Note"),
    "whatif.col_changes": ("Khác chỉ tiêu chính thức", "Differs from official"),
    "whatif.load_pick": ("Chọn giả định", "Scenario"),
    "whatif.load_submit": ("Nạp giả định này", "Load this scenario"),
    "whatif.compare_a": ("Giả định A", "Scenario A"),
    "whatif.compare_b": ("Giả định B", "Scenario B"),
    "whatif.compare_ready": ("Số địa bàn đủ điều kiện", "Areas ready"),
    "whatif.compare_ready_areas": ("Địa bàn đủ điều kiện", "Areas ready"),
    "whatif.compare_duration": ("Xét thời gian chuyển hóa", "Planned duration required"),
    "whatif.yes": ("Có", "Yes"),
    "whatif.no": ("Không", "No"),
    "whatif.adopt_warning": (
        "Áp dụng sẽ thay chỉ tiêu chính thức của mọi tiêu chí bằng chỉ tiêu của giả định đã chọn. Chỉ tiêu cũ "
        "được giữ trong lịch sử. Chỉ làm khi đã có quyết định của Ban Chỉ đạo.",
        "Adopting replaces every criterion's official target with the chosen scenario's. The old targets stay "
        "in the history. Do it only once the committee has decided.",
    ),
    "whatif.adopt_no": ("Số quyết định", "Decision number"),
    "whatif.adopt_date": ("Ngày quyết định", "Decision date"),
    "whatif.adopt_confirm": (
        "Tôi xác nhận đã có quyết định áp dụng các chỉ tiêu này",
        "I confirm a decision adopts these targets",
    ),
    "whatif.adopt_submit": ("Áp dụng làm chỉ tiêu chính thức", "Adopt as the official targets"),
    "whatif.adopt_need_confirm": ("Hãy đánh dấu ô xác nhận trước khi áp dụng.", "Tick the confirmation first."),
    "whatif.adopt_done": (
        "Đã áp dụng giả định «{name}» theo Quyết định {no} ngày {date}: {n} tiêu chí thay đổi.",
        "Adopted “{name}” by decision {no} of {date}: {n} criteria changed.",
    ),
    "whatif.history_none": ("Chỉ tiêu chính thức chưa thay đổi lần nào.", "The official targets have never changed."),
    "whatif.col_decision": ("Quyết định", "Decision"),
    "whatif.col_adopted_at": ("Áp dụng lúc", "Adopted at"),
    "whatif.col_scenario": ("Giả định", "Scenario"),
    "whatif.col_old": ("Chỉ tiêu cũ", "Old target"),
    "whatif.col_new": ("Chỉ tiêu mới", "New target"),
    "whatif.not_required": ("không bắt buộc", "not required"),
    "whatif.min_months": (
        "Số tháng chuyển hóa tối thiểu (0 = theo kế hoạch của từng đợt)",
        "Minimum months of transformation (0 = each round's planned duration)",
    ),
    "whatif.min_months_help": (
        "Ví dụ 6: địa bàn đạt đủ tiêu chí sau ít nhất 6 tháng được xét đủ điều kiện, dù kế hoạch dài hơn.",
        "For example 6: an area meeting every criterion after at least 6 months counts as ready, "
        "even if its plan is longer.",
    ),
    # --- end Giả định chỉ tiêu page ---
    # --- Cập nhật dữ liệu page (pages/upload.py) ---
    "nav.upload": ("Cập nhật dữ liệu", "Data updates"),
    "upload.title": ("Cập nhật dữ liệu", "Data updates"),
    "upload.intro": (
        "Tải lên tệp CSV hoặc Excel (.xlsx): số liệu hằng tháng, đợt chuyển hóa, địa bàn (thôn, bản), điểm tệ nạn; "
        "hoặc GeoJSON ranh giới xã, phường cho bản đồ. "
        "Phần mềm kiểm tra trước; chưa ghi gì cho đến khi bấm Xác nhận.",
        "Upload a CSV or Excel (.xlsx) file: monthly figures, rounds, areas (villages), hotspots; "
        "or a GeoJSON of commune boundaries for the map. "
        "It is checked first; nothing is written until you confirm.",
    ),
    "upload.new": ("Tải lên tệp mới", "Upload a file"),
    "upload.kind": ("Loại số liệu", "Kind of data"),
    "upload.kind.auto": ("Tự nhận biết theo tiêu đề cột", "Guess from the headers"),
    "upload.kind.indicators": ("Số liệu chỉ số hằng tháng", "Monthly indicator figures"),
    "upload.kind.rounds": ("Đợt chuyển hóa", "Transformation rounds"),
    "upload.kind.areas": ("Địa bàn (thôn, bản, tọa độ)", "Areas (villages, coordinates)"),
    "upload.kind.hotspots": ("Điểm, tụ điểm tệ nạn", "Hotspots"),
    "upload.kind.other": ("Khác", "Other"),
    "upload.kind.boundaries": ("Ranh giới xã, phường (GeoJSON, cho bản đồ)", "Boundaries (GeoJSON, for the map)"),
    "upload.boundaries_found": ("Tìm thấy ranh giới của {n} địa bàn.", "Boundaries found for {n} areas."),
    "upload.boundaries_refused": (
        "Không nhập được tệp ranh giới; xem các vấn đề ở trên.",
        "The boundary file cannot be imported; see the problems above.",
    ),
    "upload.boundaries_done": (
        "Đã nhập ranh giới {n} địa bàn từ {name} (lần tải lên số {id}); bản đồ tô màu các vùng theo trạng thái.",
        "Imported {n} boundaries from {name} (upload {id}); the map now fills them by status.",
    ),
    "upload.col_code": ("Mã", "Code"),
    "upload.kind.unknown": ("Không nhận biết được", "Not recognised"),
    "upload.file": ("Chọn tệp", "Choose a file"),
    "upload.file_help": (
        "CSV (UTF-8, Windows-1258, UTF-16; dấu phẩy, chấm phẩy hoặc tab) hoặc XLSX (trang đầu tiên). "
        "Tiêu đề tiếng Việt có dấu hoặc không dấu, hoặc mã tiếng Anh.",
        "CSV (UTF-8, Windows-1258, UTF-16; comma, semicolon or tab) or XLSX (first sheet). "
        "Vietnamese headers with or without diacritics, or the English codes.",
    ),
    "upload.checking": ("Đang kiểm tra {name}…", "Checking {name}…"),
    "upload.checked": ("Đã kiểm tra {name}", "Checked {name}"),
    "upload.m_rows": ("Số dòng", "Rows"),
    "upload.m_added": ("Thêm mới", "Added"),
    "upload.m_changed": ("Thay đổi", "Changed"),
    "upload.m_unchanged": ("Giữ nguyên", "Unchanged"),
    "upload.m_errors": ("Lỗi", "Errors"),
    "upload.m_warnings": ("Cảnh báo", "Warnings"),
    "upload.read_as": (
        "Loại: {kind} · bảng mã {encoding} · dấu phân cách {delimiter}.",
        "Kind: {kind} · encoding {encoding} · delimiter {delimiter}.",
    ),
    "upload.already": (
        "Tệp này đã được nhập (lần tải lên số {id}); nhập lại không thay đổi gì.",
        "This file was imported already (upload {id}); importing it again changes nothing.",
    ),
    "upload.refused": (
        "Tệp có {n} lỗi nên chưa thể nhập. Hãy sửa trong Excel theo bảng dưới đây rồi tải lên lại.",
        "The file has {n} errors and cannot be imported. Fix them in Excel as listed below and upload again.",
    ),
    "upload.omitted": ("… và {n} vấn đề khác không hiển thị.", "… and {n} more problems not shown."),
    "upload.col_severity": ("Mức độ", "Severity"),
    "upload.severity.error": ("Lỗi", "Error"),
    "upload.severity.warning": ("Cảnh báo", "Warning"),
    "upload.col_row": ("Dòng", "Row"),
    "upload.col_month": ("Tháng", "Month"),
    "upload.col_indicator": ("Chỉ số", "Indicator"),
    "upload.col_old": ("Giá trị cũ", "Old value"),
    "upload.col_new": ("Giá trị mới", "New value"),
    "upload.col_column": ("Cột", "Column"),
    "upload.col_value": ("Giá trị", "Value"),
    "upload.col_reason": ("Lý do", "Reason"),
    "upload.col_suggestion": ("Gợi ý", "Suggestion"),
    "upload.changes_title": ("**Số liệu sẽ thay đổi (giá trị cũ → mới):**", "**Values that will change (old → new):**"),
    "upload.confirm": ("Xác nhận nhập tệp", "Confirm import"),
    "upload.done": (
        "Đã nhập {name} (lần tải lên số {id}): {added} thêm mới, {changed} thay đổi.",
        "Imported {name} (upload {id}): {added} added, {changed} changed.",
    ),
    "upload.correct_title": ("Sửa số liệu một địa bàn", "Correct one area's figures"),
    "upload.correct_area": ("Địa bàn", "Area"),
    "upload.correct_help": (
        "Sửa trực tiếp trong bảng (12 tháng đến tháng xem xét) rồi bấm Lưu. Mỗi lần lưu là một lần tải lên nhỏ: "
        "có trong lịch sử và hoàn tác được. Ô để trống không xóa số liệu đã có.",
        "Edit the table (the 12 months up to the month under review), then Save. Each save is a small upload: "
        "it appears in the history and can be undone. A blank cell does not erase a value.",
    ),
    "upload.correct_save": ("Lưu các ô đã sửa", "Save edited cells"),
    "upload.correct_nothing": ("Không có ô nào thay đổi.", "No cell changed."),
    "upload.correct_done": (
        "Đã lưu {n} ô số liệu của {area} (lần tải lên số {id}).",
        "Saved {n} cells for {area} (upload {id}).",
    ),
    "upload.templates_title": ("Tải mẫu tệp Excel / CSV", "Download Excel / CSV templates"),
    "upload.templates_help": (
        "Mẫu có sẵn mã và tên các địa bàn của tỉnh, tiêu đề cột tiếng Việt, trang hướng dẫn và kiểm tra dữ liệu "
        "khi nhập trong Excel.",
        "Templates come filled with the province's area codes and names, Vietnamese headers, an instructions "
        "sheet and Excel data validation.",
    ),
    "upload.history": ("Lịch sử tải lên", "Upload history"),
    "upload.history_none": ("Chưa có lần tải lên nào.", "No uploads yet."),
    "upload.col_id": ("Số", "No."),
    "upload.col_file": ("Tệp", "File"),
    "upload.col_kind": ("Loại", "Kind"),
    "upload.col_when": ("Thời gian", "When"),
    "upload.col_who": ("Người tải", "By"),
    "upload.col_undone": ("Đã hoàn tác", "Undone"),
    "upload.undo_pick": ("Hoàn tác lần tải lên", "Undo the upload"),
    "upload.undo": ("Hoàn tác", "Undo"),
    "upload.undone": (
        "Đã hoàn tác lần tải lên số {id}: {restored} ô trả về giá trị cũ, {removed} ô bị xóa.",
        "Undid upload {id}: {restored} cells restored, {removed} cells removed.",
    ),
    # --- end Cập nhật dữ liệu page ---
    # --- Báo cáo page (pages/report.py) ---
    "nav.report": ("Báo cáo", "Report"),
    "report.title": ("Báo cáo và kết luận cuộc họp", "Report and meeting conclusions"),
    "report.caption": (
        "Báo cáo {month}: tải về DOCX (sửa tiếp trong Word), PDF hoặc XLSX; ghi kết luận, nhiệm vụ của cuộc họp "
        "và theo dõi đến khi hoàn thành.",
        "Report for {month}: download DOCX (to finish in Word), PDF or XLSX; record the meeting's conclusions "
        "and tasks and follow them until done.",
    ),
    "report.download_title": ("Tải báo cáo", "Download the report"),
    "report.committee": ("Ban Chỉ đạo ban hành báo cáo", "Committee issuing the report"),
    "report.committee_help": (
        "Tên in ở góc trái đầu báo cáo. Để trống để dùng tên mặc định theo tỉnh.",
        "The name printed at the top left of the report. Leave empty for the province's default.",
    ),
    "report.committee_save": ("Lưu tên Ban Chỉ đạo", "Save the committee's name"),
    "report.committee_saved": ("Đã lưu tên Ban Chỉ đạo.", "The committee's name was saved."),
    "report.issued_on": ("Ngày ký báo cáo", "Date of the report"),
    "report.docx": ("⬇ Báo cáo DOCX (Word)", "⬇ Report DOCX (Word)"),
    "report.pdf": ("⬇ Báo cáo PDF", "⬇ Report PDF"),
    "report.xlsx": ("⬇ Số liệu XLSX (Excel)", "⬇ Data XLSX (Excel)"),
    "report.contents": (
        "Báo cáo gồm: tình hình chung, bảng kết quả tiêu chí của {n} địa bàn, so sánh trước và sau chuyển hóa, "
        "{ready} địa bàn đề nghị đưa ra khỏi diện, địa bàn chưa đạt, kết luận và nhiệm vụ, biểu đồ. Tệp được "
        "tạo khi bấm nút.",
        "The report holds: the summary, the criteria of {n} areas, before and after, {ready} areas proposed for "
        "exit, areas that lag, conclusions and tasks, charts. Files are made when a button is clicked.",
    ),
    "report.carried_title": ("Nhiệm vụ từ các cuộc họp trước ({n})", "Tasks from earlier meetings ({n})"),
    "report.carried_none": (
        "Không có nhiệm vụ nào từ các cuộc họp trước cần theo dõi.",
        "No task from earlier meetings to follow up.",
    ),
    "report.carried_counts": (
        "{done} đã hoàn thành · {open} đang thực hiện · {overdue} quá hạn",
        "{done} done · {open} under way · {overdue} overdue",
    ),
    "report.meeting_title": ("Kết luận, nhiệm vụ cuộc họp {month}", "Conclusions and tasks of the {month} meeting"),
    "report.meeting_none": ("Chưa ghi kết luận, nhiệm vụ nào.", "No conclusion or task recorded yet."),
    "report.col_kind": ("Loại", "Kind"),
    "report.col_text": ("Nội dung", "What"),
    "report.col_area": ("Địa bàn", "Area"),
    "report.col_owner": ("Chịu trách nhiệm", "Responsible"),
    "report.col_due": ("Thời hạn", "Due"),
    "report.col_state": ("Tình hình", "Status"),
    "report.col_meeting": ("Cuộc họp", "Meeting"),
    "report.kind.conclusion": ("Kết luận", "Conclusion"),
    "report.kind.task": ("Nhiệm vụ", "Task"),
    "report.whole_committee": ("Toàn Ban Chỉ đạo", "Whole committee"),
    "report.state_done": ("Đã hoàn thành ({date}): {note}", "Done ({date}): {note}"),
    "report.state_overdue": ("Quá hạn {n} ngày", "{n} days overdue"),
    "report.state_open": ("Đang thực hiện", "Under way"),
    "report.add_title": ("Ghi kết luận, nhiệm vụ", "Record a conclusion or a task"),
    "report.add_kind": ("Loại", "Kind"),
    "report.add_text": ("Nội dung", "What"),
    "report.add_area": ("Địa bàn", "Area"),
    "report.add_owner": ("Người, đơn vị chịu trách nhiệm", "Who is responsible"),
    "report.add_due": ("Thời hạn hoàn thành", "Due date"),
    "report.add_submit": ("Ghi", "Record"),
    "report.added": ("Đã ghi {kind} số {id}.", "Recorded {kind} no. {id}."),
    "report.done_title": ("Ghi nhiệm vụ đã hoàn thành", "Mark a task done"),
    "report.done_pick": ("Nhiệm vụ", "Task"),
    "report.done_note": ("Kết quả thực hiện", "What was done"),
    "report.done_submit": ("Ghi hoàn thành", "Mark done"),
    "report.marked_done": ("Đã ghi nhiệm vụ số {id} hoàn thành.", "Task no. {id} marked done."),
    "report.open_title": ("Nhiệm vụ chưa hoàn thành ({n})", "Open tasks ({n})"),
    "report.open_caption": (
        "Trong đó {overdue} nhiệm vụ quá hạn. Ghi hoàn thành ở trang Báo cáo.",
        "Of which {overdue} overdue. Mark tasks done on the Report page.",
    ),
    "report.area_tasks_title": ("Nhiệm vụ của địa bàn ({n})", "This area's tasks ({n})"),
    # --- end Báo cáo page ---
    # --- accounts, login and roles ---
    "nav.login": ("Đăng nhập", "Log in"),
    "nav.admin": ("Quản trị", "Administration"),
    "nav.section.admin": ("Hệ thống", "System"),
    "login.title": ("Đăng nhập", "Log in"),
    "login.username": ("Tên đăng nhập", "Username"),
    "login.password": ("Mật khẩu", "Password"),
    "login.role": ("Vai trò", "Role"),
    "login.submit": ("Đăng nhập", "Log in"),
    "login.sso": ("Đăng nhập bằng tài khoản cơ quan (SSO)", "Log in with your organisation account (SSO)"),
    "login.sso_unknown": (
        "Tài khoản {email} chưa được cấp quyền sử dụng. Hãy nhờ quản trị thêm tài khoản với e-mail này.",
        "{email} has no access yet. Ask an administrator to add an account with this e-mail.",
    ),
    "login.sso_logout": ("Đăng xuất SSO", "Log out of SSO"),
    "login.demo": (
        "**Tài khoản dùng thử** (chỉ có trên cơ sở dữ liệu mẫu):",
        "**Demo accounts** (on the demo database only):",
    ),
    "login.expired": (
        "Phiên làm việc đã hết do không hoạt động; hãy đăng nhập lại.",
        "Your session ended after a period of inactivity; please log in again.",
    ),
    "login.logged_out": ("Đã đăng xuất.", "Logged out."),
    "role.viewer": ("Xem (lãnh đạo, thành viên Ban Chỉ đạo)", "Viewer (committee chair and members)"),
    "role.staff": ("Cán bộ nghiệp vụ", "Staff"),
    "role.admin": ("Quản trị", "Administrator"),
    "scope.all": ("Toàn quốc", "Whole country"),
    "account.scope": ("Phạm vi: {scope}", "Scope: {scope}"),
    "account.change_password": ("Đổi mật khẩu", "Change password"),
    "account.old_password": ("Mật khẩu hiện tại", "Current password"),
    "account.new_password": ("Mật khẩu mới (ít nhất 8 ký tự)", "New password (at least 8 characters)"),
    "account.new_password_again": ("Nhập lại mật khẩu mới", "New password again"),
    "account.mismatch": ("Hai lần nhập mật khẩu mới không khớp.", "The two new passwords differ."),
    "account.changed": ("Đã đổi mật khẩu.", "Password changed."),
    "account.logout": ("Đăng xuất", "Log out"),
    "auth.refused.title": ("Không có quyền truy cập", "Access refused"),
    "auth.refused": (
        "Vai trò của bạn ({role}) không được dùng trang này. Nếu cần, hãy liên hệ quản trị.",
        "Your role ({role}) may not use this page. Ask an administrator if you need it.",
    ),
    "whatif.save_not_allowed": (
        "Vai trò Xem được thử chỉ tiêu nhưng không lưu giả định; cán bộ nghiệp vụ lưu được.",
        "Viewers may try targets but not save scenarios; staff can save them.",
    ),
    "whatif.adopt_not_allowed": (
        "Chỉ quản trị được áp dụng một giả định làm chỉ tiêu chính thức.",
        "Only an administrator may adopt a scenario as the official targets.",
    ),
    "upload.boundaries_admin": (
        "Ranh giới là bản đồ chung của cả nước: chỉ quản trị được tải lên.",
        "Boundaries are the whole country's map: only administrators may upload them.",
    ),
    # --- end accounts, login and roles ---
    # --- Quản trị page (pages/admin.py) ---
    "admin.title": ("Quản trị", "Administration"),
    "admin.caption": (
        "Tài khoản, vai trò và phạm vi; tiêu chí và chỉ tiêu; cài đặt; nhật ký mọi thay đổi.",
        "Accounts, roles and scopes; criteria and targets; settings; the log of every change.",
    ),
    "admin.tab_users": ("Tài khoản", "Accounts"),
    "admin.tab_criteria": ("Tiêu chí và chỉ tiêu", "Criteria and targets"),
    "admin.tab_settings": ("Cài đặt", "Settings"),
    "admin.tab_audit": ("Nhật ký", "Audit log"),
    "admin.full_name": ("Họ tên, chức vụ", "Name and position"),
    "admin.scope": ("Phạm vi", "Scope"),
    "admin.active": ("Được đăng nhập", "May log in"),
    "admin.last_login": ("Đăng nhập gần nhất", "Last login"),
    "admin.add_user": ("Thêm tài khoản", "Add an account"),
    "admin.edit_user": ("Sửa tài khoản", "Edit an account"),
    "admin.province": ("Tỉnh, thành phố", "Province"),
    "admin.commune": ("Mã xã, phường (để trống: cả tỉnh)", "Commune code (blank: the whole province)"),
    "admin.commune_help": (
        "Mã 5 số của xã, phường; người dùng chỉ thấy xã đó và các thôn, bản của xã.",
        "The 5-digit commune code; the user sees only that commune and its villages.",
    ),
    "admin.email": ("E-mail (đăng nhập một lần, nếu có)", "E-mail (for single sign-on, if used)"),
    "admin.password_help": (
        "Để trống: phần mềm tạo mật khẩu ngẫu nhiên và hiện một lần.",
        "Leave blank for a random password, shown once.",
    ),
    "admin.add_submit": ("Thêm tài khoản", "Add account"),
    "admin.created": ("Đã tạo tài khoản {user}.", "Account {user} created."),
    "admin.created_random": (
        "Đã tạo tài khoản {user}. Mật khẩu (chỉ hiện một lần): {password}",
        "Account {user} created. Password (shown once): {password}",
    ),
    "admin.save": ("Lưu", "Save"),
    "admin.saved": ("Đã lưu tài khoản {user}.", "Account {user} saved."),
    "admin.reset_password": ("Đặt lại mật khẩu và mở khóa", "Reset password and unlock"),
    "admin.reset_done": (
        "Mật khẩu mới của {user} (chỉ hiện một lần): {password}",
        "New password for {user} (shown once): {password}",
    ),
    "admin.criteria_help": (
        "Sửa tên, phép so sánh, chỉ tiêu và tiêu chí bắt buộc. Công thức tính giữ nguyên. Mọi thay đổi được ghi nhật ký; "
        "đổi chỉ tiêu theo quyết định thì dùng trang Giả định chỉ tiêu (Áp dụng).",
        "Edit names, comparisons, targets and which criteria are required. Formulas stay. Every change is logged; "
        "to change targets by decision, use the What-if page (Adopt).",
    ),
    "admin.name_vi": ("Tên tiếng Việt", "Vietnamese name"),
    "admin.name_en": ("Tên tiếng Anh", "English name"),
    "admin.comparison": ("So sánh", "Comparison"),
    "admin.target": ("Chỉ tiêu", "Target"),
    "admin.required": ("Bắt buộc", "Required"),
    "admin.unit": ("Đơn vị", "Unit"),
    "admin.criteria_saved": ("Đã lưu {n} tiêu chí.", "{n} criteria saved."),
    "admin.settings_saved": ("Đã lưu {n} cài đặt.", "{n} settings saved."),
    "admin.setting.watch_months": ("Số tháng theo dõi sau khi ra khỏi diện", "Months an exited area is watched"),
    "admin.setting.amber_margin": (
        "Biên màu vàng (điểm phần trăm dưới chỉ tiêu)",
        "Amber margin (percentage points under target)",
    ),
    "admin.setting.target_transformed_pct": (
        "Chỉ tiêu chuyển hóa thành công trong năm (%)",
        "Target: transformed in the year (%)",
    ),
    "admin.setting.target_sustained_pct": (
        "Chỉ tiêu giữ vững sau chuyển hóa (%)",
        "Target: sustained after transformation (%)",
    ),
    "admin.setting.min_base_for_percent": ("Số tối thiểu để tính tỷ lệ tăng, giảm", "Least base for a percent change"),
    "admin.setting.max_upload_mb": ("Dung lượng tệp tải lên tối đa (MB)", "Largest upload (MB)"),
    "admin.audit_actor": ("Người thực hiện", "Who"),
    "admin.audit_action": ("Việc", "Action"),
    "admin.audit_dates": ("Từ ngày – đến ngày", "From – to"),
    "admin.audit_when": ("Thời điểm", "When"),
    "admin.audit_target": ("Đối tượng", "Target"),
    "admin.audit_summary": ("Nội dung", "Summary"),
    "admin.audit_before": ("Trước", "Before"),
    "admin.audit_after": ("Sau", "After"),
    "admin.audit_count": ("{n} mục, từ {since} đến {until}", "{n} entries, {since} to {until}"),
    "audit.upload": ("Tải lên số liệu", "Upload"),
    "audit.undo": ("Hoàn tác", "Undo"),
    "audit.correction": ("Sửa số liệu", "Correction"),
    "audit.boundaries": ("Tải lên ranh giới", "Boundaries"),
    "audit.exit": ("Đưa ra khỏi diện", "Exit decision"),
    "audit.relapse": ("Phức tạp trở lại", "Relapse"),
    "audit.scenario_save": ("Lưu giả định", "Scenario saved"),
    "audit.scenario_adopt": ("Áp dụng giả định", "Scenario adopted"),
    "audit.criteria_change": ("Sửa tiêu chí", "Criteria changed"),
    "audit.settings_change": ("Sửa cài đặt", "Settings changed"),
    "audit.user_create": ("Tạo tài khoản", "Account created"),
    "audit.user_update": ("Sửa tài khoản", "Account changed"),
    "audit.password_change": ("Đổi mật khẩu", "Password changed"),
    "audit.password_reset": ("Đặt lại mật khẩu", "Password reset"),
    "audit.login": ("Đăng nhập", "Login"),
    "audit.login_failed": ("Đăng nhập sai", "Failed login"),
    "audit.locked": ("Tạm khóa", "Locked"),
    "audit.logout": ("Đăng xuất", "Logout"),
    "audit.task": ("Kết luận, nhiệm vụ", "Conclusions and tasks"),
    # --- end Quản trị page ---
    # --- downloads (core.downloads) ---
    "download.refused": (
        "Không tải được {file}: tài khoản không còn hoạt động, không còn quyền tải tệp này, hoặc phiên làm việc "
        "đã hết. Hãy đăng nhập lại.",
        "{file} was not downloaded: the account is no longer active, may no longer download it, or the session "
        "has ended. Please log in again.",
    ),
    "download.failed": (
        "Không tạo được {file}. Lỗi đã được ghi lại trong nhật ký máy chủ; hãy thử lại hoặc báo quản trị hệ thống.",
        "{file} could not be built. The error is in the server's log; try again or tell the administrator.",
    ),
    # --- end downloads ---
    # --- serving the demo database (core.serving) ---
    "serve.demo_refused_title": ("Không phục vụ dữ liệu mẫu trên mạng", "The demo data is not served on the network"),
    "serve.demo_refused": (
        "Cả mạng truy cập được địa chỉ {address}, còn đây là cơ sở dữ liệu mẫu: các tài khoản dùng thử có chung "
        "một mật khẩu công khai. Hãy chạy trên 127.0.0.1 (make run), hoặc dùng cơ sở dữ liệu thật (CHUYENHOA_DB). "
        "Nếu thật sự muốn cho cả mạng xem dữ liệu mẫu: make run HOST={address} ALLOW_DEMO=1 (biến môi trường "
        "CHUYENHOA_ALLOW_DEMO=1).",
        "The whole network reaches {address}, and this is the demo database: its trial accounts share one "
        "published password. Run on 127.0.0.1 (make run) or use a real database (CHUYENHOA_DB). To show the "
        "demo to the network anyway: make run HOST={address} ALLOW_DEMO=1 (environment variable "
        "CHUYENHOA_ALLOW_DEMO=1).",
    ),
    # --- end serving ---
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
