"""Synthetic data at any size, up to the whole country: for benchmarks and load tests, never for a meeting.

`generate(db, communes=3321, months=60, villages_per_commune=20, hotspots=50_000, seed=138)` picks
`communes` of the real 3,321 communes (spread over the country by a hash of the seed), gives each
`villages_per_commune` villages and one transformation round, fills every monthly indicator of every
round's area for `months` months ending at the demo's last month (`core.seed.demo.LAST_MONTH`), and
scatters `hotspots` hotspots around them.

Everything is computed inside DuckDB from hash-based pseudo-random numbers keyed on the seed, so the
same seed gives the same database (and a national one builds in seconds): `_u(key, tag)` is a uniform
number in [0, 1) drawn from `hash(seed, key, tag)`.

The rounds tell the story a national list would (stored status plus the figures behind it):
- planned (~4%): starts after the last month;
- in progress, on track (~40%): meeting the criteria, planned duration not over yet;
- ready (~14%): every criterion met and the duration over (noise makes a few miss C02 or C04);
- lagging (~22%): one criterion failing (C02 detection, C04 crimes not falling, C06 a gang, C10
  households informed, C05 reoffending or C08 a new hotspot);
- exited (~17%): exit decision recorded, holding, except about one in eight whose figures break
  (a new hotspot) within the watch: a relapse the engine detects;
- relapsed (~3%): exit decision and a recorded relapse, with figures that worsened from that month.
About one commune in fifty also has a village with a round of its own (as in the demo).

Figures per month: crimes around a per-area level (1.5–7 a month for a commune, a third of that for a
village), halved during a round and lower still after exit; detection rates 85–98% (rounded up) in a round going well, 55–75% when
lagging, 60–80% before; reports and tips all resolved in a round; a few very serious crimes; released
prisoners 0–3 a month with rare reoffending; hotspots active at the start and falling by one every two months;
households from the villages; models, cameras and people under supervision growing during the round.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd

from core.importer.parsing import village_name_key
from core.storage.db import Database, quote_identifier

MAX_COMMUNES = 3321
NATIONAL = {"communes": MAX_COMMUNES, "months": 60, "villages_per_commune": 20, "hotspots": 50_000}
DEFAULT_SEED = 138
MONTHS_RANGE = (12, 240)
MAX_VILLAGES = 60
MAX_HOTSPOTS = 2_000_000

# Village names: a type word, then two syllables picked without repeats inside one commune.
_FIRST = [
    "Nà",
    "Pá",
    "Huổi",
    "Phìn",
    "Nậm",
    "Sà",
    "Hồng",
    "Tân",
    "Đông",
    "Tây",
    "Trung",
    "Bắc",
    "Nam",
    "Thượng",
    "Hạ",
    "Làng",
    "Khe",
    "Suối",
    "Đồng",
    "Bình",
]
_SECOND = [
    "Tấu",
    "Khoang",
    "Mo",
    "Chải",
    "Lương",
    "Hòa",
    "Phong",
    "An",
    "Lợi",
    "Thịnh",
    "Sơn",
    "Lâm",
    "Hà",
    "Tiến",
    "Xuân",
    "Thành",
    "Mới",
    "Cũ",
    "Vàng",
    "Lào",
]
HOTSPOT_TYPES = ("ma túy", "cờ bạc", "trộm cắp", "mại dâm", "tín dụng đen", "khác")
_HOTSPOT_WEIGHTS = (0.30, 0.20, 0.20, 0.10, 0.12, 0.08)

# Round states the generator draws (the engine computes what the app shows from the figures).
STATES = ("planned", "on_track", "ready", "lagging", "exited", "relapsed")
_STATE_CUTS = (0.04, 0.44, 0.58, 0.80, 0.97)
LAG_PROFILES = ("slow_detection", "rising", "gang", "informed", "reoffend", "new_hotspot")
_LAG_CUTS = (0.25, 0.45, 0.60, 0.75, 0.88)


@dataclass(frozen=True)
class GenerateResult:
    communes: int
    villages: int
    rounds: int
    values: int
    hotspots: int
    seconds: float


class GenerateRefused(ValueError):
    """The request cannot be generated (sizes out of range, or the database already has data)."""


def _u(key: str, tag: str) -> str:
    """SQL for a uniform number in [0, 1) keyed on the seed, an SQL expression `key` and a constant tag."""
    return f"((hash($seed, {key}, '{tag}') % 1000000) / 1000000.0)"


def _z(key: str, tag: str) -> str:
    """SQL for a standard normal number (Box-Muller over two uniforms)."""
    u1 = f"((hash($seed, {key}, '{tag}1') % 1000000 + 1) / 1000001.0)"
    return f"(sqrt(-2 * ln({u1})) * cos(2 * pi() * {_u(key, tag + '2')}))"


def _cuts(u: str, labels: tuple[str, ...], cuts: tuple[float, ...]) -> str:
    whens = " ".join(f"WHEN {u} < {cut} THEN '{label}'" for label, cut in zip(labels, cuts, strict=False))
    return f"CASE {whens} ELSE '{labels[-1]}' END"


_COMMUNES_SQL = """
CREATE TEMP TABLE g_communes AS
SELECT code, name, unit_type, province_code, lat, lon,
       row_number() OVER (ORDER BY hash($seed, code, 'pick'), code) AS k
