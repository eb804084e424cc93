"""`init`: a new database with the administrative units, the indicators and the default criteria."""

from __future__ import annotations

from dataclasses import dataclass

from core.access.accounts import ensure_admin
from core.domain.catalog import CRITERIA, INDICATORS
from core.domain.units import load_units
from core.storage.db import Database


@dataclass(frozen=True)
class InitResult:
    areas: int
    legacy: int
    indicators: int
    criteria: int
    admin_password: str | None = None  # set once, when this run created the first account


def init_database(db: Database, create_admin: bool = True) -> InitResult:
    """Load units and seed the catalog. Safe to run again: criteria and indicator bounds a province
    changed are kept.
    A database without accounts gets an admin `admin` with a random password (returned once)."""
    with db.transaction() as cur:
        areas, legacy = load_units(cur)
        for order, ind in enumerate(INDICATORS, start=1):
            # Names and order from the catalog; bounds only for a new indicator (a province may change them).
            cur.execute(
                "INSERT INTO indicators (code, name_vi, name_en, unit_vi, unit_en, value_kind, display_order, "
                "max_value, max_per_person) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
                "name_vi = excluded.name_vi, name_en = excluded.name_en, unit_vi = excluded.unit_vi, "
                "unit_en = excluded.unit_en, value_kind = excluded.value_kind, display_order = excluded.display_order",
                [
                    ind.code,
                    ind.name_vi,
                    ind.name_en,
                    ind.unit_vi,
                    ind.unit_en,
                    ind.value_kind,
                    order,
                    ind.max_value,
                    ind.max_per_person,
                ],
            )
        for order, c in enumerate(CRITERIA, start=1):
            cur.execute(
                "INSERT INTO criteria VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    c.code,
                    c.name_vi,
                    c.name_en,
                    c.aggregate,
                    c.numerator,
                    c.denominator,
                    c.comparison,
                    c.target,
                    c.unit,
                    c.required,
                    order,
                ],
            )
        db.set_meta(cur, "initialised", "1")
    password = ensure_admin(db) if create_admin else None
    return InitResult(areas, legacy, len(INDICATORS), len(CRITERIA), password)
