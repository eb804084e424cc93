"""Bản đồ điểm nóng: where the areas under transformation and the hotspots are, drawn with pydeck.

Queries return DataFrames (parameters bound); builders turn them into `pydeck.Deck` objects that need
no basemap and make no network request (map_provider=None, map_style=None): the view is fitted to
the data, communes are labelled on the map, and an optional tile URL (table meta `basemap_tile_url`,
a template with {z}/{x}/{y}) adds a raster basemap when the meeting room has one.

Definitions (shared/domain.md, issue 4):
- An area's status is that of the round the area page shows (the latest started by the month, else
  the first planned); areas without a round are drawn small and grey.
- Crimes: the `crimes` indicator summed over the round's window (its start month to the month).
- A hotspot is active at a month when found by the end of that month (or with no date found) and
  not eliminated by then; eliminated when eliminated by then. Hotspots found later are not drawn.
- Hotspots of a village count for its commune too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import pydeck as pdk

from core.access.scope import ALL, Scope
from core.base.i18n import t
from core.base.text import key as text_key
from core.storage.db import Database
from core.views.charts import STATUS_COLOURS

# -- palette --------------------------------------------------------------------------------------


_PROVINCE_SCOPE = Scope().province_condition("code")


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


STATUSES = ("in_progress", "ready", "exited", "relapsed", "planned")
STATUS_COLOURS_HEX: dict[str, str] = dict(STATUS_COLOURS)
STATUS_RGB: dict[str, tuple[int, int, int]] = {s: rgb(c) for s, c in STATUS_COLOURS.items()}
NO_ROUND = ""
NO_ROUND_HEX = "#bdbdbd"
NO_ROUND_RGB = rgb(NO_ROUND_HEX)

# Hotspot types, as URL-safe keys, with the words that name them (matched without diacritics).
HOTSPOT_TYPES = ("ma_tuy", "co_bac", "mai_dam", "trom_cap", "tin_dung_den", "khac")
_TYPE_WORDS = {
    "ma_tuy": ("matuy", "matuymatuy", "drug", "drugs", "narcotics"),
    "co_bac": ("cobac", "danhbac", "gambling"),
    "mai_dam": ("maidam", "prostitution"),
    "trom_cap": ("tromcap", "theft"),
    "tin_dung_den": ("tindungden", "blackcredit", "illegallending"),
}
# Okabe-Ito hues (apart from the status colours and from each other for colour-blind readers).
HOTSPOT_TYPE_COLOURS = {
    "ma_tuy": "#e69f00",
    "co_bac": "#56b4e9",
    "mai_dam": "#cc79a7",
    "trom_cap": "#8d6e63",
    "tin_dung_den": "#000000",
    "khac": "#b8a000",
}
HOTSPOT_TYPE_RGB = {k: rgb(c) for k, c in HOTSPOT_TYPE_COLOURS.items()}
INK_RGB = (17, 17, 17)

# What sizes a commune's circle, and how hotspots are drawn.
SIZE_CRIMES = "crimes"
SIZE_HOTSPOTS = "hotspots"
SIZES = (SIZE_CRIMES, SIZE_HOTSPOTS)
VIEW_POINTS = "points"
VIEW_HEATMAP = "heatmap"
VIEW_HEXAGON = "hexagon"
VIEWS = (VIEW_POINTS, VIEW_HEATMAP, VIEW_HEXAGON)
HOTSPOT_POINT_LIMIT = 5000  # above this many, hotspots are aggregated (heatmap or hexagons)
LABEL_LIMIT = 150  # at most this many names on the map
# Yellow to dark red: few to many hotspots in a hexagon.
HEXAGON_COLOURS = [[255, 237, 160], [254, 217, 118], [254, 178, 76], [253, 141, 60], [240, 59, 32], [189, 0, 38]]
BASEMAP_META_KEY = "basemap_tile_url"
MAX_TILES = 64


def hotspot_type_key(text: object) -> str:
    """The type key of a hotspot's free-text type: 'Ma tuý', 'ma túy', 'MA TUY' -> 'ma_tuy'."""
    bare = text_key(str(text or ""))
    for kind, words in _TYPE_WORDS.items():
        if any(bare.startswith(w) for w in words):
            return kind
    return "khac"


