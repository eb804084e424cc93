"""Command line: a thin client over `core` for staff scripts and tests.

    python -m core.cli init   --db PATH
    python -m core.cli demo   --db PATH
    python -m core.cli generate --db PATH [--communes N] [--months M] [--villages-per-commune V]
                              [--hotspots H] [--seed S] [--force]
    python -m core.cli import FILE --db PATH [--kind indicators|rounds|areas|hotspots] [--user NAME]
    python -m core.cli status --db PATH [--month YYYY-MM] [--scenario NAME] [--target CODE=VALUE ...]
                              [--format table|csv] [--user NAME]
    python -m core.cli user add NAME --role viewer|staff|admin [--province CODE] [--commune CODE]
    python -m core.cli user list | passwd NAME | disable NAME | enable NAME
    python -m core.cli audit --db PATH [--actor NAME] [--action ACTION] [--format table|csv]
    python -m core.cli report --db PATH [--month YYYY-MM] --out FILE.docx|.pdf|.xlsx [--date dd/mm/yyyy]
    python -m core.cli task add --db PATH --text TEXT --owner WHO --due dd/mm/yyyy [--area CODE] [--month YYYY-MM]
    python -m core.cli task list --db PATH [--month YYYY-MM] [--open] [--format table|csv]
    python -m core.cli task done ID --db PATH --note TEXT
    python -m core.cli serve-check --db PATH --host ADDRESS   (make run: the demo data on 127.0.0.1 only)

`--user NAME` acts as that account: its role and its scope (province or commune) apply. Without
it the command acts for the operator of the server, who has every right over the whole country.

Exit codes: 0 done, 1 the file or the request was refused (problems printed), 2 wrong usage or an
unusable database. Never a Python traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from core.access import accounts, audit
from core.access.accounts import SYSTEM, User
from core.base.exports import safe_csv
from core.base.formatting import fmt_date, fmt_month, month_key, parse_month_arg
from core.base.i18n import t
from core.domain import tasks, whatif
from core.domain.criteria import IN_PROGRESS, READY, Overrides, latest_month, round_status
from core.importer import uploads
from core.seed.generate import DEFAULT_SEED, NATIONAL
from core.storage.db import PRIVATE_MODE, Database, DatabaseError, db_path_from_env


class UsageError(Exception):
    pass


def _parse_targets(items: Sequence[str], known: set[str]) -> dict[str, float]:
    targets: dict[str, float] = {}
    for item in items:
        code, sep, value = item.partition("=")
        code = code.strip().upper()
        if not sep or code not in known:
            raise UsageError(f"--target cần dạng MÃ=GIÁ_TRỊ với mã tiêu chí có thật, ví dụ C02=75 (nhận: {item!r})")
        try:
            targets[code] = float(value.replace(",", "."))
        except ValueError as exc:
            raise UsageError(f"giá trị chỉ tiêu không phải là số: {item!r}") from exc
    return targets


# init, demo, generate and import load the administrative units package or the spreadsheet reader,
# which take about half a second to import: they are imported by their commands only, so `status`
# and `uploads` start quickly.


def cmd_init(args: argparse.Namespace) -> int:
    from core.seed.bootstrap import init_database

    with Database(args.db) as db:
        result = init_database(db)
    print(
        f"Đã khởi tạo {args.db}: {result.areas} đơn vị hành chính, {result.legacy} xã cũ (trước 01/07/2025), "
        f"{result.indicators} chỉ số, {result.criteria} tiêu chí."
    )
    if result.admin_password:
        print(
            f"Tài khoản quản trị: admin / mật khẩu: {result.admin_password}\n"
            "Mật khẩu chỉ hiện một lần: hãy ghi lại và đổi sau khi đăng nhập."
        )
    return 0


def _fresh_database(path: str, force: bool, hint: str) -> bool:
    """Whether `path` may be filled with built data: it has none, or `force` deletes the file."""
    if force:
        for suffix in ("", ".wal"):
            Path(path + suffix).unlink(missing_ok=True)
        return True
    if Path(path).exists():
        with Database(path) as db:
            if db.query_value("SELECT count(*) FROM rounds") or db.query_value("SELECT count(*) FROM indicator_values"):
                print(f"{path} đã có dữ liệu; {hint}.", file=sys.stderr)
                return False
    return True


def cmd_demo(args: argparse.Namespace) -> int:
    from core.seed.demo import build_demo

    if not _fresh_database(args.db, args.force, "dùng --force để dựng lại dữ liệu mẫu"):
        return 1
    with Database(args.db) as db:
        counts = build_demo(db)
    print(
        f"Đã dựng dữ liệu mẫu trong {args.db}: {counts['rounds']} đợt chuyển hóa, {counts['villages']} bản, "
        f"{counts['values']} số liệu tháng, {counts['hotspots']} điểm, tụ điểm."
    )
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from core.seed.generate import GenerateRefused, check_sizes, generate

    try:
        check_sizes(args.communes, args.months, args.villages_per_commune, args.hotspots)
    except GenerateRefused as exc:
        print(f"Không sinh dữ liệu: {exc}.", file=sys.stderr)
        return 1
    if not _fresh_database(args.db, args.force, "dùng --force để xóa và sinh lại"):
        return 1
    with Database(args.db) as db:
        try:
            result = generate(
                db,
                communes=args.communes,
                months=args.months,
                villages_per_commune=args.villages_per_commune,
                hotspots=args.hotspots,
                seed=args.seed,
            )
        except GenerateRefused as exc:
            print(f"Không sinh dữ liệu: {exc}.", file=sys.stderr)
            return 1
    size = Path(args.db).stat().st_size / 1e6
    print(
        f"Đã sinh dữ liệu tổng hợp (seed {args.seed}) trong {args.db}: {result.communes} xã, {result.villages} thôn, "
        f"{result.rounds} đợt chuyển hóa, {result.values} số liệu tháng, {result.hotspots} điểm, tụ điểm; "
        f"{result.seconds:.1f} giây, {size:.0f} MB."
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from core import importer

    path = Path(args.file)
    if not path.is_file():
        print(f"Không tìm thấy tệp {path}.", file=sys.stderr)
        return 1
    content = path.read_bytes()
    with Database(args.db) as db:
        actor = _actor(db, args.user)
        accounts.require(actor, "upload")
        plan = importer.plan_import(db, content, path.name, kind=args.kind, scope=actor.scope)
        for problem in plan.problems:
            label = "Lỗi" if problem.severity == "error" else "Cảnh báo"
            where = f"dòng {problem.row}" if problem.row else "tệp"
            column = f", cột {problem.column}" if problem.column else ""
            value = f", giá trị {problem.value!r}" if problem.value not in (None, "") else ""
            hint = f" (gợi ý: {problem.suggestion})" if problem.suggestion else ""
            print(f"{label}: {where}{column}{value}: {problem.reason}{hint}", file=sys.stderr)
        if plan.problems_omitted:
            print(f"… và {plan.problems_omitted} vấn đề khác không in ra.", file=sys.stderr)
        if not plan.ok:
            print(
                f"Không nhập tệp {path.name}: {plan.error_count} lỗi. Chưa ghi gì vào cơ sở dữ liệu.", file=sys.stderr
            )
            return 1
        if plan.already_imported:
            print(f"Tệp {path.name} đã được nhập trước đây; không có thay đổi.")
            return 0
        result = importer.commit_import(db, plan, actor=actor)
    unit = "ô số liệu" if plan.kind == "indicators" else "dòng"
    print(
        f"Đã nhập {path.name} ({plan.kind}): {result.rows_added} {unit} thêm mới, {result.rows_changed} {unit} "
        f"thay đổi, {result.rows_unchanged} {unit} giữ nguyên; lần tải lên số {result.upload_id}."
    )
    return 0


STATUS_COLUMNS = [
    "area_code",
    "area_name",
    "programme",
    "start_month",
    "planned_months",
    "months_elapsed",
    "status",
    "ready",
    "failed",
]


def status_frame(
    db: Database,
    month_text: str | None,
    target_items: Sequence[str],
    scenario_name: str | None = None,
    actor: User = SYSTEM,
) -> pd.DataFrame:
    month = parse_month_arg(month_text) if month_text else latest_month(db)
    known = {str(c) for (c,) in db.query_rows("SELECT code FROM criteria")}
    scenario = whatif.OFFICIAL
    if scenario_name:
        try:
            scenario = whatif.load_scenario(db, scenario_name)
        except whatif.ScenarioRefused as exc:
            raise UsageError(str(exc)) from exc
    base = scenario.overrides()
    overrides = Overrides(
        targets={**base.targets, **_parse_targets(target_items, known)},
        comparisons=base.comparisons,
        required=base.required,
    )
    frame = round_status(db, month, overrides, scope=actor.scope)
    if not scenario.require_duration or scenario.min_months is not None:  # the scenario's own duration rule
        if scenario.min_months is not None:
            frame["duration_elapsed"] = frame["months_elapsed"] >= scenario.min_months
        elapsed = frame["duration_elapsed"] | (not scenario.require_duration)
        frame["ready"] = frame["all_met"] & frame["status"].isin([IN_PROGRESS, READY]) & elapsed
        frame.loc[frame["ready"], "status"] = READY
        frame.loc[~frame["ready"] & (frame["status"] == READY), "status"] = IN_PROGRESS
    out = frame[STATUS_COLUMNS].copy()
    out["start_month"] = out["start_month"].map(month_key)
    out["ready"] = out["ready"].map(lambda v: "true" if v else "false")
    out.attrs["month"] = month
    return out


def cmd_status(args: argparse.Namespace) -> int:
    with Database(args.db, read_only=True) as db:
        frame = status_frame(db, args.month, args.target or [], args.scenario, _actor(db, args.user))
    if args.format == "csv":
        sys.stdout.write(safe_csv(frame))
        return 0
    month = frame.attrs["month"]
    print(f"Tình hình các đợt chuyển hóa, tính đến tháng {month.month}/{month.year}")
    if frame.empty:
        print(t("overview.no_rounds"))
        return 0
    shown = frame.assign(status=frame["status"].map(lambda s: t(f"status.{s}")))
    shown = shown.rename(
        columns={
            "area_code": "Mã",
            "area_name": "Địa bàn",
            "programme": "Chương trình",
            "start_month": "Bắt đầu",
            "planned_months": "Số tháng",
            "months_elapsed": "Đã qua",
            "status": "Trạng thái",
            "ready": "Đủ ĐK",
            "failed": "Chưa đạt",
        }
    )
    print(shown.to_string(index=False))
    return 0


def _print_frame(frame: pd.DataFrame, fmt: str, empty: str, table_columns: list[str] | None = None) -> int:
    """A listing on stdout: formula-safe CSV (every column), or a table (`table_columns`, or all)."""
    if fmt == "csv":
        sys.stdout.write(safe_csv(frame))
    elif frame.empty:
        print(empty)
    else:
        print(frame[table_columns or list(frame.columns)].to_string(index=False))
    return 0


def cmd_uploads(args: argparse.Namespace) -> int:
    with Database(args.db, read_only=True) as db:
        actor = _actor(db, args.user)
        frame = uploads.history(db, scope=actor.scope, me=actor.username)
    frame = frame.assign(
        uploaded_at=frame["uploaded_at"].map(lambda v: v.strftime("%Y-%m-%d %H:%M:%S")),
        undone_at=frame["undone_at"].map(lambda v: "" if pd.isna(v) else v.strftime("%Y-%m-%d %H:%M:%S")),
    )
    columns = [
        "id",
        "file_name",
        "uploaded_at",
        "rows",
        "kind",
        "uploaded_by",
        "rows_added",
        "rows_changed",
        "undone_at",
    ]
    return _print_frame(frame[columns], args.format, "Chưa có lần tải lên nào.")


def cmd_undo(args: argparse.Namespace) -> int:
    with Database(args.db) as db:
        try:
            result = uploads.undo(db, args.upload_id, actor=_actor(db, args.user))
        except uploads.UndoRefused as exc:
            print(f"Không hoàn tác: {exc}", file=sys.stderr)
            return 1
    print(
        f"Đã hoàn tác lần tải lên số {result.upload_id}: {result.restored} ô số liệu trả về giá trị cũ, "
        f"{result.removed} ô số liệu bị xóa."
    )
    return 0


def _actor(db: Database, username: str | None) -> User:
    """The account a command acts as (`--user`), or the server's operator."""
    if not username:
        return SYSTEM
    user = accounts.active_user(db, username)
    if user is None:
        raise UsageError(f"không có tài khoản đang hoạt động tên {username!r}")
    return user


