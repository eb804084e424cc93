"""Area boundaries from GeoJSON: read a FeatureCollection, match each feature to an area by a code
in its properties (or, failing that, by name), and keep the geometries for the map.

Coordinates are rounded to 5 decimals (about 1 m), which keeps a province's boundaries small enough
to send to the browser."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core import audit
from core.accounts import SYSTEM, User, require
from core.db import Database
from core.importer import ERROR, WARNING, Problem
from core.text import short_name_key
from core.uploads import pack_content

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# Property names that commonly carry the official code or the name (GIS offices differ).
CODE_KEYS = ("ma_dia_ban", "ma_xa", "maxa", "ma", "code", "area_code", "wardcode", "ward_code", "ma_dvhc", "madvhc")
NAME_KEYS = ("ten", "ten_xa", "tenxa", "name", "ward", "ten_dvhc", "tendvhc")


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


def _round(coords: Any) -> Any:
    if isinstance(coords, list):
        return [_round(c) for c in coords]
    return round(float(coords), 5)


def _props(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature.get("properties") or {}
    return {str(k).strip().lower(): v for k, v in props.items()} if isinstance(props, dict) else {}


def plan_boundaries(db: Database, content: bytes, file_name: str) -> BoundaryPlan:
    """What importing this GeoJSON would store. Nothing is written."""
    sha = hashlib.sha256(content).hexdigest()
    empty = pd.DataFrame(columns=["area_code", "area_name", "geometry"])
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return BoundaryPlan(file_name, sha, empty, [Problem(0, "", "", f"Không đọc được tệp GeoJSON: {exc}", ERROR)])
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        reason = "Tệp không phải GeoJSON dạng FeatureCollection."
        return BoundaryPlan(file_name, sha, empty, [Problem(0, "", "", reason, ERROR)])
    areas = db.query_df("SELECT code, name, name_key FROM areas WHERE level IN ('commune', 'village')")
    by_code = dict(zip(areas["code"], areas["name"], strict=True))
    name_counts = areas["name_key"].value_counts()
    by_name = {k: c for k, c in zip(areas["name_key"], areas["code"], strict=True) if name_counts.get(k) == 1}
    rows, problems = [], []
    for number, feature in enumerate(data["features"], start=1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
            problems.append(Problem(number, "geometry", "", "Đối tượng không có vùng (Polygon/MultiPolygon).", WARNING))
            continue
        props = _props(feature)
        code = None
        for key in CODE_KEYS:
            raw = str(props.get(key, "") or "").strip().removesuffix(".0")
            candidate = raw.zfill(5) if raw.isdigit() and len(raw) < 5 else raw
            if candidate in by_code:
                code = candidate
                break
        if code is None:
            name = next((str(props[k]) for k in NAME_KEYS if props.get(k)), "")
            code = by_name.get(short_name_key(name)) if name else None
            if code is None:
                shown = name or json.dumps(props, ensure_ascii=False)[:80]
                reason = "Không tìm thấy địa bàn theo mã hoặc tên trong thuộc tính của đối tượng."
                problems.append(Problem(number, "properties", shown, reason, WARNING))
                continue
        shape = {"type": geometry["type"], "coordinates": _round(geometry.get("coordinates", []))}
        rows.append(
            {"area_code": code, "area_name": by_code[code], "geometry": json.dumps(shape, separators=(",", ":"))}
        )
    features = pd.DataFrame(rows, columns=["area_code", "area_name", "geometry"]).drop_duplicates(
        "area_code", keep="last"
    )
    if features.empty:
        problems.append(Problem(0, "", "", "Không có vùng nào khớp với địa bàn trong cơ sở dữ liệu.", ERROR))
    return BoundaryPlan(file_name, sha, features, problems, content)


def commit_boundaries(db: Database, plan: BoundaryPlan, actor: User = SYSTEM) -> int:
    """Store the plan's boundaries in one transaction (an upload of kind 'boundaries'). Returns the
    upload id. Boundaries are the whole country's map: admins only."""
    require(actor, "settings")
    if not plan.ok:
        raise ValueError("Tệp ranh giới có lỗi; chưa ghi gì.")
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
            f"Tải lên ranh giới {plan.file_name}: {len(plan.features)} địa bàn",
            None,
            {"areas": sorted(str(c) for c in plan.features["area_code"])},
        )
    return upload_id


def boundaries_for(db: Database, codes: list[str]) -> dict[str, dict[str, Any]]:
    """Area code -> GeoJSON geometry, for the given areas that have a boundary."""
    if not codes:
        return {}
    rows = db.query_rows("SELECT area_code, geometry FROM boundaries WHERE list_contains(?, area_code)", [codes])
    return {str(code): json.loads(str(geometry)) for code, geometry in rows}