def month_add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def basemap_tile_url(db: Database) -> str:
    """The optional basemap tile URL template (table meta `basemap_tile_url`; empty: no basemap)."""
    return (db.get_meta(BASEMAP_META_KEY, "") or "").strip()


_SCOPE = Scope().condition("a")

# -- queries --------------------------------------------------------------------------------------


def shown_rounds(status: pd.DataFrame, month: date) -> pd.DataFrame:
    """Per area, the round the area page shows (rows of `criteria.round_status`): the latest started
    by `month`, else the first planned. Columns area_code, status, start_month."""
    if status.empty:
        return pd.DataFrame({"area_code": [], "status": [], "start_month": []})
    rows = status[["area_code", "status", "start_month"]].copy()
    rows["start_month"] = pd.to_datetime(rows["start_month"])
    started = rows[rows["start_month"] <= pd.Timestamp(month)].sort_values("start_month")
    latest = started.groupby("area_code", sort=False).tail(1)
    rest = rows[~rows["area_code"].isin(latest["area_code"])].sort_values("start_month")
    first = rest.groupby("area_code", sort=False).head(1)
    return pd.concat([latest, first], ignore_index=True)


_AREA_POINTS_SQL = """
WITH r AS (
    SELECT unnest($codes::VARCHAR[]) AS code, unnest($statuses::VARCHAR[]) AS status,
           unnest($starts::DATE[]) AS start_month
),
pts AS (
    SELECT a.code, a.name, a.level, a.parent_code, a.lat, a.lon
    FROM areas a
    WHERE a.lat IS NOT NULL AND a.lon IS NOT NULL AND {scope} AND (
        ($commune IS NULL AND a.level = 'commune' AND ($province IS NULL OR a.province_code = $province))
        OR ($commune IS NOT NULL AND (a.code = $commune OR (a.parent_code = $commune AND a.level = 'village')))
    )
),
crimes AS (
    SELECT r.code, sum(v.value) AS crimes
    FROM r JOIN indicator_values v
      ON v.area_code = r.code AND v.indicator = 'crimes' AND v.month >= r.start_month AND v.month <= $month
    GROUP BY r.code
),
active AS (
    SELECT h.area_code, a.level, a.parent_code FROM hotspots h LEFT JOIN areas a ON a.code = h.area_code
    WHERE (h.found_on IS NULL OR h.found_on < $next) AND (h.eliminated_on IS NULL OR h.eliminated_on >= $next)
),
hs AS (
    SELECT code, count(*) AS hotspots FROM (
        SELECT area_code AS code FROM active
        UNION ALL SELECT parent_code FROM active WHERE level = 'village'
    ) GROUP BY code
)
SELECT pts.code, pts.name, pts.level, round(pts.lat, 5) AS lat, round(pts.lon, 5) AS lon,
       coalesce(r.status, '') AS status, coalesce(crimes.crimes, 0) AS crimes,
       coalesce(hs.hotspots, 0) AS hotspots
FROM pts
LEFT JOIN r ON r.code = pts.code
LEFT JOIN crimes ON crimes.code = pts.code
LEFT JOIN hs ON hs.code = pts.code
ORDER BY pts.level, pts.code
""".replace("{scope}", Scope().condition("a"))


def area_points(
    db: Database,
    status: pd.DataFrame,
    month: date,
    province: str | None = None,
    commune: str | None = None,
    scope: Scope = ALL,
) -> pd.DataFrame:
    """The areas to draw, with coordinates: every commune (of `province` when given), or `commune`
    and its villages. Columns code, name, level, lat, lon (5 decimals), status ("" without a round),
    crimes (in the round's window up to `month`; 0 without figures), hotspots (active at `month`)."""
    rounds = shown_rounds(status, month)
    out = db.query_df(
        _AREA_POINTS_SQL,
        {
            "codes": [str(c) for c in rounds["area_code"]],
            "statuses": [str(s) for s in rounds["status"]],
            "starts": [ts.date() for ts in rounds["start_month"]],
            "province": province,
            "commune": commune,
            "month": date(month.year, month.month, 1),
            "next": month_add(month, 1),
            **scope.params(),
        },
    )
    out["crimes"] = out["crimes"].astype(float)
    out["hotspots"] = out["hotspots"].astype(int)
    return out


