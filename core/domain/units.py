"""Administrative units: the 34 provinces and 3,321 communes of the two-level structure (from 1 July
2025), and the 10,040 pre-2025 communes with the commune each became, from `vietnamadminunits`."""

from __future__ import annotations

import json
from importlib import resources

import duckdb
import pandas as pd
from vietnamadminunits.database import get_data

from core.base.text import key, short_name_key


def official_units() -> pd.DataFrame:
    """Provinces and communes as rows of the `areas` table."""
    rows = get_data(
        [
            "province",
            "provinceShort",
            "provinceCode",
            "provinceLat",
            "provinceLon",
            "ward",
            "wardShort",
            "wardType",
            "wardCode",
            "wardLat",
            "wardLon",
            "wardAreaKm2",
        ],
        "admin_units",
    )
    df = pd.DataFrame(rows)
    provinces = (
        df.groupby("provinceCode", as_index=False)
        .agg(
            name=("province", "first"),
            short=("provinceShort", "first"),
            lat=("provinceLat", "first"),
            lon=("provinceLon", "first"),
            area_km2=("wardAreaKm2", "sum"),
        )
        .rename(columns={"provinceCode": "code"})
    )
    provinces["level"] = "province"
    provinces["unit_type"] = provinces["name"].str.split(" ").str[0].map({"Tỉnh": "Tỉnh", "Thành": "Thành phố"})
    provinces["parent_code"] = None
    provinces["province_code"] = provinces["code"]
    provinces["name_key"] = provinces["short"].map(key)
    communes = pd.DataFrame(
        {
            "code": df["wardCode"],
            "name": df["ward"],
            "level": "commune",
            "unit_type": df["wardType"],
            "parent_code": df["provinceCode"],
            "province_code": df["provinceCode"],
            "lat": df["wardLat"],
            "lon": df["wardLon"],
            "area_km2": df["wardAreaKm2"],
            "name_key": df["wardShort"].fillna("").map(key),
        }
    )
    cols = ["code", "name", "level", "unit_type", "parent_code", "province_code", "lat", "lon", "area_km2", "name_key"]
    out = pd.concat([provinces[cols], communes[cols]], ignore_index=True)
    out["official"] = True
    return out


def legacy_units() -> pd.DataFrame:
    """Pre-2025 communes with the code of the commune that replaced them (the default one when a
    commune was divided between several)."""
    legacy = pd.DataFrame(
        get_data(
            [
                "province",
                "provinceCode",
                "district",
                "ward",
                "wardShort",
                "wardCode",
                "provinceKey",
                "districtKey",
                "wardKey",
            ],
            "admin_units_legacy",
        )
    ).dropna(subset=["wardCode", "ward"])
    current = pd.DataFrame(get_data(["provinceKey", "wardKey", "wardCode"], "admin_units"))
    new_code = {(p, w): c for p, w, c in current.itertuples(index=False)}
    conv = json.loads(
        resources.files("vietnamadminunits").joinpath("data/converter_2025.json").read_text(encoding="utf-8")
    )
    old_to_new: dict[str, str] = {}
    for new_province, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            code = new_code.get((new_province, new_ward))
            if code:
                for old in old_keys:
                    old_to_new.setdefault(old, code)
    for new_province, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, candidates in olds.items():
            default = next((c for c in candidates if c.get("isDefaultNewWard")), candidates[0])
            code = new_code.get((new_province, default["newWardKey"]))
            if code:
                old_to_new[old] = code
    old_keys = legacy["provinceKey"] + "_" + legacy["districtKey"] + "_" + legacy["wardKey"]
    return pd.DataFrame(
        {
            "old_code": legacy["wardCode"],
            "old_name": legacy["ward"],
            "district_name": legacy["district"],
            "province_name": legacy["province"],
            "province_code": legacy["provinceCode"],
            "new_code": old_keys.map(old_to_new),
            "name_key": legacy["wardShort"].fillna(legacy["ward"]).map(short_name_key),
        }
    ).drop_duplicates("old_code")


def load_units(cur: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Insert (or refresh) the official units and the legacy map. Returns (areas, legacy) counts."""
    units = official_units()
    legacy = legacy_units()
    cur.register("units_df", units)
    cur.register("legacy_df", legacy)
    cur.execute(
        "INSERT OR REPLACE INTO areas (code, name, level, unit_type, parent_code, province_code, lat, lon, "
        "area_km2, official, name_key) SELECT code, name, level, unit_type, parent_code, province_code, lat, "
        "lon, area_km2, official, name_key FROM units_df"
    )
    cur.execute("INSERT OR REPLACE INTO legacy_units SELECT * FROM legacy_df")
    cur.unregister("units_df")
    cur.unregister("legacy_df")
    return len(units), len(legacy)