FROM areas WHERE level = 'commune' AND official
ORDER BY hash($seed, code, 'pick'), code
LIMIT $communes
"""

_VILLAGES_SQL = f"""
CREATE TEMP TABLE g_villages AS
SELECT c.code || '-' || lpad(CAST(v.i + 1 AS VARCHAR), 2, '0') AS code,
       CASE WHEN c.unit_type = 'Phường' THEN 'Tổ dân phố'
            WHEN {_u("c.code", "vtype")} < 0.5 THEN 'Thôn' ELSE 'Bản' END AS unit_type,
       list_extract($first::VARCHAR[], CAST((hash($seed, c.code, 'v1') + v.i) % 20 AS INTEGER) + 1) || ' '
         || list_extract($second::VARCHAR[], CAST((hash($seed, c.code, 'v2') + v.i * 7) % 20 AS INTEGER) + 1)
         || CASE WHEN v.i >= 20 THEN ' ' || CAST(v.i // 20 + 1 AS VARCHAR) ELSE '' END AS bare_name,
       c.code AS parent_code, c.province_code,
       round(c.lat + ({_u("c.code, v.i", "vlat")} - 0.5) * 0.04, 5) AS lat,
       round(c.lon + ({_u("c.code, v.i", "vlon")} - 0.5) * 0.04, 5) AS lon,
       CAST(80 + floor({_u("c.code, v.i", "hh")} * 370) AS BIGINT) AS households
FROM g_communes c CROSS JOIN range($villages) v(i)
"""

# One entity per area with a round: every picked commune, and one village in fifty communes.
_ENTITIES_SQL = f"""
CREATE TEMP TABLE g_entities AS
WITH base AS (
    SELECT c.code, 'commune' AS level, c.k,
           coalesce((SELECT sum(households) FROM g_villages v WHERE v.parent_code = c.code),
                    CAST(1500 + floor({_u("c.code", "hh")} * 4500) AS BIGINT)) AS households,
           1.5 + {_u("c.code", "lam")} * 5.5 AS lam
    FROM g_communes c
    UNION ALL
    SELECT v.code, 'village', c.k, v.households, (1.5 + {_u("v.code", "lam")} * 5.5) / 3
    FROM g_villages v JOIN g_communes c ON c.code = v.parent_code
    WHERE v.code LIKE '%-01' AND {_u("c.code", "village_round")} < 0.02
),
drawn AS (
    SELECT *,
           {_cuts(_u("code", "state"), STATES, _STATE_CUTS)} AS state,
           {_cuts(_u("code", "lag"), LAG_PROFILES, _LAG_CUTS)} AS lag_profile,
           least(CASE WHEN {_u("code", "p")} < 0.15 THEN 3 WHEN {_u("code", "p")} < 0.30 THEN 6
                      WHEN {_u("code", "p")} < 0.45 THEN 9 ELSE 12 END, $pcap) AS p,
           CASE WHEN {_u("code", "prog")} < 0.15 THEN 'ANTT' ELSE 'TTATXH' END AS programme,
           1 + CAST(floor({_u("code", "gap")} * 2) AS INTEGER) AS gap,
           {_u("code", "since")} AS u_since, {_u("code", "back")} AS u_back, {_u("code", "rel")} AS u_rel,
           {_u("code", "break")} < 0.12 AS breaks,
           CASE WHEN {_u("code", "lag")} < 0.25 THEN 0.55 + {_u("code", "rate")} * 0.20
                ELSE 0.85 + {_u("code", "rate")} * 0.13 END AS detection,
           0.60 + {_u("code", "rate0")} * 0.20 AS detection_before,
           1 + CAST(floor({_u("code", "k0")} * 4) AS INTEGER) AS hotspots0,
           {_u("code", "growth")} AS growth
    FROM base
),
timed AS (
    SELECT *,
           greatest(1, least(18, $months - 2 * p - 4)) AS watch_span,
           CASE state
               WHEN 'planned' THEN -1 - CAST(floor(u_back * 2) AS INTEGER)
               WHEN 'on_track' THEN CAST(floor(u_back * (p - 1)) AS INTEGER)
               WHEN 'ready' THEN p - 1 + CAST(floor(u_back * 3) AS INTEGER)
               WHEN 'lagging' THEN CAST(floor(u_back * (p + 2)) AS INTEGER)
           END AS back0
    FROM drawn
),
placed AS (
    SELECT *,
           1 + CAST(floor(u_since * watch_span) AS INTEGER) AS since
    FROM timed
)
SELECT code, level, k, households, lam, state, lag_profile, p, programme, breaks, detection, detection_before,
       hotspots0, growth,
       CAST($last - to_months(CAST(coalesce(back0, p - 1 + gap + since) AS INTEGER)) AS DATE) AS start_month,
       CASE WHEN state IN ('exited', 'relapsed') THEN CAST($last - to_months(since) AS DATE) END AS exit_month,
       CASE WHEN state = 'relapsed'
            THEN CAST($last - to_months(since) + to_months(1 + CAST(floor(u_rel * since) AS INTEGER)) AS DATE)
       END AS relapse_month,
       -- the month (from the round's start) of a lagging round's gang or new hotspot: inside its window
       CAST(floor(u_rel * (greatest(coalesce(back0, 0), 0) + 1)) AS INTEGER) AS event_rel
FROM placed
"""

_ROUNDS_INSERT_SQL = """
INSERT INTO rounds (area_code, programme, start_month, planned_months, decision_no, decision_date,
                    exit_decision_no, exit_decision_date, status, relapsed_month, upload_id)
SELECT code, programme, start_month, p,
       CAST(1 + hash($seed, code, 'dno') % 400 AS VARCHAR) || CASE programme WHEN 'ANTT' THEN '/QĐ-BCA' ELSE '/QĐ-BCĐ' END,
       CAST(start_month - INTERVAL 1 MONTH + to_days(CAST(9 + hash($seed, code, 'dday') % 19 AS INTEGER)) AS DATE),
       CASE WHEN exit_month IS NOT NULL THEN CAST(1 + hash($seed, code, 'xno') % 400 AS VARCHAR)
            || CASE programme WHEN 'ANTT' THEN '/QĐ-BCA' ELSE '/QĐ-BCĐ' END END,
       CAST(exit_month + to_days(CAST(4 + hash($seed, code, 'xday') % 21 AS INTEGER)) AS DATE),
       CASE state WHEN 'exited' THEN 'exited' WHEN 'relapsed' THEN 'relapsed' ELSE 'in_progress' END,
       relapse_month, $upload
FROM g_entities ORDER BY k, level
"""

# The wide monthly table: one row per entity and month, one column per indicator.
_KEY = "e.code, m.i"
_MONTHLY_SQL = f"""
CREATE TEMP TABLE g_monthly AS
WITH em AS (
    SELECT e.*, m.i, CAST($first_month + to_months(CAST(m.i AS INTEGER)) AS DATE) AS month,
           {_u(_KEY, "a")} AS ua, {_u(_KEY, "b")} AS ub, {_u(_KEY, "c")} AS uc, {_u(_KEY, "d")} AS ud,
           {_u(_KEY, "e")} AS ue, {_u(_KEY, "f")} AS uf, {_u(_KEY, "g")} AS ug, {_u(_KEY, "h")} AS uh,
           {_z(_KEY, "z")} AS z1, {_z(_KEY, "y")} AS z2
    FROM g_entities e CROSS JOIN range($months) m(i)
),
phase AS (
    SELECT *,
           date_diff('month', start_month, month) AS rel,
           month >= start_month AS in_round,
           relapse_month IS NOT NULL AND month >= relapse_month AS relapsing,
           lag_profile AS lp, state = 'lagging' AS lagging
    FROM em
),
level AS (
    SELECT *,
           lam * CASE WHEN relapsing THEN 1.2 WHEN NOT in_round THEN 1.0
                      WHEN lagging AND lp = 'rising' THEN 1.05 WHEN month > exit_month THEN 0.35 ELSE 0.5 END AS lam_m
    FROM phase
),
crimes AS (
    SELECT *, CAST(greatest(0, round(lam_m + sqrt(lam_m) * z1)) AS INTEGER) AS n_crimes
    FROM level
),
figures AS (
    SELECT *,
        -- a round going well solves its share rounded up; otherwise the share is rounded at random
        CAST(CASE WHEN in_round AND NOT relapsing AND NOT (lagging AND lp = 'slow_detection')
                  THEN least(n_crimes, ceil(n_crimes * detection - 1e-9))
                  ELSE least(n_crimes, floor(n_crimes * CASE WHEN in_round THEN detection ELSE detection_before END
                                             + ua)) END AS INTEGER) AS n_solved,
        n_crimes + CAST(greatest(0, round(lam_m * 0.6 + sqrt(lam_m * 0.6) * z2)) AS INTEGER) AS n_reports,
        CASE WHEN ub < (CASE WHEN in_round THEN 0.02 ELSE 0.05 END) * (CASE level WHEN 'village' THEN 0.3 ELSE 1 END)
             THEN 1 ELSE 0 END AS n_serious,
        CAST(floor(uc * (CASE level WHEN 'village' THEN 2 ELSE 4 END)) AS INTEGER) AS n_released
    FROM crimes
)
SELECT code AS area_code, month,
    CAST(n_reports AS DOUBLE) AS reports_received,
    CAST(CASE WHEN in_round AND NOT relapsing THEN n_reports
              ELSE greatest(n_crimes, n_reports - CAST(floor(ud * 3) AS INTEGER)) END AS DOUBLE) AS reports_resolved,
    CAST(n_crimes AS DOUBLE) AS crimes,
    CAST(n_solved AS DOUBLE) AS crimes_solved,
    CAST(n_serious AS DOUBLE) AS serious_crimes,
    CAST(CASE WHEN in_round OR ue < 0.8 THEN n_serious ELSE 0 END AS DOUBLE) AS serious_crimes_solved,
    CAST(n_released AS DOUBLE) AS released_persons,
    CAST(CASE WHEN n_released = 0 THEN 0
              WHEN in_round AND lagging AND lp = 'reoffend' THEN CASE WHEN uf < 0.45 THEN 1 ELSE 0 END
              WHEN in_round AND NOT relapsing THEN CASE WHEN uf < 0.01 THEN 1 ELSE 0 END
              ELSE CASE WHEN uf < 0.08 THEN 1 ELSE 0 END END AS DOUBLE) AS released_reoffended,
    CAST(CASE WHEN relapsing THEN 1
              WHEN in_round AND lagging AND lp = 'gang' AND rel IN (event_rel, event_rel + 1) THEN 1
              WHEN NOT in_round AND ug < 0.03 THEN 1 ELSE 0 END AS DOUBLE) AS gangs,
    CAST(CASE WHEN relapsing THEN CASE WHEN ug < 0.3 THEN 1 ELSE 0 END
              WHEN NOT in_round AND uh < 0.15 THEN 1 ELSE 0 END AS DOUBLE) AS black_credit_cases,
    CAST(CASE WHEN month = relapse_month THEN 1
              WHEN breaks AND state = 'exited' AND month = CAST(exit_month + INTERVAL 1 MONTH AS DATE) THEN 1
              WHEN in_round AND lagging AND lp = 'new_hotspot' AND rel = event_rel THEN 1
              WHEN NOT in_round AND uh > 0.92 THEN 1 ELSE 0 END AS DOUBLE) AS new_hotspots,
    CAST(CASE WHEN relapsing THEN hotspots0
              WHEN in_round THEN greatest(0, hotspots0 - (rel + 1) // 2)
              ELSE hotspots0 END AS DOUBLE) AS active_hotspots,
    CAST(households AS DOUBLE) AS households,
    CAST(CASE WHEN NOT in_round THEN round(households * (0.55 + ud * 0.3))
              WHEN lagging AND lp = 'informed' THEN round(households * (0.85 + growth * 0.1))
              ELSE households END AS DOUBLE) AS households_informed,
    CAST(CASE WHEN in_round THEN 1 + CAST(floor(growth * 3) AS INTEGER)
              ELSE CAST(floor(ue * 2) AS INTEGER) END AS DOUBLE) AS mass_models,
    1.0 AS political_system_ok,
    CAST(CASE WHEN relapsing THEN 0 ELSE 1 END AS DOUBLE) AS self_management_ok,
    CAST(10 + floor(lam * 8) + greatest(rel, 0) * (1 + floor(growth * 2)) AS DOUBLE) AS managed_persons,
    CAST(5 + floor(growth * 30) + greatest(rel, 0) * (2 + floor(growth * 6)) AS DOUBLE) AS cameras,
    CAST(CASE WHEN in_round THEN least(households, (rel + 1) * round(households * 0.08)) ELSE 0 END AS DOUBLE)
        AS report_form_households
FROM figures
"""

_VALUES_INSERT_SQL = """
INSERT INTO indicator_values (area_code, month, indicator, value, upload_id)
SELECT area_code, month, indicator, value, $upload
FROM (UNPIVOT g_monthly ON COLUMNS(* EXCLUDE (area_code, month)) INTO NAME indicator VALUE value)
ORDER BY area_code, month, indicator
"""

# The type drawn for a hotspot: cumulative weights as the branches of a CASE (constants only).
_HOTSPOT_TYPE_CASES = " ".join(
    f"WHEN ut < {sum(_HOTSPOT_WEIGHTS[: j + 1]):.2f} THEN {j + 1}" for j in range(len(HOTSPOT_TYPES) - 1)
)

_HOTSPOTS_SQL = f"""
INSERT INTO hotspots (id, area_code, type, name, lat, lon, found_on, eliminated_on, upload_id)
WITH drawn AS (
    SELECT r.i, CAST(1 + hash($seed, r.i, 'hc') % (SELECT count(*) FROM g_communes) AS BIGINT) AS k
    FROM range($hotspots) r(i)
),
picked AS (
    SELECT d.i, c.code, c.lat, c.lon, {_u("d.i", "ht")} AS ut, {_u("d.i", "hf")} AS uf, {_u("d.i", "he")} AS ue,
           {_u("d.i", "hd")} AS ud
    FROM drawn d JOIN g_communes c ON c.k = d.k
),
typed AS (
    SELECT *,
           list_extract($types::VARCHAR[],
               CASE {_HOTSPOT_TYPE_CASES}
                    ELSE {len(HOTSPOT_TYPES)} END) AS type,
           CAST($first_month + to_days(CAST(floor(uf * $days) AS INTEGER)) AS DATE) AS found_on
    FROM picked
)
SELECT 'DN-' || lpad(CAST(i + 1 AS VARCHAR), 7, '0'), code, type,
       'Điểm ' || type || ' số ' || CAST(i + 1 AS VARCHAR),
       round(lat + ({_u("i", "hy")} - 0.5) * 0.06, 5), round(lon + ({_u("i", "hx")} - 0.5) * 0.06, 5),
       found_on,
       CASE WHEN ue < 0.55 AND found_on + to_days(CAST(30 + floor(ud * 330) AS INTEGER)) < $end
            THEN CAST(found_on + to_days(CAST(30 + floor(ud * 330) AS INTEGER)) AS DATE) END,
       $upload
FROM typed
ORDER BY i
"""


def check_sizes(communes: int, months: int, villages_per_commune: int, hotspots: int) -> None:
    if not 1 <= communes <= MAX_COMMUNES:
        raise GenerateRefused(f"số xã phải từ 1 đến {MAX_COMMUNES} (nhận {communes})")
    if not MONTHS_RANGE[0] <= months <= MONTHS_RANGE[1]:
        raise GenerateRefused(f"số tháng phải từ {MONTHS_RANGE[0]} đến {MONTHS_RANGE[1]} (nhận {months})")
    if not 0 <= villages_per_commune <= MAX_VILLAGES:
        raise GenerateRefused(f"số thôn, bản mỗi xã phải từ 0 đến {MAX_VILLAGES} (nhận {villages_per_commune})")
    if not 0 <= hotspots <= MAX_HOTSPOTS:
        raise GenerateRefused(f"số điểm, tụ điểm phải từ 0 đến {MAX_HOTSPOTS:,} (nhận {hotspots})")


def generate(
    db: Database,
    communes: int = MAX_COMMUNES,
    months: int = 60,
    villages_per_commune: int = 20,
    hotspots: int = 50_000,
    seed: int = DEFAULT_SEED,
) -> GenerateResult:
    """Fill an empty database (units loaded if missing) with synthetic data, in one transaction."""
    from core.seed.bootstrap import init_database  # the units package: slow to import, needed here only
    from core.seed.demo import LAST_MONTH, month_add

    check_sizes(communes, months, villages_per_commune, hotspots)
    started = time.perf_counter()
    if db.query_value("SELECT count(*) FROM areas") == 0:
        init_database(db)
    if db.query_value("SELECT count(*) FROM rounds") or db.query_value("SELECT count(*) FROM indicator_values"):
        raise GenerateRefused("cơ sở dữ liệu đã có số liệu; chỉ sinh dữ liệu trên cơ sở dữ liệu trống")
    first_month = month_add(LAST_MONTH, -(months - 1))
    end = month_add(LAST_MONTH, 1)
    base = {"seed": seed}
    with db.transaction() as cur:
        upload_id = int(
            cur.execute(  # type: ignore[index]
                "INSERT INTO uploads (kind, file_name, uploaded_by) VALUES ('generated', ?, 'generate') RETURNING id",
                [f"dữ liệu tổng hợp (seed {seed})"],
            ).fetchone()[0]
        )
        cur.execute(_COMMUNES_SQL, {**base, "communes": communes})
        cur.execute(_VILLAGES_SQL, {**base, "villages": villages_per_commune, "first": _FIRST, "second": _SECOND})
        names = cur.execute("SELECT DISTINCT unit_type, bare_name FROM g_villages").fetchall()
        keys = pd.DataFrame(
            [(t, n, f"{t} {n}", village_name_key(f"{t} {n}")) for t, n in names],
            columns=["unit_type", "bare_name", "name", "name_key"],
        )
        cur.register("g_name_keys", keys)
        cur.execute(
            "INSERT INTO areas (code, name, level, unit_type, parent_code, province_code, lat, lon, households, "
            "population, official, name_key, area_km2) "
            "SELECT v.code, k.name, 'village', v.unit_type, v.parent_code, v.province_code, v.lat, v.lon, "
            f"v.households, CAST(round(v.households * (3.6 + {_u('v.code', 'pop')} * 0.8)) AS BIGINT), FALSE, "
            "k.name_key, NULL FROM g_villages v JOIN g_name_keys k USING (unit_type, bare_name) ORDER BY v.code",
            base,
        )
        cur.unregister("g_name_keys")
        cur.execute(_ENTITIES_SQL, {**base, "months": months, "pcap": min(12, months // 4), "last": LAST_MONTH})
        cur.execute(
            "UPDATE areas SET households = e.households, "
            f"population = CAST(round(e.households * (3.6 + {_u('e.code', 'pop')} * 0.8)) AS BIGINT) "
            "FROM g_entities e WHERE areas.code = e.code AND e.level = 'commune'",
            base,
        )
        cur.execute(_ROUNDS_INSERT_SQL, {**base, "upload": upload_id})
        cur.execute(_MONTHLY_SQL, {**base, "months": months, "first_month": first_month})
        cur.execute(_VALUES_INSERT_SQL, {"upload": upload_id})
        cur.execute(
            _HOTSPOTS_SQL,
            {
                **base,
                "hotspots": hotspots,
                "types": list(HOTSPOT_TYPES),
                "first_month": first_month,
                "days": (end - first_month).days,
                "end": end,
                "upload": upload_id,
            },
        )
        counts = cur.execute(
            "SELECT (SELECT count(*) FROM g_communes), (SELECT count(*) FROM g_villages), "
            "(SELECT count(*) FROM g_entities), (SELECT count(*) FROM indicator_values), "
            "(SELECT count(*) FROM hotspots)"
        ).fetchone()
        assert counts is not None
        cur.execute("UPDATE uploads SET rows_total = ?, rows_added = ? WHERE id = ?", [counts[3], counts[3], upload_id])
        for table in ("g_monthly", "g_entities", "g_villages", "g_communes"):
            cur.execute(f"DROP TABLE {quote_identifier(table)}")
        db.set_meta(cur, "synthetic", str(seed))
    communes_n, villages_n, rounds_n, values_n, hotspots_n = (int(c) for c in counts)
    return GenerateResult(communes_n, villages_n, rounds_n, values_n, hotspots_n, time.perf_counter() - started)