_HOTSPOT_POINTS_SQL = """
SELECT h.id, h.area_code, coalesce(a.name, h.area_code) AS area_name, h.type, h.name,
       round(h.lat, 5) AS lat, round(h.lon, 5) AS lon, h.found_on, h.eliminated_on,
       (h.eliminated_on IS NULL OR h.eliminated_on >= $next) AS active
FROM hotspots h LEFT JOIN areas a ON a.code = h.area_code
WHERE h.lat IS NOT NULL AND h.lon IS NOT NULL
  AND (h.found_on IS NULL OR h.found_on < $next)
  AND ($eliminated OR h.eliminated_on IS NULL OR h.eliminated_on >= $next)
  AND ($province IS NULL OR a.province_code = $province)
  AND ($commune IS NULL OR h.area_code = $commune OR (a.parent_code = $commune AND a.level = 'village'))
  AND {scope}
ORDER BY h.id
""".replace("{scope}", Scope().condition("a"))


def hotspot_points(
    db: Database,
    month: date,
    province: str | None = None,
    commune: str | None = None,
    kinds: tuple[str, ...] = (),
    include_eliminated: bool = False,
    scope: Scope = ALL,
) -> pd.DataFrame:
    """Hotspots found by the end of `month` with coordinates (of `province`, or of `commune` and its
    villages), active ones only unless `include_eliminated`; of the type keys `kinds` when given.
    Columns id, area_code, area_name, type, kind (type key), name, lat, lon, found_on, eliminated_on,
    active."""
    out = db.query_df(
        _HOTSPOT_POINTS_SQL,
        {
            "next": month_add(month, 1),
            "eliminated": include_eliminated,
            "province": province,
            "commune": commune,
            **scope.params(),
        },
    )
    kinds_of = {value: hotspot_type_key(value) for value in out["type"].unique()}
    out.insert(4, "kind", out["type"].map(kinds_of).astype(object))
    if kinds:
        out = out[out["kind"].isin(kinds)].reset_index(drop=True)
    out["active"] = out["active"].astype(bool)
    return out


def province_of_interest(db: Database, status: pd.DataFrame) -> str | None:
    """The province a map opens on: the deployment's (meta `province`), else the one with most
    rounds; None (the whole country) without either."""
    configured = db.get_meta("province")
    if configured:
        return configured
    if status.empty or "province_code" not in status.columns:
        return None
    counts = status["province_code"].dropna().value_counts()
    return None if counts.empty else str(counts.index[0])


def provinces(db: Database, scope: Scope = ALL) -> pd.DataFrame:
    """Provinces: code, name (only the user's own, for a scoped user)."""
    return db.query_df(
        f"SELECT code, name FROM areas WHERE level = 'province' AND {_PROVINCE_SCOPE} ORDER BY code",
        scope.params(),
    )


@dataclass(frozen=True)
class AreaMapData:
    """A commune, its villages and its hotspots (active and eliminated) at a month."""

    commune: str
    areas: pd.DataFrame
    hotspots: pd.DataFrame


def area_map_data(db: Database, status: pd.DataFrame, month: date, code: str, scope: Scope = ALL) -> AreaMapData | None:
    """What the small map on an area's page draws: the commune (the village's commune for a village),
    its villages and their hotspots. None when the area is unknown or outside `scope`."""
    row = db.query_rows(
        f"SELECT level, parent_code FROM areas a WHERE code = $code AND {_SCOPE}", {"code": code, **scope.params()}
    )
    if not row:
        return None
    level, parent = row[0]
    commune = str(parent) if level == "village" and parent else code
    return AreaMapData(
        commune=commune,
        areas=area_points(db, status, month, commune=commune, scope=scope),
        hotspots=hotspot_points(db, month, commune=commune, include_eliminated=True, scope=scope),
    )


