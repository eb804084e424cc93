"""Commune boundaries from GeoJSON: matching, storing, drawing filled by status, uploading on the page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.access.accounts import ADMIN, User
from core.domain.criteria import round_status
from core.geo.boundaries import boundaries_for, commit_boundaries, plan_boundaries
from core.geo.maps import STATUS_RGB, area_points, deck_for_map, hotspot_points
from core.importer.uploads import upload_content
from core.seed.demo import LAST_MONTH, build_demo
from core.storage.db import Database
from tests.helpers import app_test


def square(lon: float, lat: float, d: float = 0.02) -> dict:
    ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]
    return {"type": "Polygon", "coordinates": [[[x + 0.0000012, y] for x, y in ring]]}


GEOJSON = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"MA_XA": 3478, "TEN_XA": "Sìn Hồ"},
                "geometry": square(103.226, 22.3263),
            },
            {"type": "Feature", "properties": {"ten": "Xã Hồng Thu"}, "geometry": square(103.322, 22.4203)},
            {"type": "Feature", "properties": {"name": "Không có xã này"}, "geometry": square(103.0, 22.0)},
            {"type": "Feature", "properties": {"ma": "03529"}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
        ],
    },
    ensure_ascii=False,
).encode()


@pytest.fixture
def demo(tmp_path: Path, initialised_db_file: Path) -> Path:
    path = tmp_path / "demo.duckdb"
    shutil.copy(initialised_db_file, path)
    with Database(path) as db:
        build_demo(db)
    return path


def test_features_match_by_code_or_name_and_are_stored(demo: Path) -> None:
    with Database(demo) as db:
        plan = plan_boundaries(db, GEOJSON, "ranh_gioi.geojson")
        assert plan.ok
        assert list(plan.features["area_code"]) == ["03478", "03508"]
        assert [(p.row, p.severity) for p in plan.problems] == [(3, "warning"), (4, "warning")]
        geometry = json.loads(plan.features.iloc[0]["geometry"])
        assert geometry["type"] == "Polygon" and len(geometry["coordinates"]) == 1
        corners = sorted(map(tuple, geometry["coordinates"][0][:-1]))  # rounded to 5 decimals
        assert corners == [(103.206, 22.3063), (103.206, 22.3463), (103.246, 22.3063), (103.246, 22.3463)]
        upload_id = commit_boundaries(db, plan, actor=User("quantri", "Quản trị", ADMIN))
        stored = boundaries_for(db, ["03478", "03508", "03529"])
        assert sorted(stored) == ["03478", "03508"]
        assert db.query_value("SELECT kind FROM uploads ORDER BY id DESC LIMIT 1") == "boundaries"
        assert upload_content(db, upload_id) == ("ranh_gioi.geojson", GEOJSON)  # kept (compressed), byte for byte


def test_not_geojson_is_refused(demo: Path) -> None:
    with Database(demo) as db:
        assert not plan_boundaries(db, b"{not json", "x.geojson").ok
        plan = plan_boundaries(db, b'{"type": "Feature"}', "x.geojson")
        assert not plan.ok and "FeatureCollection" in plan.problems[0].reason


def test_the_map_fills_boundaries_by_status(demo: Path) -> None:
    with Database(demo) as db:
        commit_boundaries(db, plan_boundaries(db, GEOJSON, "b.geojson"))
        status = round_status(db, LAST_MONTH)
        areas = area_points(db, status, LAST_MONTH, province="12")
        deck = deck_for_map(
            areas, hotspot_points(db, LAST_MONTH, province="12"), boundaries=boundaries_for(db, list(areas["code"]))
        )
    spec = json.loads(deck.to_json())
    layer = next(layer for layer in spec["layers"] if layer["id"] == "boundaries")
    fills = {f["properties"]["tip"]: f["properties"]["fill"] for f in layer["data"]["features"]}
    assert fills["Xã Sìn Hồ"] == [*STATUS_RGB["ready"], 70]
    assert fills["Xã Hồng Thu"] == [*STATUS_RGB["in_progress"], 70]
    assert "http" not in json.dumps(layer)


def test_uploading_boundaries_on_the_page(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUYENHOA_DB", str(demo))
    at = app_test()
    at.run()
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(("ranh_gioi.geojson", GEOJSON, "application/geo+json")).run()
    assert "Tìm thấy ranh giới của 2 địa bàn." in [c.value for c in at.caption]
    at.button(key="upload_confirm").click().run()
    assert at.success[0].value.startswith("Đã nhập ranh giới 2 địa bàn từ ranh_gioi.geojson")
    at.switch_page("pages/map.py").run()
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert any(layer["id"] == "boundaries" for layer in deck["layers"])
