"""Area boundaries from GeoJSON: read a FeatureCollection, match each feature to an area by a code
in its properties (or, failing that, by name), and keep the geometries for the map.

A boundary file comes from outside (a GIS office, a download), so it is checked before anything is
kept: the JSON is parsed without NaN/Infinity (they are not JSON; a file holding them is refused at
the coordinate), the tree is walked iteratively to the fixed depth of a Polygon or MultiPolygon and
never below it, every coordinate must be a finite number inside Vietnam's range (the importer's
LAT_RANGE/LON_RANGE), rings closed with at least 4 positions, geometries non-empty; the file size,
the number of features and of vertices (per feature and in total) are bounded (limits below).

Each kept geometry is simplified (Douglas–Peucker on each ring, `SIMPLIFY_TOLERANCE`, doubled until
the area has at most `MAX_STORED_VERTICES`), made valid (`shapely.make_valid`, method "structure")
and snapped to 5 decimals (about 1 m): a commune drawn from a 900,000-vertex survey polygon is stored
as a few hundred vertices, so the map stays small. Every refusal names the feature (its number in
the file and its name or code) and is in Vietnamese; nothing raises out of `plan_boundaries`."""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from core.access import audit
from core.access.accounts import SYSTEM, User, require
from core.base.text import short_name_key
from core.importer import ERROR, LAT_RANGE, LON_RANGE, WARNING, Problem
from core.importer.uploads import pack_content
from core.storage.db import Database

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# Property names that commonly carry the official code or the name (GIS offices differ).
CODE_KEYS = ("ma_dia_ban", "ma_xa", "maxa", "ma", "code", "area_code", "wardcode", "ward_code", "ma_dvhc", "madvhc")
NAME_KEYS = ("ten", "ten_xa", "tenxa", "name", "ward", "ten_dvhc", "tendvhc")

# -- limits -------------------------------------------------------------------------------------
# The page's own upload limit (server.maxUploadSize, 20 MB) binds first; this one holds for every caller.
MAX_FILE_MB = 32
MAX_FEATURES = 20_000  # the country has about 3,300 communes; a village-level file for a province fits
MAX_VERTICES_PER_FEATURE = 1_000_000  # read and simplified (a surveyed commune of 900,000 vertices: ~2 s)
MAX_VERTICES_TOTAL = 1_500_000  # in the whole file
MAX_RINGS_PER_FEATURE = 20_000  # outer rings and holes: a commune of many islets has a few thousand
SIMPLIFY_TOLERANCE = 0.0002  # degrees, about 20 m: a pixel when one commune fills the map
MAX_STORED_VERTICES = 2_000  # per area once simplified: the tolerance doubles until it fits
SIMPLIFY_ROUNDS = 12  # doublings tried (up to 0.8 degrees) before the area is refused
DECIMALS = 5  # about 1 m
MAP_MAX_VERTICES = 40_000  # on one map (about 5 MB of its indented JSON); more are simplified further

# -- what users read ----------------------------------------------------------------------------

