"""Named read queries the pages use, each returning plain Python or a DataFrame."""

from __future__ import annotations

from datetime import date

from core.access.scope import ALL, Scope
from core.storage.db import Database

_PROVINCE_SCOPE = Scope().province_condition("code")


def months_with_data(db: Database) -> list[date]:
    """Every month that has at least one indicator figure, oldest first."""
    rows = db.query_rows("SELECT DISTINCT month FROM indicator_values ORDER BY month")
    return [date(m.year, m.month, 1) for (m,) in rows]


def province_names(db: Database, scope: Scope = ALL) -> dict[str, str]:
    """Province code -> name, for the 34 provinces (the user's own, for a scoped user)."""
    rows = db.query_rows(
        f"SELECT code, name FROM areas WHERE level = 'province' AND {_PROVINCE_SCOPE} ORDER BY code",
        scope.params(),
    )
    return {str(code): str(name) for code, name in rows}


def indicator_labels(db: Database, lang: str = "vi") -> dict[str, str]:
    """Indicator code -> "name (unit)" in Vietnamese or English."""
    rows = db.query_rows("SELECT code, name_vi, unit_vi, name_en, unit_en FROM indicators ORDER BY display_order")
    return {
        str(code): f"{name_en} ({unit_en})" if lang == "en" else f"{name_vi} ({unit_vi})"
        for code, name_vi, unit_vi, name_en, unit_en in rows
    }


def area_name(db: Database, code: str) -> str | None:
    value = db.query_value("SELECT name FROM areas WHERE code = ?", [code])
    return None if value is None else str(value)
