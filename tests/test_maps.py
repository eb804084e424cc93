"""core/geo/maps.py on the demo database: what the hotspot map draws and that it needs no network."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from core.domain.criteria import round_status
from core.geo import maps
from core.storage.db import Database

MONTH = date(2026, 10, 1)


@pytest.fixture(scope="module")
def status(demo_database: Database) -> pd.DataFrame:
    return round_status(demo_database, MONTH)


def layers(deck: object) -> dict[str, dict]:
    spec = json.loads(deck.to_json())  # type: ignore[attr-defined]
    return {layer["id"]: layer for layer in spec["layers"]}


def test_commune_points_of_the_province(demo_database: Database, status: pd.DataFrame) -> None:
    areas = maps.area_points(demo_database, status, MONTH, province="12")
    communes = demo_database.query_value("SELECT count(*) FROM areas WHERE level = 'commune' AND province_code = '12'")
    assert len(areas) == communes == 38
    assert set(areas["level"]) == {"commune"}
    shown = areas[areas["status"] != ""].set_index("code")["status"].to_dict()
    assert shown == {
        "03408": "in_progress",
        "03478": "ready",
        "03503": "relapsed",
        "03508": "in_progress",
        "03529": "in_progress",
        "03538": "exited",
        "03544": "in_progress",
        "03549": "planned",
    }
    nam_cuoi = areas.set_index("code").loc["03544"]
    assert nam_cuoi["hotspots"] == 7  # none of Nậm Cuổi's 7 hotspots was eliminated
    assert nam_cuoi["crimes"] == demo_database.query_value(
        "SELECT sum(value) FROM indicator_values WHERE area_code = '03544' AND indicator = 'crimes' "
        "AND month BETWEEN DATE '2026-01-01' AND DATE '2026-10-01'"
    )
    assert areas.set_index("code").loc["03549", "crimes"] == 0  # planned: no window yet
    assert (areas["lat"].round(5) == areas["lat"]).all()


def test_one_commune_with_its_villages(demo_database: Database, status: pd.DataFrame) -> None:
    areas = maps.area_points(demo_database, status, MONTH, commune="03508").set_index("code")
    assert list(areas.index) == ["03508", "03508-HT", "03508-MQ", "03508-PH"]
    assert areas.loc["03508-PH", "status"] == "ready"  # Bản Phìn Hồ's own round
    assert areas.loc["03508-HT", "status"] == ""


def test_hotspots_active_and_eliminated_at_a_month(demo_database: Database) -> None:
    every = maps.hotspot_points(demo_database, MONTH, province="12", include_eliminated=True)
    active = maps.hotspot_points(demo_database, MONTH, province="12")
    expected_active = demo_database.query_value(
        "SELECT count(*) FROM hotspots WHERE found_on < DATE '2026-11-01' "
        "AND (eliminated_on IS NULL OR eliminated_on >= DATE '2026-11-01')"
    )
    assert len(active) == expected_active == int(every["active"].sum())
    assert active["active"].all()
    assert len(every) == demo_database.query_value("SELECT count(*) FROM hotspots WHERE found_on < DATE '2026-11-01'")
    # Earlier, a hotspot eliminated later is still active, and one found later is not drawn.
    early = maps.hotspot_points(demo_database, date(2025, 3, 1), include_eliminated=True)
    assert early["found_on"].max() < pd.Timestamp("2025-04-01")
    assert set(every["kind"]) <= set(maps.HOTSPOT_TYPES)
    drugs = maps.hotspot_points(demo_database, MONTH, kinds=("ma_tuy",))
    assert len(drugs) > 0 and set(drugs["type"]) == {"ma túy"}


def test_type_keys_ignore_case_and_diacritics() -> None:
    assert maps.hotspot_type_key("Ma tuý") == "ma_tuy"
    assert maps.hotspot_type_key("MA TUY") == "ma_tuy"
    assert maps.hotspot_type_key("tín dụng đen") == "tin_dung_den"
    assert maps.hotspot_type_key("Cờ bạc") == "co_bac"
    assert maps.hotspot_type_key("karaoke trá hình") == "khac"


def test_colours_by_status_and_type(demo_database: Database, status: pd.DataFrame) -> None:
    areas = maps.area_points(demo_database, status, MONTH, province="12")
    hotspots = maps.hotspot_points(demo_database, MONTH, province="12", include_eliminated=True)
    found = layers(maps.deck_for_map(areas, hotspots))
    expected = {
        "in_progress": [21, 101, 192],
        "ready": [27, 127, 59],
        "exited": [106, 27, 154],
        "relapsed": [198, 40, 40],
        "planned": [158, 158, 158],
    }
    for status_name, colour in expected.items():
        layer = found[f"areas-{status_name}"]
        assert layer["getFillColor"][:3] == colour
    assert [r["code"] for r in found["areas-ready"]["data"]] == ["03478"]
    assert len(found["areas-in_progress"]["data"]) == 4
    assert len(found["areas-other"]["data"]) == 38 - 8
    assert found["areas-other"]["getRadius"] == 4
    assert found["hotspots-ma_tuy"]["getFillColor"][:3] == [230, 159, 0]
    active = sum(len(v["data"]) for k, v in found.items() if k.startswith("hotspots-") and "eliminated" not in k)
    gone = sum(len(v["data"]) for k, v in found.items() if k.startswith("hotspots-eliminated-"))
    assert active == int(hotspots["active"].sum()) and gone == int((~hotspots["active"]).sum())
    assert [r["name"] for r in found["labels"]["data"]][:1] and found["labels"]["characterSet"] == "auto"
    assert "Xã Sìn Hồ (03478)\nĐủ điều kiện ra khỏi diện" in found["areas-ready"]["data"][0]["tip"]
    english = layers(maps.deck_for_map(areas, hotspots, lang="en"))
    assert "Ready to leave" in english["areas-ready"]["data"][0]["tip"]


def test_circle_size_follows_the_chosen_figure(demo_database: Database, status: pd.DataFrame) -> None:
    areas = maps.area_points(demo_database, status, MONTH, province="12")
    by_hotspots = layers(maps.deck_for_map(areas, _empty(), size_by="hotspots"))
    radii = {r["code"]: r["r"] for k, v in by_hotspots.items() if k.startswith("areas-") and k != "areas-other" for r in v["data"]}  # fmt: skip
    assert radii["03544"] == 30  # the most active hotspots: the largest circle
    assert radii["03549"] == 9  # none: the smallest
    by_crimes = layers(maps.deck_for_map(areas, _empty(), size_by="crimes"))
    radii = {r["code"]: r["r"] for k, v in by_crimes.items() if k.startswith("areas-") and k != "areas-other" for r in v["data"]}  # fmt: skip
    assert max(radii, key=radii.__getitem__) == "03544"


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=["id", "area_code", "area_name", "type", "kind", "name", "lat", "lon", "active"])


def test_view_fitted_to_the_data(demo_database: Database, status: pd.DataFrame) -> None:
    areas = maps.area_points(demo_database, status, MONTH, province="12")
    hotspots = maps.hotspot_points(demo_database, MONTH, province="12")
    spec = json.loads(maps.deck_for_map(areas, hotspots).to_json())
    view = spec["initialViewState"]
    shown = areas[areas["status"] != ""]
    lats = [*shown["lat"], *hotspots["lat"]]
    lons = [*shown["lon"], *hotspots["lon"]]
    assert min(lats) < view["latitude"] < max(lats)
    assert view["longitude"] == pytest.approx((min(lons) + max(lons)) / 2, abs=1e-4)
    assert 7 < view["zoom"] < 12  # a district-sized cluster, not the world
    # The whole country fits at a country zoom; one point gets a close zoom, never an infinite one.
    assert 4 < maps.fit_view([8.6, 23.4], [102.1, 109.5], 1100, 600).zoom < 6
    assert maps.fit_view([22.0], [103.0]).zoom == 13.0


def test_no_basemap_and_no_network_unless_a_tile_url_is_set(demo_database: Database, status: pd.DataFrame) -> None:
    areas = maps.area_points(demo_database, status, MONTH, province="12")
    hotspots = maps.hotspot_points(demo_database, MONTH, province="12")
    text = maps.deck_for_map(areas, hotspots).to_json()
    spec = json.loads(text)
    assert spec.get("mapStyle") in (None, "__MAP_STYLE__") and spec.get("mapProvider") is None
    assert "http" not in text
    assert maps.basemap_tile_url(demo_database) == ""
    tiled = maps.deck_for_map(areas, hotspots, tile_url="http://127.0.0.1:8080/{z}/{x}/{y}.png")
    tiles = [layer for layer in json.loads(tiled.to_json())["layers"] if layer["id"].startswith("tile-")]
    assert 0 < len(tiles) <= maps.MAX_TILES
    assert all(t["image"].startswith("http://127.0.0.1:8080/") and "{" not in t["image"] for t in tiles)


def test_many_hotspots_are_aggregated(demo_database: Database, status: pd.DataFrame) -> None:
    areas = maps.area_points(demo_database, status, MONTH, province="12")
    one = maps.hotspot_points(demo_database, MONTH, province="12")
    many = pd.concat([one] * (maps.HOTSPOT_POINT_LIMIT // len(one) + 1), ignore_index=True)
    found = layers(maps.deck_for_map(areas, many))
    assert "hotspots-heatmap" in found and not any(k.startswith("hotspots-ma") for k in found)
    assert sum(cell["n"] for cell in found["hotspots-heatmap"]["data"]) == len(many)
    hexagons = layers(maps.deck_for_map(areas, one, view_mode="hexagon"))
    assert "hotspots-hexagon" in hexagons


def test_area_map_of_a_commune_and_of_a_village(demo_database: Database, status: pd.DataFrame) -> None:
    data = maps.area_map_data(demo_database, status, MONTH, "03508")
    assert data is not None
    assert set(data.areas["code"]) == {"03508", "03508-HT", "03508-MQ", "03508-PH"}
    assert set(data.hotspots["area_code"]) == {"03508"}
    assert len(data.hotspots) == 4  # active and eliminated
    found = layers(maps.deck_for_area(data))
    assert {r["name"] for r in found["labels-other"]["data"]} == {"Bản Hồng Thu Mông", "Bản Ma Quai"}
    village = maps.area_map_data(demo_database, status, MONTH, "03508-PH")
    assert village is not None and village.commune == "03508"
    assert maps.area_map_data(demo_database, status, MONTH, "nowhere") is None
