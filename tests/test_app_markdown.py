"""Names and URL parameters are shown as text, never read as Markdown: a link, an image (which every
viewer's browser would fetch), a formula, a colour or bold in an area's name, a decision number, a
task, a user's full name, a criterion's name, a scenario or a file name, or in ?ma=, stays those
characters on every page (issue: "?ma=[PHIÊN HẾT HẠN - BẤM ĐỂ ĐĂNG NHẬP LẠI](http://evil)" put a
phishing link in the app's own warning).

AppTest gives each element's Markdown source: the tests assert the hostile text is there escaped
(`core.base.text.escape_markdown`, which tests/test_text.py checks against what Chromium renders, and
tests/test_browser_markdown.py checks on a real page) and never raw."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.access import accounts
from core.base.i18n import t
from core.base.text import escape_markdown
from core.domain import tasks, whatif
from core.report import gather as report
from core.storage.db import Database
from tests.helpers import app_test, staff

VILLAGE = "Bản [x](http://evil) ![x](http://127.0.0.1:9/img.png) $\\frac{a$ <img src=x> :red[x] **b**"  # 03508-PH
COMMUNE = "Phường :red[Tân] **Phong** $x$ [y](http://evil)"  # 03408, on track
PHISHING = "[PHIÊN HẾT HẠN - BẤM ĐỂ ĐĂNG NHẬP LẠI](http://evil)"
DECISION = "12/$x$-[QĐ](http://evil)"
CRITERION = "Tỷ lệ $x$ :red[đỏ] ![i](http://127.0.0.1:9/c.png)"
# What the hostile texts would do unescaped (no Markdown the app writes itself uses them).
RAW = ("](", "![", "$", "<img", "http://", ":red[x]", ":red[Tân]", ":red[đỏ]", ":red[UBND]", "**b**", "**gấp**",
       "**Phong**", "**Tác giả**", "**Cán bộ**")  # fmt: skip
OCT = date(2026, 10, 1)


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    path = tmp_path_factory.mktemp("markdown") / "demo.duckdb"
    shutil.copy(demo_template, path)
    admin = accounts.User("quantri", "Quản trị", accounts.ADMIN)
    with Database(path) as db:
        with db.transaction() as cur:
            cur.execute("UPDATE areas SET name = ? WHERE code = '03508-PH'", [VILLAGE])
            cur.execute("UPDATE areas SET name = ? WHERE code = '03408'", [COMMUNE])
            cur.execute("UPDATE rounds SET decision_no = ? WHERE area_code = '03508-PH'", [DECISION])
            cur.execute("UPDATE criteria SET name_vi = ? WHERE code = 'C01'", [CRITERION])
            cur.execute("UPDATE users SET full_name = ? WHERE username = 'canbo'", ["**Cán bộ** [x](http://evil)"])
        canbo = staff("canbo", province="12")
        tasks.add(db, OCT, "Việc **gấp** [x](http://evil) $x$", canbo, owner=":red[UBND]", due=date(2026, 10, 15),
                  area_code="03508-PH")  # fmt: skip
        tasks.add(db, OCT, "Kết luận ![x](http://127.0.0.1:9/k.png)", canbo, kind="conclusion", area_code="03508-PH")
        report.set_committee_name(db, "Ban Chỉ đạo [x](http://evil) $x$", admin)
        whatif.save_scenario(db, "Giả định [x](http://evil)", whatif.OFFICIAL, "**Tác giả**", "$x$ ghi chú", admin)
        db.query_rows("CHECKPOINT")
    return path


@pytest.fixture
def hostile(hostile_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "demo.duckdb"
    shutil.copy(hostile_file, path)
    monkeypatch.setenv("CHUYENHOA_DB", str(path))
    yield path


def nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from nodes(child)


def strings(value: Any) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in strings(item)]


def sources(at: AppTest) -> list[str]:
    """The Markdown source of every element that renders Markdown, labels and st.table cells too."""
    out = [e.value for kind in ("markdown", "caption", "title", "header", "subheader") for e in getattr(at, kind)]
    out += [e.value for kind in ("error", "warning", "info", "success") for e in getattr(at, kind)]
    out += [m.label for m in at.metric] + [m.value for m in at.metric]
    out += [node.label for node in nodes(at._tree) if type(node).__name__ in ("Expander", "Status")]
    out += [b.proto.popover.label for b in at.get("popover")] + [b.label for b in at.tabs]
    for table in at.table:
        frame: pd.DataFrame = table.value
        out += (
            [str(v) for v in frame.to_numpy().ravel()] + [str(c) for c in frame.columns] + list(map(str, frame.index))
        )
    return out


def assert_plain(at: AppTest, *shown: str) -> None:
    """No hostile text raw in any Markdown; each of `shown` there, escaped."""
    assert not at.exception
    found = sources(at)
    raw = [s for s in found if any(fragment in re.sub(r"\\.", "", s) for fragment in RAW)]  # escaped pairs aside
    assert raw == []
    for text in shown:
        assert any(escape_markdown(text) in s for s in found), (text, found)


def page(script: str, user: str = "canbo", **params: str) -> AppTest:
    at = app_test(user)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(script).run()


def test_area_page_of_a_hostile_village(hostile: Path) -> None:
    at = page("pages/area.py", ma="03508-PH", trinh_chieu="1")  # presentation: tasks in st.table
    assert at.title[0].value == escape_markdown(VILLAGE)
    assert_plain(at, VILLAGE, DECISION, "Việc **gấp** [x](http://evil) $x$", ":red[UBND]")
    assert f"**Quyết định số {escape_markdown(DECISION)}** ngày" in "\n".join(m.value for m in at.markdown)


def test_a_hostile_area_code_in_the_address(hostile: Path) -> None:
    at = page("pages/area.py", ma=PHISHING)
    assert at.warning[0].value == t("area.unknown_code", code=escape_markdown(PHISHING), name=escape_markdown(COMMUNE))
    assert_plain(at, PHISHING)


def test_villages_criteria_and_account_name(hostile: Path) -> None:
    at = page("pages/area.py", ma="03508")  # the commune: its villages, in an st.table
    assert_plain(at, VILLAGE, CRITERION, "**Cán bộ** [x](http://evil)")
    # The map names the village in a text tooltip (set as text by the browser, never as HTML).
    deck = at.get("deck_gl_json_chart")[0].proto
    assert set(json.loads(deck.tooltip)) == {"text", "style"}
    assert VILLAGE in strings(json.loads(deck.json))  # the name as typed: the tooltip shows it as text


def test_overview_in_presentation_mode(hostile: Path) -> None:
    at = page("pages/overview.py", trinh_chieu="1")
    assert_plain(at, "Việc **gấp** [x](http://evil) $x$")  # the open tasks, in an st.table
    matrix = next(d for d in at.dataframe if "C01" in d.value.columns)
    assert COMMUNE in matrix.value.iloc[:, 0].tolist()  # a dataframe shows text as it is: not escaped
    helps = {code: column.get("help") for code, column in json.loads(matrix.proto.columns).items()}
    assert helps["C01"] == escape_markdown(CRITERION)  # a column's help tooltip is Markdown
    # The agenda: step 1 of n, then the areas under review by name.
    at = page("pages/area.py", ma="03408", trinh_chieu="1")
    assert_plain(at, COMMUNE)


def test_report_exit_review_and_whatif(hostile: Path) -> None:
    assert_plain(page("pages/report.py"), "Ban Chỉ đạo [x](http://evil) $x$", "Kết luận ![x](http://127.0.0.1:9/k.png)")
    assert_plain(page("pages/exit_review.py"), COMMUNE)  # on track: a Markdown list
    at = page("pages/whatif.py")
    assert_plain(at, CRITERION, "Giả định [x](http://evil)", "**Tác giả**", "$x$ ghi chú")


def test_recording_an_exit_with_a_hostile_decision_number(hostile: Path) -> None:
    with Database(hostile) as db:
        round_id = db.query_value("SELECT id FROM rounds WHERE area_code = '03508-PH'")
    at = page("pages/exit_review.py")
    at.selectbox(key="exit_round").set_value(round_id)
    at.text_input(key="exit_no").input(DECISION)
    next(b for b in at.button if b.label == t("exit.form_submit")).click()
    at.run()
    assert_plain(at, VILLAGE, DECISION)  # the flash: "Đã ghi: … theo Quyết định …"


def test_uploading_a_file_with_a_hostile_name(hostile: Path) -> None:
    at = page("pages/upload.py")
    name = "[x](http://evil) $x$.csv"
    at.file_uploader[0].set_value(
        (name, b"ma_dia_ban,thang,chi_so,gia_tri\n03529,10/2026,crimes,1\n", "text/csv")
    ).run()
    assert_plain(at, name)


def test_a_long_value_in_the_address_is_quoted_short(hostile: Path) -> None:
    """A link may carry a 100 KB ?ma= or ?gd=: the page quotes at most 80 characters of it back."""
    long_code = "[x](http://evil)" + "A" * 100_000
    at = page("pages/area.py", ma=long_code)
    assert at.warning[0].value.startswith(t("area.unknown_code", code="", name="")[:20])
    assert len(at.warning[0].value) < 400
    assert "\\[x\\](http\\://evil)AAAA" in at.warning[0].value.replace("\u2060", "")
    assert "…" in at.warning[0].value
    at = page("pages/whatif.py", gd="C02" + "9" * 100_000)
    said = [w.value for w in at.warning if "C02999" in w.value]
    assert len(said) == 1 and len(said[0]) < 400 and "…" in said[0]
