"""Hotspot map at national scale (the generated database: 3,321 communes with a round each, 66,420
villages, 50,000 hotspots).

Prints the time of the map's queries and the JSON payload (`len(deck.to_json())`) the browser
receives, for the national view (hotspots aggregated) and for one province drawn point by point.
Target: payload <= 8 MB. Run: make bench.
"""

from __future__ import annotations

import time

from _common import national_db, table

from core.domain.criteria import latest_month, round_status
from core.geo import maps
from core.storage.db import Database

TARGET_MB = 8.0


def main() -> None:
    with Database(national_db(), read_only=True) as db:
        month = latest_month(db)
        status = round_status(db, month)
        province = str(db.query_value("SELECT province_code FROM areas WHERE code = ?", [str(status["area_code"][0])]))
        rows = []
        for label, where, view in (
            ("national, heatmap", None, maps.VIEW_HEATMAP),
            ("national, hexagons", None, maps.VIEW_HEXAGON),
            ("national, points (aggregated above 5,000)", None, maps.VIEW_POINTS),
            (f"one province ({province}), points", province, maps.VIEW_POINTS),
        ):
            t0 = time.perf_counter()
            areas = maps.area_points(db, status, month, province=where)
            hotspots = maps.hotspot_points(db, month, province=where)
            t1 = time.perf_counter()
            deck = maps.deck_for_map(areas, hotspots, view_mode=view)
            payload = len(deck.to_json())
            t2 = time.perf_counter()
            ok = "OK" if payload / 1e6 <= TARGET_MB else "MISSED"
            rows.append((label, len(areas), len(hotspots), t1 - t0, t2 - t1, payload, round(payload / 1e6, 2), ok))
    table(
        ["view", "areas", "hotspots", "queries s", "deck+JSON s", "payload bytes", "MB", "target"],
        rows,
        f"Map page payload, national (target <= {TARGET_MB} MB)",
    )


if __name__ == "__main__":
    main()
