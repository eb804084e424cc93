"""AppTest: the Giả định chỉ tiêu page on the demo database."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.helpers import app_test


def whatif_page(lang: str = "vi", **params: str) -> AppTest:
    at = app_test()
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/whatif.py").run()
    assert not at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_moving_a_target_lists_who_stops_being_ready(demo_copy: Path) -> None:
    at = whatif_page()
    assert at.title[0].value == "Giả định chỉ tiêu"
    assert metrics(at)["Theo giả định"] == "2"
    assert at.info[0].value.startswith("Với giả định này, không địa bàn nào thay đổi")
    at.number_input(key="wi_t_C04").set_value(90.0).run()
    assert not at.exception
    assert metrics(at) == {
        "Theo chính thức": "2",
        "Theo giả định": "0",
        "Trở thành đủ điều kiện": "0",
        "Không còn đủ điều kiện": "2",
    }
    flips = at.dataframe[0].value
    assert flips["Địa bàn"].tolist() == ["Bản Phìn Hồ", "Xã Sìn Hồ"]
    assert set(flips["Thay đổi"]) == {"❌ Không còn đủ điều kiện"}
    assert flips["Do tiêu chí"].tolist() == ["C04: 66,7% (chỉ tiêu ≥ 90%)"] * 2
    assert at.query_params["gd"] in ("C04:90", ["C04:90"])
    # Back to the official targets: nothing changes, the link is clean.
    at.button(key="wi_reset").click().run()
    assert metrics(at)["Theo giả định"] == "2"
    assert "gd" not in at.query_params


def test_a_link_reproduces_the_scenario(demo_copy: Path) -> None:
    at = whatif_page(gd="C02:50,C10:80")
    assert at.number_input(key="wi_t_C02").value == 50.0
    flips = at.dataframe[0].value
    assert flips["Địa bàn"].tolist() == ["Xã Tủa Sín Chải"]
    assert flips["Thay đổi"].tolist() == ["✅ Trở thành đủ điều kiện"]
    assert flips["Do tiêu chí"].iloc[0].startswith("C02: ")
    assert metrics(at)["Theo giả định"] == "3"


def test_waiving_the_duration_and_a_bad_link(demo_copy: Path) -> None:
    at = whatif_page(gd="C02:abc")
    assert at.warning[-1].value.startswith("Không đọc được giả định trong đường dẫn")
    at.checkbox(key="wi_duration").uncheck().run()
    flips = at.dataframe[0].value
    assert set(flips["Địa bàn"]) == {"Phường Tân Phong", "Xã Hồng Thu"}
    assert set(flips["Do tiêu chí"]) == {"không xét thời gian chuyển hóa"}


def test_save_reload_and_adopt(demo_copy: Path) -> None:
    at = whatif_page()
    at.number_input(key="wi_t_C02").set_value(75.0).run()
    at.text_input(key="wi_save_name").input("Khám phá 75%")
    at.text_input(key="wi_save_author").input("Đ/c Minh")
    at.button(key="FormSubmitter:wi_save_form-Lưu giả định").click().run()
    assert not at.exception
    assert at.success[0].value == "Đã lưu giả định «Khám phá 75%»."
    at.button(key="wi_reset").click().run()
    assert at.number_input(key="wi_t_C02").value == 80.0
    at.button(key="wi_load").click().run()
    assert at.number_input(key="wi_t_C02").value == 75.0
    # Adopting needs the confirmation, then changes the official target.
    at.text_input(key="wi_adopt_no").input("20/QĐ-BCĐ")
    at.button(key="FormSubmitter:wi_adopt_form-Áp dụng làm chỉ tiêu chính thức").click().run()
    assert at.error[0].value == "Hãy đánh dấu ô xác nhận trước khi áp dụng."
    at.checkbox(key="wi_adopt_confirm").check()
    at.button(key="FormSubmitter:wi_adopt_form-Áp dụng làm chỉ tiêu chính thức").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Đã áp dụng giả định «Khám phá 75%» theo Quyết định 20/QĐ-BCĐ")
    assert at.number_input(key="wi_t_C02").value == 75.0
    assert "gd" not in at.query_params
    history = next(t.value for t in at.table if "Chỉ tiêu mới" in t.value.columns)
    assert history.iloc[0][["Tiêu chí", "Chỉ tiêu cũ", "Chỉ tiêu mới"]].tolist() == ["C02", "≥ 80,0", "≥ 75,0"]
    assert str(history.index[0]).startswith("20/QĐ-BCĐ ")
    assert "**C02** · Tỷ lệ điều tra, khám phá án" in [m.value for m in at.markdown]
    assert "≥ 75%" in [m.value for m in at.markdown]  # the official column now


def test_page_in_english(demo_copy: Path) -> None:
    at = whatif_page("en")
    assert at.title[0].value == "What-if targets"
    assert "Under the scenario" in metrics(at)


def test_a_minimum_number_of_months_instead_of_the_plan(demo_copy: Path) -> None:
    at = whatif_page()
    at.number_input(key="wi_min_months").set_value(6).run()
    # Xã Hồng Thu (10 of 12 months) and Phường Tân Phong (7 of 12) meet every criterion.
    assert metrics(at)["Theo giả định"] == "4"
    assert "sothang:6" in at.query_params["gd"]