MESSAGES: dict[str, str] = {
    "too_large": "Tệp {size} MB vượt giới hạn {limit} MB của tệp ranh giới; hãy chia tệp theo tỉnh.",
    "not_utf8": "Không đọc được tệp GeoJSON: tệp không phải văn bản UTF-8.",
    "bad_json": "Không đọc được tệp GeoJSON: sai cú pháp JSON ở dòng {line}, cột {col}.",
    "too_deep": "Không đọc được tệp GeoJSON: dữ liệu lồng nhau quá sâu, không phải Polygon hay MultiPolygon.",
    "long_number": "Không đọc được tệp GeoJSON: có số quá dài (hàng nghìn chữ số), không thể là tọa độ.",
    "not_collection": "Tệp không phải GeoJSON dạng FeatureCollection.",
    "too_many_features": "Tệp có {n} đối tượng, vượt giới hạn {limit}; hãy chia tệp theo tỉnh.",
    "not_feature": "Phần tử này của FeatureCollection không phải một Feature.",
    "no_area": "Đối tượng không có vùng (Polygon/MultiPolygon).",
    "no_match": "Không tìm thấy địa bàn theo mã hoặc tên trong thuộc tính của đối tượng.",
    "no_features": "Không có vùng nào khớp với địa bàn trong cơ sở dữ liệu.",
    "empty": "{kind} không có tọa độ nào (vùng rỗng).",
    "structure": "Tọa độ không đúng cấu trúc {kind}: {what} phải là một danh sách.",
    "ring_short": "{where} chỉ có {n} điểm; một vòng cần ít nhất 4 điểm (điểm cuối trùng điểm đầu).",
    "ring_open": "{where} không khép kín: điểm cuối khác điểm đầu.",
    "position": "Điểm thứ {k} của {where} không phải cặp [kinh độ, vĩ độ].",
    "not_number": "Điểm thứ {k} của {where} có tọa độ không phải số.",
    "not_finite": "Điểm thứ {k} của {where} có tọa độ không phải số hữu hạn (NaN, Infinity hoặc quá lớn).",
    "lon_range": "Điểm thứ {k} của {where} có kinh độ ngoài khoảng {low}–{high} (lãnh thổ Việt Nam; "
    "tệp phải dùng kinh độ, vĩ độ WGS 84, không phải VN-2000).",
    "lat_range": "Điểm thứ {k} của {where} có vĩ độ ngoài khoảng {low}–{high} (lãnh thổ Việt Nam; "
    "tệp phải dùng kinh độ, vĩ độ WGS 84, không phải VN-2000).",
    "feature_vertices": "Vùng có {n} điểm, vượt giới hạn {limit} điểm cho một vùng; hãy đơn giản hóa trước.",
    "feature_rings": "Vùng có {n} vòng (đảo, lỗ), vượt giới hạn {limit} vòng cho một vùng; hãy đơn giản hóa trước.",
    "total_vertices": "Tệp có hơn {limit} điểm tọa độ; hãy đơn giản hóa hoặc chia tệp theo tỉnh.",
    "too_detailed": "Vùng có quá nhiều điểm trong một diện tích quá nhỏ: không đơn giản hóa được về {limit} điểm.",
    "unrepairable": "Vùng không hợp lệ và không sửa được: các cạnh không bao quanh diện tích nào.",
    "ring": "vòng {r}",
    "ring_of": "vòng {r} của đa giác {p}",
    "polygon_of": "đa giác {p}",
    "coordinates": "coordinates",
    "has_errors": "Tệp ranh giới có lỗi; chưa ghi gì.",
    "audit": "Tải lên ranh giới {name}: {n} địa bàn",
}


def message(which: str, /, **values: Any) -> str:
    return MESSAGES[which].format(**values)


def _number(value: float) -> str:
    """A limit the Vietnamese way: 1.000.000."""
    return f"{value:,.0f}".replace(",", ".")


class _Refused(Exception):
    """A feature (or the file) that cannot be kept, with the sentence that says why."""

    def __init__(self, key: str, value: str = "", severity: str = ERROR, column: str = "geometry", **values: Any):
        super().__init__(message(key, **values))
        self.reason = message(key, **values)
        self.value = value
        self.severity = severity
        self.column = column


class _Constant(str):
    """NaN, Infinity or -Infinity as written in the file: not JSON, never a number here."""


@dataclass
class BoundaryPlan:
    file_name: str
    sha256: str
    features: pd.DataFrame  # area_code, area_name, geometry (JSON text)
    problems: list[Problem] = field(default_factory=list)
    content: bytes = field(default=b"", repr=False)

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems) and not self.features.empty


# -- reading the file ---------------------------------------------------------------------------


def _parse(content: bytes) -> list[Any]:
    """The features of a FeatureCollection, or `_Refused` for the whole file."""
    limit = MAX_FILE_MB * 1024 * 1024
    if len(content) > limit:
        size = f"{len(content) / 1024 / 1024:.1f}".replace(".", ",")
        raise _Refused("too_large", column="", size=size, limit=MAX_FILE_MB)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Refused("not_utf8", column="") from exc
    try:
        data = json.loads(text, parse_constant=_Constant)
    except json.JSONDecodeError as exc:
        raise _Refused("bad_json", column="", line=_number(exc.lineno), col=_number(exc.colno)) from exc
    except RecursionError as exc:  # json's decoder nests no deeper than the interpreter allows
        raise _Refused("too_deep", column="") from exc
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise _Refused("long_number", column="") from exc
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise _Refused("not_collection", column="")
    features: list[Any] = data["features"]
    if len(features) > MAX_FEATURES:
        raise _Refused("too_many_features", column="", n=_number(len(features)), limit=_number(MAX_FEATURES))
    return features


