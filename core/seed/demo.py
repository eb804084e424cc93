"""The demo database: Lai Châu with its real communes, the Sìn Hồ communes of seed 002 under
transformation, villages, 24 months of plausible monthly figures and hotspots.

Built deterministically (a fixed seed and fixed months), so every `make run` and every test sees the
same figures. The story it tells at the latest month, Tháng 10/2026:
- Xã Sìn Hồ meets every criterion and its 9 months are over: ready to leave.
- Xã Hồng Thu meets every criterion, but its 12-month round runs to Tháng 12/2026.
- Bản Phìn Hồ (a village of Hồng Thu) is on track too.
- Xã Tủa Sín Chải lags on detection (C02) and on households informed (C10).
- Xã Nậm Cuổi had a gang-style group (C06) and its crimes did not fall (C04).
- Xã Nậm Mạ (formerly Căn Co) left the list by decision in Tháng 1/2026 and holds.
- Xã Pa Tần left the list too, then relapsed: a new hotspot and a gang in 2026.
- Phường Tân Phong is under the national ANTT programme; Xã Phong Thổ's round is planned.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.access import accounts
from core.importer.parsing import village_name_key
from core.seed.bootstrap import init_database
from core.storage.db import Database

PROVINCE = "12"  # Lai Châu
FIRST_MONTH = date(2024, 11, 1)
MONTHS = 24
SEED = 138


def month_add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


LAST_MONTH = month_add(FIRST_MONTH, MONTHS - 1)  # 2026-10


@dataclass(frozen=True)
class DemoRound:
    area_code: str
    programme: str
    start: date
    months: int
    decision_no: str
    decision_date: date
    profile: str  # good | slow_detection | gang_and_rise | relapse
    exit_no: str | None = None
    exit_date: date | None = None
    status: str = "in_progress"
    relapsed_month: date | None = None


ROUNDS: tuple[DemoRound, ...] = (
    DemoRound("03478", "TTATXH", date(2026, 1, 1), 9, "52/QĐ-BCĐ", date(2025, 12, 22), "good"),
    DemoRound("03508", "TTATXH", date(2026, 1, 1), 12, "52/QĐ-BCĐ", date(2025, 12, 22), "good"),
    DemoRound("03508-PH", "TTATXH", date(2026, 1, 1), 9, "07/QĐ-UBND", date(2025, 12, 29), "good"),
    DemoRound("03529", "TTATXH", date(2026, 1, 1), 9, "52/QĐ-BCĐ", date(2025, 12, 22), "slow_detection"),
    DemoRound("03544", "TTATXH", date(2026, 1, 1), 9, "52/QĐ-BCĐ", date(2025, 12, 22), "gang_and_rise"),
    DemoRound(
        "03538",
        "TTATXH",
        date(2025, 1, 1),
        12,
        "314/QĐ-UBND",
        date(2024, 12, 20),
        "good",
        exit_no="15/QĐ-BCĐ",
        exit_date=date(2026, 1, 16),
        status="exited",
    ),
    DemoRound(
        "03503",
        "TTATXH",
        date(2025, 1, 1),
        12,
        "314/QĐ-UBND",
        date(2024, 12, 20),
        "relapse",
        exit_no="15/QĐ-BCĐ",
        exit_date=date(2026, 1, 16),
        status="relapsed",
        relapsed_month=date(2026, 7, 1),
    ),
    DemoRound("03408", "ANTT", date(2026, 4, 1), 12, "1021/QĐ-BCA", date(2026, 3, 18), "good"),
    DemoRound("03549", "TTATXH", date(2026, 12, 1), 12, "88/QĐ-BCĐ", date(2026, 10, 28), "good"),
)

# Villages (bản) of the communes under transformation: code, name, parent, households.
VILLAGES: tuple[tuple[str, str, str, int], ...] = (
    ("03478-SH", "Bản Sìn Hồ", "03478", 312),
    ("03478-TP", "Bản Tả Phìn", "03478", 268),
    ("03478-SP", "Bản Sà Dề Phìn", "03478", 241),
    ("03508-HT", "Bản Hồng Thu Mông", "03508", 198),
    ("03508-PH", "Bản Phìn Hồ", "03508", 226),
    ("03508-MQ", "Bản Ma Quai", "03508", 184),
    ("03529-TS", "Bản Tủa Sín Chải", "03529", 205),
    ("03529-LM", "Bản Làng Mô", "03529", 233),
    ("03544-NC", "Bản Nậm Cuổi", "03544", 251),
    ("03544-NH", "Bản Nậm Hăn", "03544", 219),
)

HOUSEHOLDS = {
    "03478": 2140,
    "03508": 1600,
    "03529": 1385,
    "03544": 1720,
    "03538": 1290,
    "03503": 1150,
    "03408": 3920,
    "03549": 2480,
    "03508-PH": 226,
}

HOTSPOT_TYPES = ("ma túy", "cờ bạc", "mại dâm", "trộm cắp", "tín dụng đen")


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: small lambdas only.
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _monthly_rows(rng: random.Random, r: DemoRound) -> list[tuple[str, date, str, float]]:
    rows: list[tuple[str, date, str, float]] = []
    households = HOUSEHOLDS[r.area_code]
    village = "-" in r.area_code
    scale = 0.3 if village else 1.0
    active_hotspots = 3 if not village else 1
    managed = 40 + rng.randint(0, 30)
    cameras = 20 + rng.randint(0, 20)
    report_form = 0
    for i in range(MONTHS):
        month = month_add(FIRST_MONTH, i)
        in_round = month >= r.start
        before = not in_round
        after_exit = r.exit_date is not None and month > r.exit_date
        relapsing = r.relapsed_month is not None and month >= r.relapsed_month
        # Crimes: high before the round, lower during it (but not for the laggard on C04).
        if before:
            lam = 4.5 * scale
        elif r.profile == "gang_and_rise":
            lam = 5.5 * scale
        else:
            lam = 1.6 * scale
        if relapsing:
            lam = 4.0 * scale
        crimes = _poisson(rng, lam)
        if r.profile == "gang_and_rise" and in_round:
            crimes += 1
        solved = crimes if (in_round and r.profile != "slow_detection") else (crimes + 1) // 2
        if in_round and r.profile == "good" and crimes >= 4:
            solved = crimes - 1  # still well above 80% over the window
        serious = 1 if (before and i % 7 == 0 and not village) else 0
        if r.profile == "gang_and_rise" and month == date(2026, 3, 1):
            serious = 1
        reports = crimes + _poisson(rng, 2.0 * scale)
        resolved = reports if in_round else max(reports - rng.randint(0, 2), 0)
        released = rng.randint(1, 3) if not village else rng.randint(0, 1)
        reoffended = 1 if (i % 9 == 4 and released > 1) else 0
        gangs = 1 if (r.profile == "gang_and_rise" and month in (date(2026, 5, 1), date(2026, 6, 1))) else 0
        if relapsing and month >= date(2026, 8, 1):
            gangs = 1
        black_credit = 1 if (before and i % 5 == 2) else 0
        new_hotspots = 1 if (relapsing and month == r.relapsed_month) else 0
        if in_round and not relapsing and active_hotspots > 0 and i % 3 == 0:
            active_hotspots -= 1
        active_hotspots += new_hotspots
        informed_share = 1.0
        if in_round and r.profile == "slow_detection":
            informed_share = 0.85
        elif not in_round:
            informed_share = 0.6
        informed = round(households * informed_share)
        models = 1 + (1 if in_round and not village else 0)
        if in_round and i % 2 == 0:
            managed += rng.randint(1, 3)
            cameras += rng.randint(3, 12)
            report_form = min(households, report_form + rng.randint(90, 200))
        values = {
            "reports_received": reports,
            "reports_resolved": resolved,
            "crimes": crimes,
            "crimes_solved": solved,
            "serious_crimes": serious,
            "serious_crimes_solved": serious,
            "released_persons": released,
            "released_reoffended": reoffended,
            "gangs": gangs,
            "black_credit_cases": black_credit,
            "new_hotspots": new_hotspots,
            "active_hotspots": active_hotspots,
            "households": households,
            "households_informed": informed,
            "mass_models": models,
            "political_system_ok": 1,
            "self_management_ok": 0 if (relapsing and after_exit) else 1,
            "managed_persons": managed,
            "cameras": cameras,
            "report_form_households": report_form,
        }
        rows.extend((r.area_code, month, k, float(v)) for k, v in values.items())
    return rows


def _hotspots(rng: random.Random, coords: dict[str, tuple[float, float]]) -> pd.DataFrame:
    rows = []
    n = 0
    for code in ("03478", "03508", "03529", "03544", "03538", "03503", "03408"):
        lat, lon = coords[code]
        count = 7 if code in ("03544", "03503") else 4
        for j in range(count):
            n += 1
            kind = HOTSPOT_TYPES[(n + j) % len(HOTSPOT_TYPES)]
            found = month_add(FIRST_MONTH, rng.randint(0, 14))
            eliminated = None
            if code not in ("03544",) and j < count - 1:
                eliminated = month_add(found, rng.randint(2, 8))
                if eliminated > LAST_MONTH:
                    eliminated = None
            rows.append(
                {
                    "id": f"DN-{n:03d}",
                    "area_code": code,
                    "type": kind,
                    "name": f"Điểm {kind} số {j + 1}",
                    "lat": round(lat + rng.uniform(-0.03, 0.03), 5),
                    "lon": round(lon + rng.uniform(-0.03, 0.03), 5),
                    "found_on": date(found.year, found.month, rng.randint(1, 28)),
                    "eliminated_on": None
                    if eliminated is None
                    else date(eliminated.year, eliminated.month, rng.randint(1, 28)),
                }
            )
    return pd.DataFrame(rows)


def build_demo(db: Database) -> dict[str, int]:
    """Fill an empty database with the demo data. Returns the counts written."""
    if db.query_value("SELECT count(*) FROM areas") == 0:
        init_database(db, create_admin=False)
    if db.query_value("SELECT count(*) FROM rounds") or db.query_value("SELECT count(*) FROM indicator_values"):
        raise ValueError("Cơ sở dữ liệu đã có số liệu; dữ liệu mẫu chỉ dựng trên cơ sở dữ liệu trống.")
    rng = random.Random(SEED)
    coords = {
        code: (lat, lon)
        for code, lat, lon in db.query_rows(
            "SELECT code, lat, lon FROM areas WHERE province_code = ? AND level = 'commune'", [PROVINCE]
        )
    }
    villages = pd.DataFrame(
        [
            {
                "code": code,
                "name": name,
                "parent_code": parent,
                "lat": round(coords[parent][0] + rng.uniform(-0.02, 0.02), 5),
                "lon": round(coords[parent][1] + rng.uniform(-0.02, 0.02), 5),
                "households": households,
                "population": households * 5 + rng.randint(0, 200),
            }
            for code, name, parent, households in VILLAGES
        ]
    )
    villages["name_key"] = villages["name"].map(village_name_key)
    values = pd.DataFrame(
        [row for r in ROUNDS if r.start <= LAST_MONTH for row in _monthly_rows(rng, r)],
        columns=["area_code", "month", "indicator", "value"],
    )
    hotspots = _hotspots(rng, coords)
    digest = hashlib.sha256(f"demo-{SEED}".encode()).hexdigest()
    with db.transaction() as cur:
        upload_id = cur.execute(
            "INSERT INTO uploads (kind, file_name, sha256, uploaded_by, rows_total, rows_added) "
            "VALUES ('demo', 'dữ liệu mẫu', ?, 'demo', ?, ?) RETURNING id",
            [digest, len(values), len(values)],
        ).fetchone()[0]  # type: ignore[index]
        cur.register("villages_df", villages)
        cur.execute(
            "INSERT INTO areas (code, name, level, unit_type, parent_code, province_code, lat, lon, households, "
            "population, official, name_key) SELECT code, name, 'village', 'Bản', parent_code, ?, lat, lon, "
            "households, population, FALSE, name_key FROM villages_df",
            [PROVINCE],
        )
        for code, households in HOUSEHOLDS.items():
            cur.execute("UPDATE areas SET households = ? WHERE code = ?", [households, code])
        for r in ROUNDS:
            cur.execute(
                "INSERT INTO rounds (area_code, programme, start_month, planned_months, decision_no, decision_date, "
                "exit_decision_no, exit_decision_date, status, relapsed_month, upload_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    r.area_code,
                    r.programme,
                    r.start,
                    r.months,
                    r.decision_no,
                    r.decision_date,
                    r.exit_no,
                    r.exit_date,
                    r.status,
                    r.relapsed_month,
                    upload_id,
                ],
            )
        cur.register("values_df", values)
        cur.execute(
            "INSERT INTO indicator_values SELECT area_code, month, indicator, value, ? FROM values_df", [upload_id]
        )
        cur.register("hotspots_df", hotspots)
        cur.execute(
            "INSERT INTO hotspots SELECT id, area_code, type, name, lat, lon, found_on, eliminated_on, ? "
            "FROM hotspots_df",
            [upload_id],
        )
        for name in ("villages_df", "values_df", "hotspots_df"):
            cur.unregister(name)
        db.set_meta(cur, "demo", "1")
        db.set_meta(cur, "province", PROVINCE)
    accounts.create_demo_accounts(db, PROVINCE)
    return {"villages": len(villages), "rounds": len(ROUNDS), "values": len(values), "hotspots": len(hotspots)}
