"""The translation table: every key in both languages, every key the code uses exists."""

from __future__ import annotations

import re

from core.base.i18n import TEXTS, t
from tests.conftest import ROOT

KEY_USE = re.compile(r"""\b(?:tr|t)\(\s*f?["']([a-z_]+\.[A-Za-z0-9_.{}]+)["']""")


def test_every_key_has_vietnamese_and_english() -> None:
    missing = [key for key, (vi, en) in TEXTS.items() if not vi.strip() or not en.strip()]
    assert missing == []
    assert len(TEXTS) > 100


def test_placeholders_agree_between_languages() -> None:
    field = re.compile(r"{(\w+)}")
    differ = [k for k, (vi, en) in TEXTS.items() if set(field.findall(vi)) != set(field.findall(en))]
    assert differ == []


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in [
        ROOT / "app.py",
        *(ROOT / "web").glob("*.py"),
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "core").rglob("*.py"),
    ]:
        used.update(KEY_USE.findall(path.read_text(encoding="utf-8")))
    static = {k for k in used if "{" not in k}
    assert static, "the scan found no keys"
    assert sorted(static - set(TEXTS)) == []
    # Keys built from a prefix (f"status.{s}") must have that prefix in the table.
    prefixes = {k.split("{")[0] for k in used if "{" in k}
    assert [p for p in prefixes if not any(key.startswith(p) for key in TEXTS)] == []


def test_vietnamese_is_the_default() -> None:
    assert t("status.ready") == "Đủ điều kiện ra khỏi diện"
    assert t("status.ready", "en") == "Ready to leave"
    assert t("status.ready", "fr") == "Đủ điều kiện ra khỏi diện"