def _scalar(value: Any) -> bool:
    return type(value) in (str, int, float)


def _props(feature: dict[str, Any]) -> dict[str, Any]:
    """The feature's properties with lower-case keys; only text and numbers (nothing nested is read)."""
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        return {}
    return {str(k).strip().lower(): v for k, v in props.items() if _scalar(v)}


def _label(props: dict[str, Any]) -> str:
    """The feature's name (or code) as the file gives it, to say which feature a problem is about."""
    for key in (*NAME_KEYS, *CODE_KEYS):
        if props.get(key) not in (None, ""):
            return str(props[key]).strip()[:80]
    return ""


def _show(value: Any) -> str:
    """A value from the file, short, as JSON writes it (text in quotes), without descending into it."""
    if isinstance(value, list):
        return "[…]" if value else "[]"
    if isinstance(value, dict):
        return "{…}" if value else "{}"
    if isinstance(value, _Constant):
        return str(value)
    if isinstance(value, bool | str) or value is None:
        return json.dumps(value if not isinstance(value, str) else value[:40], ensure_ascii=False)
    return str(value)[:40]


# -- the geometry -------------------------------------------------------------------------------


def _parts(feature: Any) -> tuple[str, list[list[Any]]]:
    """(kind, polygons): each polygon a list of rings, each ring a list (not yet looked into).
    The walk goes exactly as deep as a Polygon or MultiPolygon and checks each level before it."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _Refused("not_feature", column="")
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise _Refused("no_area", severity=WARNING)
    kind = str(geometry["type"])
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list):
        raise _Refused("structure", value=_show(coordinates), kind=kind, what=message("coordinates"))
    if not polygons:
        raise _Refused("empty", kind=kind)
    for p, polygon in enumerate(polygons, start=1):
        what = message("coordinates") if kind == "Polygon" else message("polygon_of", p=p)
        if not isinstance(polygon, list):
            raise _Refused("structure", value=_show(polygon), kind=kind, what=what)
        if not polygon:
            raise _Refused("empty", kind=kind)
        for r, ring in enumerate(polygon, start=1):
            if not isinstance(ring, list):
                raise _Refused("structure", value=_show(ring), kind=kind, what=_where(kind, p, r))
    return kind, polygons


def _where(kind: str, p: int, r: int) -> str:
    return message("ring", r=r) if kind == "Polygon" else message("ring_of", r=r, p=p)


def _vertices(polygons: list[list[Any]]) -> int:
    return sum(len(ring) for polygon in polygons for ring in polygon)


@dataclass
class _Rings:
    """A feature's polygons as arrays: every position of every ring, in order (lon, lat), with the
    ring of each position, the polygon of each ring and whether the ring is its polygon's outer one.
    One array for the whole feature, so that 200,000 islets cost no more than one long coastline."""

    coords: np.ndarray  # (n, 2) float64
    ring: np.ndarray  # (n,) ring number of each position, 0.. in order
    polygon: np.ndarray  # (rings,) polygon number of each ring, 0.. in order
    shell: np.ndarray  # (rings,) bool

    @property
    def vertices(self) -> int:
        return len(self.coords)


def _diagnose(ring: list[Any], where: str) -> _Refused | None:
    """The first position of a ring that is not a pair of finite numbers (the slow, exact look)."""
    for k, position in enumerate(ring, start=1):
        if type(position) is not list or len(position) not in (2, 3):
            return _Refused("position", value=_show(position), k=_number(k), where=where)
        for c in position:
            if isinstance(c, _Constant):
                return _Refused("not_finite", value=_show(c), k=_number(k), where=where)
            if type(c) not in (float, int):
                return _Refused("not_number", value=_show(c), k=_number(k), where=where)
            try:
                float(c)
            except OverflowError:
                return _Refused("not_finite", value=_show(c), k=_number(k), where=where)
    return None


def _pair(position: list[Any]) -> str:
    return "[" + ", ".join(_show(c) for c in position[:2]) + "]"


def _positions(kind: str, polygons: list[list[Any]]) -> np.ndarray:
    """Every position of the feature as an (n, 2) array of finite numbers, or `_Refused` naming the
    first position that is not [lon, lat] (a third number, the altitude, is dropped)."""
    positions = [q for polygon in polygons for ring in polygon for q in ring]
    lengths = {len(q) for q in positions} if {type(q) for q in positions} == {list} else set()
    array = None
    if lengths and lengths <= {2, 3} and {type(c) for q in positions for c in q} <= {float, int}:
        with contextlib.suppress(OverflowError):  # an integer beyond any float: found below
            array = np.array(positions if lengths == {2} else [q[:2] for q in positions], dtype=np.float64)
    if array is None:
        for p, polygon in enumerate(polygons, start=1):
            for r, ring in enumerate(polygon, start=1):
                refused = _diagnose(ring, _where(kind, p, r))
                if refused is not None:
                    raise refused
        raise _Refused("position", where="?", k="?")  # not reached: the look above finds it
    return array


def _rings(kind: str, polygons: list[list[Any]]) -> _Rings:
    """The feature's checked positions: numbers, finite, inside Vietnam, rings of 4 positions or more
    and closed. Rounded to `DECIMALS`."""
    places = [(p, r) for p, polygon in enumerate(polygons, start=1) for r in range(1, len(polygon) + 1)]
    sizes = np.array([len(ring) for polygon in polygons for ring in polygon])
    if (sizes < 4).any():
        i = int(np.argmax(sizes < 4))
        where, n = _where(kind, *places[i]).capitalize(), _number(sizes[i])
        raise _Refused("ring_short", value=n, where=where, n=n)
    array = _positions(kind, polygons)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])

    def refuse(key: str, index: int, **values: Any) -> _Refused:
        i = int(np.searchsorted(starts, index, side="right")) - 1
        ring = polygons[places[i][0] - 1][places[i][1] - 1]
        where, k = _where(kind, *places[i]), index - int(starts[i])
        return _Refused(key, value=_pair(ring[k]), k=_number(k + 1), where=where, **values)

    finite = np.isfinite(array).all(axis=1)
    if not finite.all():
        raise refuse("not_finite", int(np.argmin(finite)))
    for key, column, (low, high) in (("lon_range", 0, LON_RANGE), ("lat_range", 1, LAT_RANGE)):
        outside = (array[:, column] < low) | (array[:, column] > high)
        if outside.any():
            raise refuse(key, int(np.argmax(outside)), low=_number(low), high=_number(high))
    open_rings = (array[starts] != array[starts + sizes - 1]).any(axis=1)
    if open_rings.any():
        i = int(np.argmax(open_rings))
        ring = polygons[places[i][0] - 1][places[i][1] - 1]
        where = _where(kind, *places[i]).capitalize()
        raise _Refused("ring_open", value=f"{_pair(ring[0])} … {_pair(ring[-1])}", where=where)
    polygon_of = np.array([p - 1 for p, _ in places])
    shell = np.array([r == 1 for _, r in places])
    return _Rings(np.round(array, DECIMALS), np.repeat(np.arange(len(sizes)), sizes), polygon_of, shell)


def _simplify_once(rings: _Rings, tolerance: float) -> _Rings:
    """Douglas–Peucker on every ring at once; a ring left with fewer than 4 positions is dropped
    (a hole with it, a polygon with its outer ring)."""
    lines = shapely.linestrings(rings.coords, indices=rings.ring)
    simple = shapely.simplify(lines, tolerance, preserve_topology=False)
    coords, index = shapely.get_coordinates(simple, return_index=True)
    ring_kept = np.bincount(index, minlength=len(lines)) >= 4
    polygon_kept = np.zeros(int(rings.polygon.max()) + 1, dtype=bool)
    polygon_kept[rings.polygon[rings.shell & ring_kept]] = True
    kept = ring_kept & polygon_kept[rings.polygon]
    renumber = np.cumsum(kept) - 1
    position_kept = kept[index]
    _, polygon = np.unique(rings.polygon[kept], return_inverse=True)
    return _Rings(coords[position_kept], renumber[index[position_kept]], polygon, rings.shell[kept])


def _simplified(rings: _Rings) -> _Rings:
    """The rings with at most `MAX_STORED_VERTICES` positions: simplified at `SIMPLIFY_TOLERANCE`,
    then at twice that on the result, and so on. An area smaller than the tolerance is kept as it
    is when it is small enough."""
    tolerance, current = SIMPLIFY_TOLERANCE, rings
    for _ in range(SIMPLIFY_ROUNDS):
        smaller = _simplify_once(current, tolerance)
        if smaller.vertices == 0:
            if current is rings and rings.vertices <= MAX_STORED_VERTICES:
                return rings
            break
        if smaller.vertices <= MAX_STORED_VERTICES:
            return smaller
        current, tolerance = smaller, tolerance * 2
    raise _Refused("too_detailed", limit=_number(MAX_STORED_VERTICES))


def _valid(rings: _Rings) -> dict[str, Any]:
    """The GeoJSON geometry of the rings made valid and snapped to `DECIMALS`."""
    shapes = shapely.polygons(shapely.linearrings(rings.coords, indices=rings.ring), indices=rings.polygon)
    geometry = shapes[0] if len(shapes) == 1 else shapely.multipolygons(shapes)
    fixed = shapely.make_valid(geometry, method="structure", keep_collapsed=False)
    fixed = shapely.set_precision(fixed, 10.0**-DECIMALS)
    if fixed.is_empty or fixed.geom_type not in GEOMETRY_TYPES:
        raise _Refused("unrepairable")
    shape: dict[str, Any] = mapping(fixed)
    return shape


# -- matching -----------------------------------------------------------------------------------


class _Matcher:
    """Finds the area of a feature: by a code in its properties, or by a name that is unique."""

    def __init__(self, db: Database) -> None:
        areas = db.query_df("SELECT code, name, name_key FROM areas WHERE level IN ('commune', 'village')")
        self.names = dict(zip(areas["code"], areas["name"], strict=True))
        counts = areas["name_key"].value_counts()
        self.by_name = {k: c for k, c in zip(areas["name_key"], areas["code"], strict=True) if counts.get(k) == 1}

    def code(self, props: dict[str, Any]) -> str:
        for key in CODE_KEYS:
            raw = str(props.get(key, "") or "").strip().removesuffix(".0")
            candidate = raw.zfill(5) if raw.isdigit() and len(raw) < 5 else raw
            if candidate in self.names:
                return candidate
        name = next((str(props[k]) for k in NAME_KEYS if props.get(k)), "")
        code = self.by_name.get(short_name_key(name)) if name else None
        if code is None:
            shown = name or json.dumps(props, ensure_ascii=False)[:80]
            raise _Refused("no_match", value=shown, severity=WARNING, column="properties")
        return str(code)


# -- the plan -----------------------------------------------------------------------------------


def _feature_row(kind: str, polygons: list[list[Any]], props: dict[str, Any], matcher: _Matcher) -> dict[str, str]:
    rings = _rings(kind, polygons)  # every feature's numbers are checked, matched or not
    code = matcher.code(props)
    geometry = _valid(_simplified(rings))
    text = json.dumps(geometry, separators=(",", ":"), allow_nan=False)
    return {"area_code": code, "area_name": matcher.names[code], "geometry": text}


def _check_size(polygons: list[list[Any]]) -> None:
    """`_Refused` when the feature has more vertices or rings than one area may have."""
    vertices, rings = _vertices(polygons), sum(len(polygon) for polygon in polygons)
    if vertices > MAX_VERTICES_PER_FEATURE:
        limit = _number(MAX_VERTICES_PER_FEATURE)
        raise _Refused("feature_vertices", value=_number(vertices), n=_number(vertices), limit=limit)
    if rings > MAX_RINGS_PER_FEATURE:
        limit = _number(MAX_RINGS_PER_FEATURE)
        raise _Refused("feature_rings", value=_number(rings), n=_number(rings), limit=limit)


def _problem(number: int, label: str, refused: _Refused) -> Problem:
    reason = f"{label}: {refused.reason}" if label else refused.reason
    return Problem(number, refused.column, refused.value, reason, refused.severity)


def plan_boundaries(db: Database, content: bytes, file_name: str) -> BoundaryPlan:
    """What importing this GeoJSON would store. Nothing is written. Problems are rows of the file's
    features (numbered from 1; 0 for the whole file)."""
    sha = hashlib.sha256(content).hexdigest()
    empty = pd.DataFrame(columns=["area_code", "area_name", "geometry"])
    try:
        features = _parse(content)
    except _Refused as refused:
        return BoundaryPlan(file_name, sha, empty, [_problem(0, "", refused)])
    matcher = _Matcher(db)
    rows, problems, total = [], [], 0
    for number, feature in enumerate(features, start=1):
        props = _props(feature) if isinstance(feature, dict) else {}
        label = _label(props)
        try:
            kind, polygons = _parts(feature)
            total += _vertices(polygons)
            if total > MAX_VERTICES_TOTAL:
                problems.append(_problem(0, "", _Refused("total_vertices", limit=_number(MAX_VERTICES_TOTAL))))
                return BoundaryPlan(file_name, sha, empty, problems, content)
            _check_size(polygons)
            rows.append(_feature_row(kind, polygons, props, matcher))
        except _Refused as refused:
            problems.append(_problem(number, label, refused))
    frame = pd.DataFrame(rows, columns=["area_code", "area_name", "geometry"]).drop_duplicates("area_code", keep="last")
    if frame.empty and not any(p.severity == ERROR for p in problems):
        problems.append(_problem(0, "", _Refused("no_features", column="")))
    return BoundaryPlan(file_name, sha, frame, problems, content)


def commit_boundaries(db: Database, plan: BoundaryPlan, actor: User = SYSTEM) -> int:
    """Store the plan's boundaries in one transaction (an upload of kind 'boundaries'). Returns the
    upload id. Boundaries are the whole country's map: admins only."""
    require(actor, "settings")
    if not plan.ok:
        raise ValueError(message("has_errors"))
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO uploads (kind, file_name, sha256, content, content_codec, content_size, uploaded_by, "
            "rows_total, rows_added, warnings) VALUES ('boundaries', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                plan.file_name,
                plan.sha256,
                *pack_content(plan.content),
                actor.username,
                len(plan.features),
                len(plan.features),
                len(plan.problems),
            ],
        ).fetchone()
        upload_id = int(row[0]) if row else 0
        frame = plan.features.assign(upload_id=upload_id)[["area_code", "geometry", "upload_id"]]
        cur.register("boundaries_df", frame)
        cur.execute("INSERT OR REPLACE INTO boundaries SELECT area_code, geometry, upload_id FROM boundaries_df")
        cur.unregister("boundaries_df")
        audit.record(
            cur,
            actor.username,
            "boundaries",
            str(upload_id),
            message("audit", name=plan.file_name, n=len(plan.features)),
            None,
            {"areas": sorted(str(c) for c in plan.features["area_code"])},
        )
    return upload_id


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def _lighter(texts: list[str], max_vertices: int) -> list[dict[str, Any]]:
    """The geometries simplified together (topology kept, so no area vanishes) at a tolerance
    doubled from twice the stored one until they have at most `max_vertices` in all."""
    geometries = shapely.from_geojson(texts)
    tolerance = SIMPLIFY_TOLERANCE * 2
    while int(shapely.get_num_coordinates(geometries).sum()) > max_vertices and tolerance < 1:
        geometries = shapely.simplify(geometries, tolerance, preserve_topology=True)
        tolerance *= 2
    return [mapping(geometry) for geometry in geometries]


def boundaries_for(db: Database, codes: list[str], max_vertices: int | None = None) -> dict[str, dict[str, Any]]:
    """Area code -> GeoJSON geometry, for the given areas that have a boundary, with at most
    `max_vertices` (default `MAP_MAX_VERTICES`) in all: a national view of every commune is drawn
    coarser (about 700 m) so that the map stays within its payload. A row that is not strict JSON
    (NaN or Infinity, stored before boundaries were checked) is left off the map."""
    if not codes:
        return {}
    rows = db.query_rows("SELECT area_code, geometry FROM boundaries WHERE list_contains(?, area_code)", [codes])
    shapes, texts = {}, []
    for code, geometry in rows:
        try:
            shapes[str(code)] = json.loads(str(geometry), parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            continue
        texts.append(str(geometry))
    limit = MAP_MAX_VERTICES if max_vertices is None else max_vertices
    if sum(text.count("[") for text in texts) > limit:  # at least the positions: cheap, and never too low
        shapes = dict(zip(shapes, _lighter(texts, limit), strict=True))
    return shapes
