"""AppTest: the hotspot map page (and the small map on the area page) on the demo database."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.helpers import app_test


def map_page(lang: str = "vi", **params: str) -> AppTest:
    at = app_test()
    at.query_params["lang"] = lang
    at.run()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page("pages/map.py").run()
    assert not at.exception
    return at


def deck(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[index].proto.json)


def layer_map(spec: dict) -> dict[str, dict]:
    return {layer["id"]: layer for layer in spec["layers"]}


def test_map_of_the_demo_province(demo_copy: Path) -> None:
    at = map_page()
    assert at.title[0].value == "Bản đồ điểm nóng"
    assert at.caption[0].value == "Tình hình tại Tháng 10/2026"
    spec = deck(at)
    assert spec.get("mapStyle") in (None, "__MAP_STYLE__") and spec.get("mapProvider") is None
    assert "http" not in at.get("deck_gl_json_chart")[0].proto.json
    layers = layer_map(spec)
    assert layers["areas-ready"]["getFillColor"][:3] == [27, 127, 59]
    assert layers["areas-relapsed"]["getFillColor"][:3] == [198, 40, 40]
    assert [r["code"] for r in layers["areas-relapsed"]["data"]] == ["03503"]
    on_map = sum(len(v["data"]) for k, v in layers.items() if k.startswith("areas-"))
    assert on_map == 38  # every commune of Lai Châu
    hotspots = sum(len(v["data"]) for k, v in layers.items() if k.startswith("hotspots-"))
    assert hotspots == 13  # active at Tháng 10/2026
    assert "Xã Sìn Hồ" in [r["name"] for r in layers["labels"]["data"]]
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)["text"] == "{tip}"
    assert at.query_params["tinh"] == "12"


def test_filters_from_the_url(demo_copy: Path) -> None:
    at = map_page(loai="ma_tuy", trang_thai="relapsed")
    layers = layer_map(deck(at))
    assert [k for k in layers if k.startswith("hotspots-")] == ["hotspots-ma_tuy"]
    assert [k for k in layers if k.startswith("areas-") and k != "areas-other"] == ["areas-relapsed"]


def test_eliminated_hotspots_and_the_heatmap_switch(demo_copy: Path) -> None:
    at = map_page()
    at.toggle(key="m_triet_xoa").set_value(True).run()
    layers = layer_map(deck(at))
    assert sum(len(v["data"]) for k, v in layers.items() if k.startswith("hotspots-eliminated-")) == 21
    at.radio(key="m_hien").set_value("heatmap").run()
    layers = layer_map(deck(at))
    assert "hotspots-heatmap" in layers and sum(c["n"] for c in layers["hotspots-heatmap"]["data"]) == 13


def test_one_commune_with_its_villages_in_english(demo_copy: Path) -> None:
    at = map_page("en", xa="03508")
    assert at.title[0].value == "Hotspot map"
    layers = layer_map(deck(at))
    codes = {r["code"] for k, v in layers.items() if k.startswith("areas-") and k != "areas-other" for r in v["data"]}
    assert codes == {"03508", "03508-PH"}
    assert len(layers["areas-other"]["data"]) == 2  # the villages without a round of their own
    assert "Ready to leave" in layers["areas-ready"]["data"][0]["tip"]


def test_area_page_embeds_a_small_map(demo_copy: Path) -> None:
    at = app_test()
    at.run()
    at.query_params["ma"] = "03544"
    at.switch_page("pages/area.py").run()
    assert not at.exception
    assert "#### Bản đồ địa bàn" in [m.value for m in at.markdown]
    layers = layer_map(deck(at))
    assert [r["code"] for r in layers["areas-in_progress"]["data"]] == ["03544"]
    assert sum(len(v["data"]) for k, v in layers.items() if k.startswith("hotspots-")) == 7