# -- the view -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    latitude: float
    longitude: float
    zoom: float


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(
    lats: list[float] | pd.Series,
    lons: list[float] | pd.Series,
    width: int = 1100,
    height: int = 600,
    padding: float = 0.15,
    max_zoom: float = 13.0,
) -> View:
    """Centre and zoom that show every point (Web Mercator, 512-pixel world at zoom 0 as deck.gl
    counts it) with `padding` (a share of the map) on each side. Vietnam when there is no point."""
    pairs = [(float(a), float(o)) for a, o in zip(lats, lons, strict=True) if not (pd.isna(a) or pd.isna(o))]
    if not pairs:
        return View(16.0, 106.0, 4.6)
    south, north = min(a for a, _ in pairs), max(a for a, _ in pairs)
    west, east = min(o for _, o in pairs), max(o for _, o in pairs)
    y_mid = (_mercator_y(south) + _mercator_y(north)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(y_mid)) - math.pi / 2)
    x_share = (east - west) / 360.0
    y_share = (_mercator_y(north) - _mercator_y(south)) / (2 * math.pi)
    usable = 1 - 2 * padding
    zooms = [max_zoom]
    if x_share > 0:
        zooms.append(math.log2(width * usable / (512 * x_share)))
    if y_share > 0:
        zooms.append(math.log2(height * usable / (512 * y_share)))
    zoom = max(min(zooms), 1.0)
    return View(round(centre_lat, 5), round((west + east) / 2, 5), round(zoom, 2))


# -- building the deck ----------------------------------------------------------------------------


def _fmt(value: float, lang: str) -> str:
    text = f"{value:,.0f}"
    return text.replace(",", ".") if lang == "vi" else text


def _area_records(areas: pd.DataFrame, size_by: str, lang: str, scaled: bool) -> list[dict[str, Any]]:
    """Rows for the area layers: code, name, status, position, radius in pixels (r), the label's
    offset above the circle (dy), tooltip (tip)."""
    if areas.empty:
        return []
    figure = areas["hotspots" if size_by == SIZE_HOTSPOTS else "crimes"].astype(float)
    top = float(figure.max()) if scaled else 0.0
    size_label = t("map.size.crimes" if size_by == SIZE_CRIMES else "map.size.hotspots", lang)
    records = []
    rows: list[dict[str, Any]] = areas.to_dict("records")  # type: ignore[assignment]
    for row, value in zip(rows, figure.tolist(), strict=True):
        has_round = row["status"] != NO_ROUND
        radius = round(9 + 21 * math.sqrt(value / top), 1) if has_round and top > 0 else 9.0 if has_round else 4.0
        status_text = t(f"status.{row['status']}", lang) if has_round else t("map.no_round", lang)
        tip = t(
            "map.tip.area",
            lang,
            name=row["name"],
            code=row["code"],
            status=status_text,
            what=size_label,
            n=_fmt(value, lang),
            hotspots=_fmt(row["hotspots"], lang),
        )
        records.append(
            {
                "code": str(row["code"]),
                "name": str(row["name"]),
                "status": str(row["status"]),
                "lon": float(row["lon"]),
                "lat": float(row["lat"]),
                "r": radius,
                "dy": -round(radius + 3, 1),
                "tip": tip,
            }
        )
    return records


