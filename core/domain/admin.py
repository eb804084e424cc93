"""What only administrators change: the criteria and their targets, and the settings. Audited."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from core.access import audit
from core.access.accounts import User, require
from core.domain.criteria import COMPARISONS, criteria_table
from core.storage.db import Database

DEFAULT_MAX_UPLOAD_MB = 20  # setting `max_upload_mb`; the server's own limit is server.maxUploadSize

# Settings an administrator edits (table meta): key -> (default, least, most).
SETTINGS: dict[str, tuple[float, float, float]] = {
    "watch_months": (12, 1, 60),
    "amber_margin": (5, 0, 50),
    "target_transformed_pct": (60, 0, 100),
    "target_sustained_pct": (85, 0, 100),
    "min_base_for_percent": (10, 0, 1000),
    "max_upload_mb": (DEFAULT_MAX_UPLOAD_MB, 1, 200),
}

EDITABLE_CRITERIA = ("name_vi", "name_en", "comparison", "target", "required")


class AdminRefused(ValueError):
    """The change was refused; the message says why, in Vietnamese."""


def settings(db: Database) -> dict[str, float]:
    return {key: float(db.get_meta(key, str(default)) or default) for key, (default, _, _) in SETTINGS.items()}


def update_settings(db: Database, actor: User, values: dict[str, float]) -> int:
    """Store changed settings; returns how many changed."""
    require(actor, "settings")
    current = settings(db)
    changed = {}
    for key, value in values.items():
        if key not in SETTINGS:
            raise AdminRefused(f"Không có cài đặt {key}.")
        _, least, most = SETTINGS[key]
        if not least <= float(value) <= most:
            raise AdminRefused(f"{key}: giá trị phải từ {least:g} đến {most:g}.")
        if not math.isclose(float(value), current[key]):
            changed[key] = float(value)
    if not changed:
        return 0
    with db.transaction() as cur:
        for key, value in changed.items():
            db.set_meta(cur, key, f"{value:g}")
        audit.record(
            cur,
            actor.username,
            "settings_change",
            "settings",
            "Sửa cài đặt: " + ", ".join(changed),
            {k: current[k] for k in changed},
            changed,
        )
    return len(changed)


def update_criteria(db: Database, actor: User, edited: pd.DataFrame) -> int:
    """Store the edited names, comparisons, targets and `required` flags of the criteria (rows keyed
    by `code`). Formulas stay as they are. Returns how many criteria changed."""
    require(actor, "criteria")
    current = criteria_table(db).set_index("code")
    before: dict[str, dict[str, Any]] = {}
    after: dict[str, dict[str, Any]] = {}
    for row in edited.to_dict("records"):
        code = str(row["code"])
        if code not in current.index:
            raise AdminRefused(f"Không có tiêu chí {code}.")
        name_vi, name_en = str(row["name_vi"]).strip(), str(row["name_en"]).strip()
        comparison, target, required = str(row["comparison"]), float(row["target"]), bool(row["required"])
        if not name_vi or not name_en:
            raise AdminRefused(f"{code}: cần tên tiếng Việt và tiếng Anh.")
        if comparison not in COMPARISONS:
            raise AdminRefused(f"{code}: phép so sánh phải là một trong {', '.join(COMPARISONS)}.")
        if math.isnan(target):
            raise AdminRefused(f"{code}: cần chỉ tiêu là một số.")
        if current.at[code, "unit"] == "percent" and not 0 <= target <= 100:
            raise AdminRefused(f"{code}: chỉ tiêu phần trăm phải từ 0 đến 100.")
        new: dict[str, Any] = {
            "name_vi": name_vi,
            "name_en": name_en,
            "comparison": comparison,
            "target": target,
            "required": required,
        }
        stored = {str(k): v for k, v in current.loc[code].to_dict().items()}
        old: dict[str, Any] = {
            "name_vi": str(stored["name_vi"]),
            "name_en": str(stored["name_en"]),
            "comparison": str(stored["comparison"]),
            "target": float(stored["target"]),
            "required": bool(stored["required"]),
        }
        if old != new:
            before[code], after[code] = old, new
    if not after:
        return 0
    with db.transaction() as cur:
        for code, new in after.items():
            cur.execute(
                "UPDATE criteria SET name_vi = ?, name_en = ?, comparison = ?, target = ?, required = ? WHERE code = ?",
                [new["name_vi"], new["name_en"], new["comparison"], new["target"], new["required"], code],
            )
        audit.record(
            cur, actor.username, "criteria_change", "criteria", "Sửa tiêu chí: " + ", ".join(after), before, after
        )
    return len(after)