_ROLE_NAMES = {"viewer": "xem", "staff": "cán bộ", "admin": "quản trị"}


def cmd_user(args: argparse.Namespace) -> int:
    with Database(args.db) as db:
        actor = _actor(db, args.user)
        if args.action == "list":
            frame = accounts.list_users(db)
            if frame.empty:
                print("Chưa có tài khoản nào.")
                return 0
            for record in frame.to_dict("records"):
                where = record["commune_name"] or record["province_name"] or "toàn quốc"
                state = "" if record["active"] else " (đã khóa)"
                role = _ROLE_NAMES.get(str(record["role"]), str(record["role"]))
                print(f"{record['username']}\t{role}\t{where}\t{record['full_name']}{state}")
            return 0
        if not args.name:
            raise UsageError("cần tên tài khoản")
        if args.action == "add":
            if not args.role:
                raise UsageError("cần --role viewer|staff|admin")
            password = sys.stdin.readline().rstrip("\n") if args.password_stdin else accounts.random_password()
            user = accounts.create_user(
                db, actor, args.name, password, args.role, args.full_name or "", args.province, args.commune
            )
            print(f"Đã tạo tài khoản {user.username} ({_ROLE_NAMES[user.role]}).")
            if not args.password_stdin:
                print(f"Mật khẩu: {password}  (chỉ hiện một lần)")
        elif args.action == "passwd":
            password = accounts.reset_password(db, actor, args.name)
            print(f"Mật khẩu mới của {args.name}: {password}  (chỉ hiện một lần)")
        else:
            accounts.update_user(db, actor, args.name, active=args.action == "enable")
            print(f"Đã {'mở khóa' if args.action == 'enable' else 'khóa'} tài khoản {args.name}.")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    with Database(args.db, read_only=True) as db:
        accounts.require(_actor(db, args.user), "audit")
        frame = audit.entries(db, actor=args.actor, action=args.action, limit=args.limit)
    frame["logged_at"] = frame["logged_at"].map(lambda v: v.strftime("%Y-%m-%d %H:%M:%S"))
    shown = ["id", "logged_at", "actor", "action", "target", "summary"]  # the table; CSV has before/after too
    return _print_frame(frame, args.format, "Nhật ký trống.", shown)


