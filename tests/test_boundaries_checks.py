"""Hostile boundary files: every one is refused feature by feature with a Vietnamese reason, or
simplified; nothing raises, and what is stored is strict JSON that the map draws quickly."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from core.access.accounts import ADMIN, User
from core.domain.criteria import round_status
from core.geo import boundaries
from core.geo.boundaries import MAX_STORED_VERTICES, boundaries_for, commit_boundaries, plan_boundaries
from core.geo.maps import area_points, deck_for_map, hotspot_points
from core.seed.demo import LAST_MONTH
from core.storage.db import Database
from tests.helpers import app_test

SIN_HO = (103.226, 22.3263)  # the demo's Xã Sìn Hồ, code 03478
ADMIN_USER = User("quantri", "Quản trị", ADMIN)


def ring(lon: float = SIN_HO[0], lat: float = SIN_HO[1], d: float = 0.02) -> list[list[float]]:
    return [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]


def collection(*geometries: Any, code: str = "03478", name: str = "Sìn Hồ") -> bytes:
    features = [{"type": "Feature", "properties": {"ma_xa": code, "ten_xa": name}, "geometry": g} for g in geometries]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def polygon_text(coordinates: str) -> bytes:
    """A FeatureCollection whose one Polygon has these coordinates, written as JSON text."""
    return (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"ma_xa": "03478", '
        '"ten_xa": "Sìn Hồ"}, "geometry": {"type": "Polygon", "coordinates": ' + coordinates + "}}]}"
    ).encode()


def strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def problems(db: Database, content: bytes) -> list[tuple[int, str, str, str]]:
    plan = plan_boundaries(db, content, "ranh_gioi.geojson")
    assert not plan.ok and plan.features.empty
    return [(p.row, p.severity, p.value, p.reason) for p in plan.problems if p.severity == "error"]


def test_text_coordinates_are_refused_at_the_point(demo_database: Database) -> None:
    rows = ring()
    rows[2] = ["103.246", "22.3463"]
    assert problems(demo_database, collection({"type": "Polygon", "coordinates": [rows]})) == [
        (1, "error", '"103.246"', "Sìn Hồ: Điểm thứ 3 của vòng 1 có tọa độ không phải số.")
    ]


def test_object_coordinates_are_refused(demo_database: Database) -> None:
    as_object = {"type": "Polygon", "coordinates": {"lon": 103.2, "lat": 22.3}}
    point_object = {"type": "Polygon", "coordinates": [[{"lon": 103.2, "lat": 22.3}, *ring()]]}
    number_object = {"type": "Polygon", "coordinates": [[[{"x": 103.2}, 22.3], *ring()]]}
    booleans = {"type": "MultiPolygon", "coordinates": [[ring()], [[[True, 22.3], *ring()]]]}
    assert problems(demo_database, collection(as_object, point_object, number_object, booleans)) == [
        (1, "error", "{…}", "Sìn Hồ: Tọa độ không đúng cấu trúc Polygon: coordinates phải là một danh sách."),
        (2, "error", "{…}", "Sìn Hồ: Điểm thứ 1 của vòng 1 không phải cặp [kinh độ, vĩ độ]."),
        (3, "error", "{…}", "Sìn Hồ: Điểm thứ 1 của vòng 1 có tọa độ không phải số."),
        (4, "error", "true", "Sìn Hồ: Điểm thứ 1 của vòng 1 của đa giác 2 có tọa độ không phải số."),
    ]


def test_nesting_100000_deep_is_refused_without_recursing(demo_database: Database) -> None:
    deep = polygon_text("[" * 100_000 + "]" * 100_000)
    assert problems(demo_database, deep) == [
        (
            0,
            "error",
            "",
            "Không đọc được tệp GeoJSON: dữ liệu lồng nhau quá sâu, không phải Polygon hay MultiPolygon.",
        )
    ]
    # Deep enough to pass the JSON reader but deeper than a Polygon: refused at the first extra level.
    nested = polygon_text("[" * 300 + "]" * 300)
    assert problems(demo_database, nested) == [
        (1, "error", "1", "Sìn Hồ: Vòng 1 chỉ có 1 điểm; một vòng cần ít nhất 4 điểm (điểm cuối trùng điểm đầu).")
    ]
    positions = polygon_text("[[" + ",".join(["[" * 50 + "]" * 50] * 4) + "]]")
    assert problems(demo_database, positions)[0][2:] == (
        "[…]",
        "Sìn Hồ: Điểm thứ 1 của vòng 1 không phải cặp [kinh độ, vĩ độ].",
    )
    # A deeply nested property is never looked into (its text is not even made).
    deep_property = collection({"type": "Polygon", "coordinates": [ring()]})
    deep_property = deep_property.replace(b'"ten_xa"', b'"note": ' + b"[" * 500 + b"]" * 500 + b', "ten_xa"')
    plan = plan_boundaries(demo_database, deep_property, "x.geojson")
    assert plan.ok and list(plan.features["area_code"]) == ["03478"]


@pytest.mark.parametrize(
    ("written", "shown"),
    [("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity")],
)
def test_nan_and_infinity_are_refused(demo_database: Database, written: str, shown: str) -> None:
    coordinates = json.dumps([ring()]).replace("103.206, 22.3063]", f"{written}, 22.3063]", 1)
    assert problems(demo_database, polygon_text(coordinates)) == [
        (
            1,
            "error",
            shown,
            "Sìn Hồ: Điểm thứ 1 của vòng 1 có tọa độ không phải số hữu hạn (NaN, Infinity hoặc quá lớn).",
        )
    ]


def test_numbers_beyond_floats_are_refused(demo_database: Database) -> None:
    overflow = json.dumps([ring()]).replace("103.206", "1e400", 1)
    assert problems(demo_database, polygon_text(overflow)) == [
        (
            1,
            "error",
            "[inf, 22.3063]",
            "Sìn Hồ: Điểm thứ 1 của vòng 1 có tọa độ không phải số hữu hạn (NaN, Infinity hoặc quá lớn).",
        )
    ]
    huge_int = json.dumps([ring()]).replace("103.206", "9" * 400, 1)
    assert problems(demo_database, polygon_text(huge_int))[0][3].endswith(
        "không phải số hữu hạn (NaN, Infinity hoặc quá lớn)."
    )
    too_long = json.dumps([ring()]).replace("103.206", "9" * 5000, 1)
    assert problems(demo_database, polygon_text(too_long)) == [
        (0, "error", "", "Không đọc được tệp GeoJSON: có số quá dài (hàng nghìn chữ số), không thể là tọa độ.")
    ]


def test_empty_geometries_are_refused(demo_database: Database) -> None:
    empty = collection(
        {"type": "MultiPolygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": [[]]},
        {"type": "Polygon", "coordinates": []},
    )
    assert [(row, reason) for row, _, _, reason in problems(demo_database, empty)] == [
        (1, "Sìn Hồ: MultiPolygon không có tọa độ nào (vùng rỗng)."),
        (2, "Sìn Hồ: MultiPolygon không có tọa độ nào (vùng rỗng)."),
        (3, "Sìn Hồ: Polygon không có tọa độ nào (vùng rỗng)."),
    ]


def test_rings_must_be_closed_long_enough_and_in_vietnam(demo_database: Database) -> None:
    vn2000 = [[x * 1e4, y * 1e4] for x, y in ring()]  # metres of a projected system, not degrees
    south = [[x, round(y - 20, 4)] for x, y in ring()]
    content = collection(
        {"type": "Polygon", "coordinates": [ring()[:-1]]},
        {"type": "Polygon", "coordinates": [ring()[:3]]},
        {"type": "Polygon", "coordinates": [vn2000]},
        {"type": "Polygon", "coordinates": [south]},
    )
    assert [(row, value, reason) for row, _, value, reason in problems(demo_database, content)] == [
        (1, "[103.206, 22.3063] … [103.206, 22.3463]", "Sìn Hồ: Vòng 1 không khép kín: điểm cuối khác điểm đầu."),
        (2, "3", "Sìn Hồ: Vòng 1 chỉ có 3 điểm; một vòng cần ít nhất 4 điểm (điểm cuối trùng điểm đầu)."),
        (
            3,
            "[1032060.0, 223063.0]",
            "Sìn Hồ: Điểm thứ 1 của vòng 1 có kinh độ ngoài khoảng 102–118 (lãnh thổ Việt Nam; "
            "tệp phải dùng kinh độ, vĩ độ WGS 84, không phải VN-2000).",
        ),
        (
            4,
            "[103.206, 2.3063]",
            "Sìn Hồ: Điểm thứ 1 của vòng 1 có vĩ độ ngoài khoảng 8–24 (lãnh thổ Việt Nam; "
            "tệp phải dùng kinh độ, vĩ độ WGS 84, không phải VN-2000).",
        ),
    ]


def test_file_feature_and_vertex_limits(demo_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    three = collection(*[{"type": "Polygon", "coordinates": [ring()]}] * 3)
    monkeypatch.setattr(boundaries, "MAX_FEATURES", 2)
    assert problems(demo_database, three)[0][3] == "Tệp có 3 đối tượng, vượt giới hạn 2; hãy chia tệp theo tỉnh."
    monkeypatch.setattr(boundaries, "MAX_FEATURES", 20_000)
    monkeypatch.setattr(boundaries, "MAX_VERTICES_PER_FEATURE", 4)
    assert problems(demo_database, three)[0] == (
        1,
        "error",
        "5",
        "Sìn Hồ: Vùng có 5 điểm, vượt giới hạn 4 điểm cho một vùng; hãy đơn giản hóa trước.",
    )
    monkeypatch.setattr(boundaries, "MAX_VERTICES_PER_FEATURE", 1_000_000)
    monkeypatch.setattr(boundaries, "MAX_VERTICES_TOTAL", 12)
    assert problems(demo_database, three) == [
        (0, "error", "", "Tệp có hơn 12 điểm tọa độ; hãy đơn giản hóa hoặc chia tệp theo tỉnh.")
    ]
    monkeypatch.setattr(boundaries, "MAX_FILE_MB", 0)
    assert problems(demo_database, three)[0][3].startswith("Tệp 0,0 MB vượt giới hạn 0 MB của tệp ranh giới")


def test_a_self_intersecting_polygon_is_made_valid(demo_database: Database) -> None:
    lon, lat = SIN_HO
    bowtie = [[lon - 0.02, lat - 0.02], [lon + 0.02, lat + 0.02], [lon + 0.02, lat - 0.02], [lon - 0.02, lat + 0.02]]
    plan = plan_boundaries(demo_database, collection({"type": "Polygon", "coordinates": [[*bowtie, bowtie[0]]]}), "b")
    assert plan.ok and not plan.problems
    geometry = shape(strict(plan.features.iloc[0]["geometry"]))
    assert geometry.geom_type == "MultiPolygon" and geometry.is_valid
    assert math.isclose(geometry.area, 0.0008, rel_tol=1e-3)  # both triangles of the bow tie are kept


def test_islets_smaller_than_the_tolerance_are_dropped_and_holes_kept(demo_database: Database) -> None:
    lon, lat = SIN_HO
    hole = [[x, y] for x, y in reversed(ring(d=0.005))]
    islets = [[ring(lon + 0.03 + 0.0003 * (i % 50), lat + 0.0003 * (i // 50), d=0.00005)] for i in range(2_500)]
    content = collection({"type": "MultiPolygon", "coordinates": [[ring(), hole], *islets]})
    plan = plan_boundaries(demo_database, content, "dao.geojson")
    assert plan.ok and not plan.problems
    geometry = shape(strict(plan.features.iloc[0]["geometry"]))
    assert geometry.geom_type == "Polygon" and len(geometry.interiors) == 1  # 2,500 islets of 10 m: gone
    assert math.isclose(geometry.area, 0.04**2 - 0.01**2, rel_tol=1e-6)


def test_areas_that_cannot_be_simplified_or_have_too_many_rings_are_refused(
    demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    lon = SIN_HO[0]
    three = {"type": "MultiPolygon", "coordinates": [[ring()], [ring(lon + 0.1)], [ring(lon + 0.2)]]}
    monkeypatch.setattr(boundaries, "MAX_STORED_VERTICES", 12)
    assert problems(demo_database, collection(three))[0][3] == (
        "Sìn Hồ: Vùng có quá nhiều điểm trong một diện tích quá nhỏ: không đơn giản hóa được về 12 điểm."
    )
    monkeypatch.setattr(boundaries, "MAX_RINGS_PER_FEATURE", 2)
    assert problems(demo_database, collection(three))[0][2:] == (
        "3",
        "Sìn Hồ: Vùng có 3 vòng (đảo, lỗ), vượt giới hạn 2 vòng cho một vùng; hãy đơn giản hóa trước.",
    )


def surveyed_commune(vertices: int) -> bytes:
    """A commune outline of `vertices` points, wavy and noisy at 100 m (so it crosses itself
    everywhere: `make_valid` on it as it is would take minutes)."""
    t = np.linspace(0, 2 * math.pi, vertices - 1, endpoint=False)
    noise = np.random.default_rng(7).uniform(0, 0.001, len(t))
    radius = 0.05 * (1 + 0.05 * np.sin(40 * t)) + noise
    lon, lat = np.round(SIN_HO[0] + radius * np.cos(t), 6), np.round(SIN_HO[1] + radius * np.sin(t), 6)
    points = ",".join(f"[{x!r},{y!r}]" for x, y in zip(lon.tolist(), lat.tolist(), strict=True))
    return polygon_text(f"[[{points},[{float(lon[0])!r},{float(lat[0])!r}]]]")


def test_a_900k_vertex_polygon_is_simplified_in_seconds_and_its_map_is_small(demo_copy: Path) -> None:
    content = surveyed_commune(900_000)
    with Database(demo_copy) as db:
        started = time.perf_counter()
        plan = plan_boundaries(db, content, "khao_sat.geojson")
        planned = time.perf_counter() - started
        assert plan.ok and not plan.problems
        commit_boundaries(db, plan, actor=ADMIN_USER)
        stored = db.query_value("SELECT geometry FROM boundaries WHERE area_code = '03478'")
        geometry = strict(str(stored))  # strict JSON: no NaN, no Infinity
        vertices = shapely.get_num_coordinates(shape(geometry))
        assert 40 <= vertices <= MAX_STORED_VERTICES and shape(geometry).is_valid
        assert math.isclose(shape(geometry).area, math.pi * 0.05**2, rel_tol=0.05)
        started = time.perf_counter()
        status = round_status(db, LAST_MONTH)
        areas = area_points(db, status, LAST_MONTH, province="12")
        deck = deck_for_map(
            areas, hotspot_points(db, LAST_MONTH, province="12"), boundaries=boundaries_for(db, ["03478"])
        )
        payload = deck.to_json()
        mapped = time.perf_counter() - started
    print(
        f"900k vertices: planned in {planned:.2f} s, {vertices} vertices kept; map {mapped:.2f} s, {len(payload):,} B"
    )
    assert planned < 20  # about 2 s alone on the 2-core machine
    assert mapped < 5 and len(payload) < 200_000


def wavy(lon: float, lat: float, n: int = 600) -> dict[str, Any]:
    t = np.linspace(0, 2 * math.pi, n, endpoint=False)
    radius = 0.02 * (1 + 0.2 * np.sin(9 * t))
    points = np.column_stack([lon + radius * np.cos(t), lat + radius * np.sin(t)]).round(5).tolist()
    return {"type": "Polygon", "coordinates": [[*points, points[0]]]}


def test_a_map_of_many_boundaries_is_simplified_further_to_its_budget(demo_copy: Path) -> None:
    with Database(demo_copy) as db:
        communes = db.query_rows("SELECT code, lon, lat FROM areas WHERE level = 'commune' ORDER BY code LIMIT 4")
        features = [
            {"type": "Feature", "properties": {"ma_xa": code}, "geometry": wavy(lon, lat)}
            for code, lon, lat in communes
        ]
        content = json.dumps({"type": "FeatureCollection", "features": features}).encode()
        commit_boundaries(db, plan_boundaries(db, content, "bon_xa.geojson"), ADMIN_USER)
        codes = [code for code, _, _ in communes]
        stored = {code: strict(str(text)) for code, text in db.query_rows("SELECT area_code, geometry FROM boundaries")}
        full = boundaries_for(db, codes)
        light = boundaries_for(db, codes, max_vertices=100)
    assert full == {code: stored[code] for code in codes}  # within the budget: as stored
    counts = {code: shapely.get_num_coordinates(shape(g)) for code, g in light.items()}
    assert sorted(counts) == sorted(codes) and sum(counts.values()) <= 100
    assert all(shape(light[code]).is_valid and shape(light[code]).area > 0.001 for code in codes)
    assert sum(shapely.get_num_coordinates(shape(g)) for g in full.values()) > 300


def test_stored_boundaries_are_strict_json_and_old_nan_rows_are_left_off_the_map(demo_copy: Path) -> None:
    with Database(demo_copy) as db:
        commit_boundaries(
            db, plan_boundaries(db, collection({"type": "Polygon", "coordinates": [ring()]}), "a"), ADMIN_USER
        )
        with db.transaction() as cur:  # as an earlier version stored a file with NaN in it
            cur.execute(
                "INSERT OR REPLACE INTO boundaries VALUES ('03508', ?, NULL)",
                ['{"type":"Polygon","coordinates":[[[NaN,22.4],[103.3,22.4],[103.3,22.5],[NaN,22.4]]]}'],
            )
        for (text,) in db.query_rows("SELECT geometry FROM boundaries WHERE area_code = '03478'"):
            assert strict(str(text))["type"] == "Polygon"
        assert sorted(boundaries_for(db, ["03478", "03508"])) == ["03478"]


def test_the_page_shows_each_refusal(demo_copy: Path) -> None:
    rows = ring()
    rows[2] = ["103.246", "22.3463"]
    content = collection({"type": "Polygon", "coordinates": [rows]}, {"type": "MultiPolygon", "coordinates": []})
    at = app_test()
    at.run()
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("ranh_gioi.geojson", content, "application/geo+json")).run()
    assert not at.exception
    assert at.error[0].value == "Không nhập được tệp ranh giới; xem các vấn đề ở trên."
    table = at.dataframe[0].value
    assert list(table["Dòng"]) == [1, 2]
    assert list(table.iloc[:, -2]) == [
        "Sìn Hồ: Điểm thứ 3 của vòng 1 có tọa độ không phải số.",
        "Sìn Hồ: MultiPolygon không có tọa độ nào (vùng rỗng).",
    ]
    assert "upload_confirm" not in [b.key for b in at.button]


def test_the_page_reads_a_boundary_file_once(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned: list[str] = []
    plan = boundaries.plan_boundaries

    def spy(db: Database, content: bytes, file_name: str) -> boundaries.BoundaryPlan:
        planned.append(file_name)
        return plan(db, content, file_name)

    monkeypatch.setattr(boundaries, "plan_boundaries", spy)
    at = app_test()
    at.run()
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("xa.geojson", collection(wavy(*SIN_HO)), "application/geo+json")).run()
    at.button(key="upload_confirm").click().run()  # confirming uses the plan already shown
    assert at.success[0].value.startswith("Đã nhập ranh giới 1 địa bàn từ xa.geojson")
    assert planned == ["xa.geojson"]