def _hotspot_records(hotspots: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    records = []
    rows: list[dict[str, Any]] = hotspots.to_dict("records")  # type: ignore[assignment]
    for row in rows:
        found = "—" if pd.isna(row["found_on"]) else pd.Timestamp(row["found_on"]).strftime("%d/%m/%Y")
        if row["active"]:
            state = t("map.tip.active", lang, found=found)
        else:
            state = t("map.tip.eliminated", lang, date=pd.Timestamp(row["eliminated_on"]).strftime("%d/%m/%Y"))
        name = "" if row["name"] is None or pd.isna(row["name"]) else str(row["name"])
        tip = t("map.tip.hotspot", lang, type=row["type"], name=name or "—", where=row["area_name"], state=state)
        records.append({"lon": float(row["lon"]), "lat": float(row["lat"]), "tip": tip})
    return records


def hotspot_grid(hotspots: pd.DataFrame, cell_degrees: float) -> list[dict[str, Any]]:
    """Active hotspots binned to a grid of `cell_degrees`: one row per cell with its centre and count
    (what the heatmap and hexagons draw, so 50,000 hotspots travel as a few thousand cells)."""
    active = hotspots[hotspots["active"]] if "active" in hotspots.columns else hotspots
    if active.empty:
        return []
    cell = max(cell_degrees, 1e-4)
    bins = pd.DataFrame(
        {"x": (active["lon"].astype(float) / cell).round(), "y": (active["lat"].astype(float) / cell).round()}
    )
    counted = bins.groupby(["x", "y"]).size().reset_index(name="n")
    return [
        {"p": [round(float(x) * cell, 5), round(float(y) * cell, 5)], "n": int(n)}
        for x, y, n in counted.itertuples(index=False)
    ]


def _tile_layers(url: str, view: View, width: int, height: int) -> list[pdk.Layer]:
    """A raster basemap from a tile URL template ({z}/{x}/{y}): one BitmapLayer per tile covering the
    fitted view (deck.gl's TileLayer needs a JavaScript callback to draw images, which JSON cannot
    carry)."""
    if not url:
        return []
    z = max(0, min(18, math.floor(view.zoom) + 1))
    n = 2**z
    world = 512 * 2**view.zoom
    cx = (view.longitude + 180) / 360 * world
    cy = (1 - _mercator_y(view.latitude) / math.pi) / 2 * world

    def tile_x(px: float) -> int:
        return int(max(0, min(n - 1, math.floor(px / world * n))))

    x0, x1 = tile_x(cx - width), tile_x(cx + width)
    y0, y1 = tile_x(cy - height), tile_x(cy + height)
    if (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_TILES:
        return []

    def lon_of(x: int) -> float:
        return float(x / n * 360 - 180)

    def lat_of(y: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))

    layers = []
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            image = url.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))
            layers.append(
                pdk.Layer(
                    "BitmapLayer",
                    id=f"tile-{z}-{x}-{y}",
                    image=image,
                    bounds=[lon_of(x), lat_of(y + 1), lon_of(x + 1), lat_of(y)],
                    desaturate=0.4,
                )
            )
    return layers


def _labels_layer(records: list[dict[str, Any]], layer_id: str, size: int) -> pdk.Layer:
    return pdk.Layer(
        "TextLayer",
        id=layer_id,
        data=[{"name": r["name"], "lon": r["lon"], "lat": r["lat"], "dy": r["dy"]} for r in records],
        get_position="[lon, lat]",
        get_text="name",
        get_size=size,
        get_color=[*INK_RGB, 255],
        get_text_anchor="'middle'",
        get_alignment_baseline="'bottom'",
        get_pixel_offset="[0, dy]",
        character_set=pdk.types.String("auto"),
        font_family=pdk.types.String("'Source Sans Pro', 'Source Sans', 'DejaVu Sans', Arial, sans-serif"),
        font_weight=700,
        font_settings={"sdf": True},
        outline_width=4,
        outline_color=[255, 255, 255, 255],
        pickable=False,
    )


def _scatter(layer_id: str, data: list[dict[str, Any]], **props: Any) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=data,
        get_position="[lon, lat]",
        radius_units=pdk.types.String("pixels"),
        line_width_units=pdk.types.String("pixels"),
        pickable=True,
        **props,
    )


PAPER_RGB = (246, 244, 238)


def _paper(view: View) -> pdk.Layer:
    south, north = max(view.latitude - 60, -85.0), min(view.latitude + 60, 85.0)
    west, east = view.longitude - 170, view.longitude + 170
    return pdk.Layer(
        "SolidPolygonLayer",
        id="paper",
        data=[{"polygon": [[west, south], [east, south], [east, north], [west, north]]}],
        get_polygon="polygon",
        get_fill_color=[*PAPER_RGB, 255],
        pickable=False,
    )


