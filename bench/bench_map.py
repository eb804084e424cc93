"""Hotspot map at national scale: 3,321 communes with a round each and 50,000 hotspots.

Prints the time of the map's queries and the JSON payload (`len(deck.to_json())`) the browser
receives, for the national view (hotspots aggregated) and for one province drawn point by point.
Run: make bench.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import maps
from core.bootstrap import init_database
from core.criteria import round_status
from core.db import Database

HOTSPOTS = 50_000
TYPES = ["ma túy", "cờ bạc", "mại dâm", "trộm cắp", "tín dụng đen", "khác"]


def build(db: Database) -> int:
    init_database(db)
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO rounds (area_code, start_month, planned_months) "
            "SELECT code, DATE '2025-01-01', 12 FROM areas WHERE level = 'commune'"
        )
        cur.execute(
            """
            INSERT INTO indicator_values
            SELECT a.code, CAST(DATE '2025-01-01' + to_months(m.i) AS DATE), 'crimes', hash(a.code, m.i) % 7, NULL
            FROM (SELECT code FROM areas WHERE level = 'commune') a CROSS JOIN range(18) m(i)
            """
        )
        # Synthetic, deterministic hotspots around the communes (hash-based pseudo-random values).
        cur.execute(
            """
            WITH c AS (SELECT code, lat, lon, row_number() OVER (ORDER BY code) - 1 AS k
                       FROM areas WHERE level = 'commune' AND lat IS NOT NULL),
                 n AS (SELECT count(*) AS n FROM c)
            INSERT INTO hotspots (id, area_code, type, name, lat, lon, found_on, eliminated_on)
            SELECT 'H' || i, c.code, list_extract($types::VARCHAR[], CAST(hash(i, 't') % 6 AS INTEGER) + 1),
                   'Điểm ' || i,
                   c.lat + ((hash(i, 'y') % 1000) / 1000.0 - 0.5) * 0.06,
                   c.lon + ((hash(i, 'x') % 1000) / 1000.0 - 0.5) * 0.06,
                   CAST(DATE '2024-01-01' + to_days(CAST(hash(i, 'f') % 900 AS INTEGER)) AS DATE),
                   CASE WHEN hash(i, 'e') % 3 = 0
                        THEN CAST(DATE '2026-01-01' + to_days(CAST(hash(i, 'd') % 500 AS INTEGER)) AS DATE) END
            FROM range($count) r(i), n JOIN c ON c.k = i % n.n
            """,
            {"types": TYPES, "count": HOTSPOTS},
        )
    return int(db.query_value("SELECT count(*) FROM hotspots"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "national.duckdb")
        t0 = time.perf_counter()
        count = build(db)
        print(f"build: {count:,} hotspots in {time.perf_counter() - t0:.1f} s")
        month = date(2026, 6, 1)
        status = round_status(db, month)
        for label, province, view in (
            ("national, heatmap", None, maps.VIEW_HEATMAP),
            ("national, hexagons", None, maps.VIEW_HEXAGON),
            ("national, points (aggregated above 5,000)", None, maps.VIEW_POINTS),
            ("one province, points", "12", maps.VIEW_POINTS),
        ):
            t0 = time.perf_counter()
            areas = maps.area_points(db, status, month, province=province)
            hotspots = maps.hotspot_points(db, month, province=province)
            t1 = time.perf_counter()
            deck = maps.deck_for_map(areas, hotspots, view_mode=view)
            payload = len(deck.to_json())
            t2 = time.perf_counter()
            print(
                f"{label}: {len(areas):,} areas, {len(hotspots):,} active hotspots; queries {t1 - t0:.3f} s, "
                f"deck + JSON {t2 - t1:.3f} s, payload {payload:,} bytes ({payload / 1e6:.2f} MB)"
            )
        db.close()


if __name__ == "__main__":
    main()