REPORT_FORMATS = (".docx", ".pdf", ".xlsx")


def _parse_day(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError as exc:
        raise UsageError(f"ngày không hợp lệ: {text!r} (cần dạng dd/mm/yyyy, ví dụ 15/11/2026)") from exc


def cmd_report(args: argparse.Namespace) -> int:
    from core.report import gather as report
    from core.report import write_docx as report_docx
    from core.report import write_pdf as report_pdf
    from core.report import write_xlsx as report_xlsx

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise UsageError(f"--out phải là tệp .docx, .pdf hoặc .xlsx (nhận: {out.name})")
    issued = _parse_day(args.date) if args.date else None
    with Database(args.db, read_only=True) as db:
        actor = accounts.require(_actor(db, args.user), "report")
        month = parse_month_arg(args.month) if args.month else latest_month(db)
        built = report.build_report(db, month, actor.scope, issued_on=issued, charts=suffix != ".xlsx")
    writers = {".docx": report_docx.to_docx, ".pdf": report_pdf.to_pdf, ".xlsx": report_xlsx.to_xlsx}
    content = writers[suffix](built)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_private(out, content)
    print(f"Đã ghi báo cáo {fmt_month(month).lower()} vào {out} ({len(content):,} byte).".replace(",", "."))
    return 0


def _write_private(path: Path, content: bytes) -> None:
    """Write a file readable by its owner only (0600), also when it already existed with wider rights."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    with os.fdopen(fd, "wb") as out:
        os.fchmod(out.fileno(), PRIVATE_MODE)
        out.write(content)


def cmd_task_add(args: argparse.Namespace) -> int:
    due = _parse_day(args.due) if args.due else None
    with Database(args.db) as db:
        month = parse_month_arg(args.month) if args.month else latest_month(db)
        try:
            task_id = tasks.add(
                db, month, args.text, _actor(db, args.user), kind=args.kind, owner=args.owner, due=due,
                area_code=args.area,
            )  # fmt: skip
        except (tasks.TaskRefused, accounts.PermissionDenied) as exc:
            print(f"Không ghi: {exc}", file=sys.stderr)
            return 1
    what = "kết luận" if args.kind == tasks.CONCLUSION else "nhiệm vụ"
    print(f"Đã ghi {what} số {task_id} cho cuộc họp {fmt_month(month).lower()}.")
    return 0


def cmd_task_list(args: argparse.Namespace) -> int:
    with Database(args.db, read_only=True) as db:
        where = _actor(db, args.user).scope
        if args.open:
            month = parse_month_arg(args.month) if args.month else latest_month(db)
            frame = tasks.open_tasks(db, month, where)
        elif args.month:
            frame = tasks.of_meeting(db, parse_month_arg(args.month), where)
        else:
            frame = tasks.all_items(db, where)
    out = pd.DataFrame(
        {
            "id": frame["id"],
            "meeting_month": frame["meeting_month"].map(month_key),
            "area_code": frame["area_code"].fillna(""),
            "area_name": frame["area_name"].fillna(""),
            "kind": frame["kind"],
            "text": frame["text"],
            "owner": frame["owner"].fillna(""),
            "due_date": frame["due_date"].map(fmt_date),
            "status": frame["status"],
            "days_overdue": frame["days_overdue"],
            "done_note": frame["done_note"].fillna(""),
        }
    )
    return _print_frame(out, args.format, "Không có kết luận, nhiệm vụ nào.")


def cmd_task_done(args: argparse.Namespace) -> int:
    with Database(args.db) as db:
        try:
            tasks.mark_done(db, args.task_id, args.note, _actor(db, args.user))
        except (tasks.TaskRefused, accounts.PermissionDenied) as exc:
            print(f"Không ghi: {exc}", file=sys.stderr)
            return 1
    print(f"Đã ghi nhiệm vụ số {args.task_id} hoàn thành.")
    return 0


def cmd_serve_check(args: argparse.Namespace) -> int:
    """Exit 1 when the demo database would be served on a non-loopback address without
    CHUYENHOA_ALLOW_DEMO=1 (core.access.serving); 0 otherwise (a database not built yet is not the demo)."""
    from core.access import serving
    from core.base.i18n import t

    if serving.demo_allowed(args.host) or not Path(args.db).exists():
        return 0
    with Database(args.db, read_only=True) as db:
        if not db.is_demo():
            return 0
    print(t("serve.demo_refused", address=args.host), file=sys.stderr)
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core.cli", description="Chuyển hóa địa bàn — dòng lệnh")
    sub = parser.add_subparsers(dest="command", required=True)

    def add_db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=db_path_from_env(), help="tệp DuckDB (mặc định: $CHUYENHOA_DB)")

    def add_user(p: argparse.ArgumentParser) -> None:
        p.add_argument("--user", default=None, metavar="TÊN", help="làm với quyền và phạm vi của tài khoản này")

    p = sub.add_parser("init", help="tạo cơ sở dữ liệu mới với đơn vị hành chính và tiêu chí mặc định")
    add_db(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="dựng cơ sở dữ liệu mẫu")
    add_db(p)
    p.add_argument("--force", action="store_true", help="xóa và dựng lại nếu đã có")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("generate", help="sinh dữ liệu tổng hợp (để đo hiệu năng), mặc định cỡ toàn quốc")
    add_db(p)
    p.add_argument("--communes", type=int, default=NATIONAL["communes"], help="số xã, phường (tối đa 3321)")
    p.add_argument("--months", type=int, default=NATIONAL["months"], help="số tháng số liệu (12 đến 240)")
    p.add_argument("--villages-per-commune", type=int, default=NATIONAL["villages_per_commune"], help="số thôn mỗi xã")
    p.add_argument("--hotspots", type=int, default=NATIONAL["hotspots"], help="số điểm, tụ điểm")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="hạt giống: cùng hạt giống, cùng dữ liệu")
    p.add_argument("--force", action="store_true", help="xóa tệp cũ và sinh lại")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("import", help="nhập tệp CSV/XLSX")
    p.add_argument("file")
    add_db(p)
    p.add_argument("--kind", choices=["indicators", "rounds", "areas", "hotspots"])
    add_user(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("status", help="tình hình từng đợt chuyển hóa")
    add_db(p)
    p.add_argument("--month", help="tháng xem xét, dạng YYYY-MM (mặc định: tháng gần nhất có số liệu)")
    p.add_argument("--scenario", metavar="TÊN", help="tính theo một giả định chỉ tiêu đã lưu (trang Giả định chỉ tiêu)")
    p.add_argument("--target", action="append", metavar="CODE=VALUE", help="chỉ tiêu tạm thời, ví dụ C02=75")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    add_user(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("uploads", help="các lần tải lên, mới nhất trước")
    add_db(p)
    p.add_argument("--format", choices=["table", "csv"], default="table")
    add_user(p)
    p.set_defaults(func=cmd_uploads)

    p = sub.add_parser("undo", help="hoàn tác một lần tải lên số liệu")
    p.add_argument("upload_id", type=int)
    add_db(p)
    add_user(p)
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("user", help="tài khoản: thêm, liệt kê, đặt lại mật khẩu, khóa, mở khóa")
    p.add_argument("action", choices=["add", "list", "passwd", "disable", "enable"])
    p.add_argument("name", nargs="?", help="tên đăng nhập")
    add_db(p)
    p.add_argument("--role", choices=list(accounts.ROLES))
    p.add_argument("--province", help="giới hạn trong một tỉnh, thành phố (mã 2 số)")
    p.add_argument("--commune", help="giới hạn trong một xã, phường (mã 5 số)")
    p.add_argument("--full-name", help="họ tên, chức vụ")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    add_user(p)
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("audit", help="nhật ký thay đổi (chỉ quản trị)")
    add_db(p)
    p.add_argument("--actor", help="chỉ của một tài khoản")
    p.add_argument("--action", choices=list(audit.ACTIONS))
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--format", choices=["table", "csv"], default="table")
    add_user(p)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("report", help="báo cáo kết quả chuyển hóa của một tháng (DOCX, PDF hoặc XLSX)")
    add_db(p)
    p.add_argument("--month", help="tháng báo cáo, dạng YYYY-MM (mặc định: tháng gần nhất có số liệu)")
    p.add_argument("--out", required=True, help="tệp ghi ra: .docx, .pdf hoặc .xlsx")
    p.add_argument("--date", help="ngày ký báo cáo, dạng dd/mm/yyyy (mặc định: hôm nay)")
    add_user(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("serve-check", help="kiểm tra trước khi chạy máy chủ (make run): dữ liệu mẫu chỉ trên 127.0.0.1")
    add_db(p)
    p.add_argument("--host", required=True, help="địa chỉ máy chủ sẽ chạy (server.address)")
    p.set_defaults(func=cmd_serve_check)

    p = sub.add_parser("task", help="kết luận, nhiệm vụ của cuộc họp Ban Chỉ đạo")
    task_sub = p.add_subparsers(dest="task_command", required=True)
    q = task_sub.add_parser("add", help="ghi một nhiệm vụ (hoặc kết luận) của cuộc họp")
    add_db(q)
    q.add_argument("--text", required=True, help="nội dung")
    q.add_argument("--owner", help="người, đơn vị chịu trách nhiệm (bắt buộc với nhiệm vụ)")
    q.add_argument("--due", help="thời hạn, dạng dd/mm/yyyy (bắt buộc với nhiệm vụ)")
    q.add_argument("--area", help="mã địa bàn (bỏ trống: chung cho Ban Chỉ đạo)")
    q.add_argument("--month", help="tháng xem xét của cuộc họp, dạng YYYY-MM (mặc định: tháng gần nhất có số liệu)")
    q.add_argument("--kind", choices=list(tasks.KINDS), default=tasks.TASK)
    add_user(q)
    q.set_defaults(func=cmd_task_add)
    q = task_sub.add_parser("list", help="liệt kê kết luận, nhiệm vụ")
    add_db(q)
    q.add_argument("--month", help="của cuộc họp tháng này (YYYY-MM)")
    q.add_argument("--open", action="store_true", help="chỉ nhiệm vụ chưa hoàn thành, quá hạn trước")
    q.add_argument("--format", choices=["table", "csv"], default="table")
    add_user(q)
    q.set_defaults(func=cmd_task_list)
    q = task_sub.add_parser("done", help="ghi một nhiệm vụ đã hoàn thành")
    q.add_argument("task_id", type=int)
    add_db(q)
    q.add_argument("--note", required=True, help="kết quả thực hiện")
    add_user(q)
    q.set_defaults(func=cmd_task_done)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except accounts.AccountError as exc:
        print(f"Không thực hiện: {exc}", file=sys.stderr)
        return 1
    except (UsageError, ValueError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the promise: staff never see a traceback
        print(f"Lỗi không mong đợi ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