def _boundary_layer(areas: pd.DataFrame, boundaries: Mapping[str, dict[str, Any]], lang: str) -> pdk.Layer:
    """Uploaded boundaries filled by round status (pale), outlined in ink."""
    statuses = dict(zip(areas["code"], areas["status"], strict=True)) if not areas.empty else {}
    names = dict(zip(areas["code"], areas["name"], strict=True)) if not areas.empty else {}
    features = []
    for code, geometry in boundaries.items():
        status = statuses.get(code, NO_ROUND)
        colour = STATUS_RGB.get(status, NO_ROUND_RGB) if status != NO_ROUND else NO_ROUND_RGB
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {"fill": [*colour, 70 if status != NO_ROUND else 35], "tip": names.get(code, code)},
            }
        )
    return pdk.Layer(
        "GeoJsonLayer",
        id="boundaries",
        data={"type": "FeatureCollection", "features": features},
        get_fill_color="properties.fill",
        get_line_color=[*INK_RGB, 160],
        line_width_min_pixels=1,
        stroked=True,
        filled=True,
        pickable=False,
    )


def area_layer_id(status: str) -> str:
    """The id of the layer of areas with that round status ("areas-other" without a round)."""
    return f"areas-{status}" if status else "areas-other"


def is_area_layer(layer_id: str) -> bool:
    """Whether a selection in this layer is an area with a round (its page can open)."""
    return layer_id.startswith("areas-") and layer_id != "areas-other"


def deck_for_map(
    areas: pd.DataFrame,
    hotspots: pd.DataFrame,
    lang: str = "vi",
    size_by: str = SIZE_CRIMES,
    view_mode: str = VIEW_POINTS,
    tile_url: str = "",
    width: int = 1100,
    height: int = 620,
    label_limit: int = LABEL_LIMIT,
    boundaries: Mapping[str, dict[str, Any]] | None = None,
) -> pdk.Deck:
    """The hotspot map: areas as circles coloured by round status (sized by `size_by`; without a
    round, small and grey), their names, and hotspots as points coloured by type (hollow once
    eliminated) or, in the heatmap and hexagon views or above `HOTSPOT_POINT_LIMIT`, aggregated.

    One layer per colour, so colours travel once per layer rather than once per point. Layer ids:
    "areas-<status>" (selecting one opens its page), "areas-other", "labels", "hotspots-<type>",
    "hotspots-eliminated-<type>", "hotspots-heatmap", "hotspots-hexagon", "tile-<z>-<x>-<y>"."""
    with_round = areas[areas["status"] != NO_ROUND] if not areas.empty else areas
    others = areas[areas["status"] == NO_ROUND] if not areas.empty else areas
    main = _area_records(with_round, size_by, lang, scaled=True)
    rest = _area_records(others, size_by, lang, scaled=False)

    focus_lats = [r["lat"] for r in main] + list(hotspots["lat"] if not hotspots.empty else [])
    focus_lons = [r["lon"] for r in main] + list(hotspots["lon"] if not hotspots.empty else [])
    if not focus_lats:
        focus_lats, focus_lons = [r["lat"] for r in rest], [r["lon"] for r in rest]
    view = fit_view(focus_lats, focus_lons, width, height)

    aggregate = view_mode != VIEW_POINTS or len(hotspots) > HOTSPOT_POINT_LIMIT
    if aggregate and view_mode == VIEW_POINTS:
        view_mode = VIEW_HEATMAP
    # A pale sheet under everything: without a basemap the canvas would show the element's dark
    # background; a tile basemap, when set, covers it.
    layers: list[pdk.Layer] = [_paper(view), *_tile_layers(tile_url, view, width, height)]
    if boundaries:
        layers.append(_boundary_layer(areas, boundaries, lang))
    if rest:
        slim = [{"lon": r["lon"], "lat": r["lat"], "tip": r["tip"]} for r in rest]
        layers.append(_scatter("areas-other", slim, get_fill_color=[*NO_ROUND_RGB, 220], get_radius=4))
    if not hotspots.empty and aggregate:
        # Cells of about 1/120 of the shown span: fine enough to read, few enough to send.
        span_degrees = 360 / 2**view.zoom
        grid = hotspot_grid(hotspots, span_degrees / 120)
        if view_mode == VIEW_HEXAGON:
            layers.append(
                pdk.Layer(
                    "HexagonLayer",
                    id="hotspots-hexagon",
                    data=grid,
                    get_position="p",
                    get_color_weight="n",
                    color_aggregation=pdk.types.String("SUM"),
                    radius=max(200, round(span_degrees / 60 * 111_000)),
                    color_range=HEXAGON_COLOURS,
                    opacity=0.55,
                    extruded=False,
                    coverage=0.9,
                    pickable=False,
                )
            )
        else:
            layers.append(
                pdk.Layer(
                    "HeatmapLayer",
                    id="hotspots-heatmap",
                    data=grid,
                    get_position="p",
                    get_weight="n",
                    radius_pixels=40,
                    opacity=0.7,
                    pickable=False,
                )
            )
    # Planned first, relapsed last: the areas that need the committee's attention draw on top.
    for status in ("planned", "exited", "in_progress", "ready", "relapsed"):
        rows = [{k: v for k, v in r.items() if k not in ("status", "dy")} for r in main if r["status"] == status]
        if rows:
            layers.append(
                _scatter(
                    area_layer_id(status),
                    rows,
                    get_fill_color=[*STATUS_RGB[status], 215],
                    get_line_color=[*INK_RGB, 255],
                    get_radius="r",
                    stroked=True,
                    get_line_width=2,
                    auto_highlight=True,
                )
            )
    if not hotspots.empty and not aggregate:
        for active in (False, True):
            for kind in HOTSPOT_TYPES:
                subset = hotspots[(hotspots["active"] == active) & (hotspots["kind"] == kind)]
                if subset.empty:
                    continue
                colour = HOTSPOT_TYPE_RGB[kind]
                if active:
                    props: dict[str, Any] = {"get_fill_color": [*colour, 240], "get_line_color": [255, 255, 255, 255]}
                    props |= {"get_radius": 7, "get_line_width": 1.5}
                    layer_id = f"hotspots-{kind}"
                else:
                    props = {"get_fill_color": [255, 255, 255, 210], "get_line_color": [*colour, 255]}
                    props |= {"get_radius": 6, "get_line_width": 2.5}
                    layer_id = f"hotspots-eliminated-{kind}"
                layers.append(_scatter(layer_id, _hotspot_records(subset, lang), stroked=True, **props))
    labelled = main if len(main) <= label_limit else sorted(main, key=lambda r: -r["r"])[:label_limit]
    if labelled:
        layers.append(_labels_layer(labelled, "labels", 17))
    if rest and len(rest) <= 12:  # one commune's villages: name them too
        layers.append(_labels_layer(rest, "labels-other", 14))
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=view.latitude, longitude=view.longitude, zoom=view.zoom),
        # No basemap and no request: without a provider pydeck keeps its "__MAP_STYLE__" sentinel, which
        # Streamlit's frontend drops; map_style=None would make it fetch a Carto style instead.
        map_provider=None,
        tooltip={"text": "{tip}", "style": {"fontSize": "15px"}},  # type: ignore[arg-type]
    )


def deck_for_area(data: AreaMapData, lang: str = "vi", tile_url: str = "", height: int = 380) -> pdk.Deck:
    """The small map on an area's page: the commune, its villages (named), its hotspots active and
    eliminated. Circles keep one size: the figures are on the page itself."""
    areas = data.areas
    deck = deck_for_map(
        areas,
        data.hotspots,
        lang=lang,
        size_by=SIZE_HOTSPOTS,
        view_mode=VIEW_POINTS,
        tile_url=tile_url,
        width=800,
        height=height,
    )
    # Villages without a round of their own still get their names: they are the commune's map.
    named = {layer.id for layer in deck.layers}
    others = _area_records(areas[areas["status"] == NO_ROUND], SIZE_HOTSPOTS, lang, scaled=False)
    if others and "labels-other" not in named:
        deck.layers.append(_labels_layer(others, "labels-other", 14))
    if areas.empty and data.hotspots.empty:
        return deck
    lats = list(areas["lat"]) + list(data.hotspots["lat"])
    lons = list(areas["lon"]) + list(data.hotspots["lon"])
    view = fit_view(lats, lons, 800, height, max_zoom=14.0)
    deck.initial_view_state = pdk.ViewState(latitude=view.latitude, longitude=view.longitude, zoom=view.zoom)
    return deck
