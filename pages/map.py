"""Bản đồ điểm nóng: the areas under transformation coloured by status and the hotspots by type, at
the reviewed month, drawn offline (no basemap unless a tile URL is set). Clicking an area opens its
page. Filters live in the URL (?tinh=12&xa=03508&trang_thai=relapsed&loai=ma_tuy,co_bac)."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

import web
from core.access.scope import Scope
from core.base.formatting import fmt_month, fmt_number, month_key
from core.geo import boundaries, maps
from core.storage.db import Database

ALL = ""
MAP_HEIGHT = 620


# -- cached loaders (web.cached: database file, data version, scope, arguments) ----------------------


@web.cached(scoped=True, max_entries=32)
def _load_areas(
    database: Database, scope: Scope, month: date, province: str | None, commune: str | None
) -> pd.DataFrame:
    status = web.round_status(month)  # the session's scope: the one this loader is keyed on
    return maps.area_points(database, status, month, province=province, commune=commune, scope=scope)


@web.cached(scoped=True, max_entries=32)
def _load_hotspots(
    database: Database, scope: Scope, month: date, province: str | None, commune: str | None, eliminated: bool
) -> pd.DataFrame:
    return maps.hotspot_points(
        database, month, province=province, commune=commune, include_eliminated=eliminated, scope=scope
    )


@web.cached(max_entries=16)
def _load_boundaries(database: Database, codes: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    return boundaries.boundaries_for(database, list(codes))


@web.cached(scoped=True, max_entries=8)
def _load_provinces(database: Database, scope: Scope) -> pd.DataFrame:
    return maps.provinces(database, scope)


@web.cached(scoped=True, max_entries=8)
def _load_setup(database: Database, scope: Scope, month: date) -> tuple[str | None, str]:
    status = web.round_status(month)
    province = scope.province or maps.province_of_interest(database, status)
    return province, maps.basemap_tile_url(database)


# -- filters --------------------------------------------------------------------------------------


def _pick_province(default: str | None, container: st.delta_generator.DeltaGenerator) -> str | None:
    provinces = _load_provinces()
    names = dict(zip(provinces["code"], provinces["name"], strict=True))
    options = [*names] if web.scope().province else [ALL, *names]  # a scoped user: their province only
    labels = {code: names.get(code, web.tr("map.province_all")) for code in options}
    picked = web.sticky_selectbox(
        web.tr("map.province"), options, "m_tinh", "tinh", labels,
        lambda raw: raw if raw in names or raw == ALL else None, default or ALL, container=container,
    )  # fmt: skip
    return picked or None


def _pick_commune(areas: pd.DataFrame, container: st.delta_generator.DeltaGenerator) -> str | None:
    """Zoom to one commune (with its villages): the communes with a round, or all in a province."""
    choices = areas[areas["level"] == "commune"]
    with_round = choices[choices["status"] != maps.NO_ROUND]
    if len(choices) > 300:
        choices = with_round
    names = dict(zip(choices["code"], choices["name"], strict=True))
    options = [ALL, *names]
    labels = {
        code: web.tr("map.commune_option", name=names[code], code=code) if code else web.tr("map.commune_all")
        for code in options
    }
    picked = web.sticky_selectbox(
        web.tr("map.commune"), options, "m_xa", "xa", labels, lambda raw: raw if raw in names else None, ALL,
        container=container,
    )  # fmt: skip
    return picked or None


def _legend() -> None:
    """Swatches for the statuses and hotspot types. Constant markup: colours are the palette's and
    words come from the translation table (escaped all the same); no data goes into it."""

    def swatch(colour: str, label: str, ring: str = "#111111", hollow: bool = False, size: int = 18) -> str:
        fill = "#ffffff" if hollow else colour
        border = colour if hollow else ring
        return (
            '<span style="display:inline-flex;align-items:center;gap:6px;margin-right:18px;font-size:1.05rem">'
            f'<span style="width:{size}px;height:{size}px;border-radius:50%;background:{fill};'
            f'border:2.5px solid {border};display:inline-block"></span>{html.escape(label)}</span>'
        )

    statuses = "".join(swatch(maps.STATUS_COLOURS_HEX[s], web.tr(f"status.{s}")) for s in maps.STATUSES)
    statuses += swatch(maps.NO_ROUND_HEX, web.tr("map.no_round"), ring=maps.NO_ROUND_HEX, size=10)
    types = "".join(
        swatch(maps.HOTSPOT_TYPE_COLOURS[k], web.tr(f"map.type.{k}"), ring="#ffffff", size=14)
        for k in maps.HOTSPOT_TYPES
    )
    types += swatch("#555555", web.tr("map.legend.eliminated"), hollow=True, size=12)
    st.html(
        f'<div style="line-height:2"><b>{html.escape(web.tr("map.legend.status"))}</b>: {statuses}<br>'
        f"<b>{html.escape(web.tr('map.legend.types'))}</b>: {types}</div>"
    )


# -- the page -------------------------------------------------------------------------------------


def _open_area(event: object, month: date) -> None:
    selection = getattr(event, "selection", None) or {}
    for layer_id, objects in (selection.get("objects") or {}).items():
        if maps.is_area_layer(str(layer_id)) and objects and objects[0].get("code"):
            params = {"ma": str(objects[0]["code"]), "thang": month_key(month), "lang": web.lang()}
            if web.presenting():
                params[web.PRESENT_PARAM] = "1"
            st.switch_page(web.AREA_PAGE, query_params=params)


def render() -> None:
    web.guard("view")
    lang = web.lang()
    month = web.reviewed_month()
    web.page_header(web.tr("map.title"), web.tr("map.as_of", month=fmt_month(month, lang)))
    default_province, tile_url = _load_setup(month)

    top = st.columns([2, 3, 3, 4])
    province = _pick_province(default_province, top[0])
    communes = _load_areas(month, province, None)
    commune = _pick_commune(communes, top[1])
    statuses = web.sticky_multiselect(
        web.tr("filter.status"),
        list(maps.STATUSES),
        "f_trang_thai",
        "trang_thai",
        lambda s: web.tr(f"status.{s}"),
        top[2],
    )
    kinds = web.sticky_multiselect(
        web.tr("map.filter.type"), list(maps.HOTSPOT_TYPES), "m_loai", "loai", lambda k: web.tr(f"map.type.{k}"), top[3]
    )
    row = st.columns([3, 4, 3], vertical_alignment="bottom")
    size_by: str = row[0].radio(
        web.tr("map.size"), maps.SIZES, format_func=lambda s: web.tr(f"map.size.{s}"), horizontal=True, key="m_co"
    )
    view_mode: str = row[1].radio(
        web.tr("map.view"), maps.VIEWS, format_func=lambda v: web.tr(f"map.view.{v}"), horizontal=True, key="m_hien"
    )
    eliminated = row[2].toggle(web.tr("map.eliminated"), key="m_triet_xoa")

    areas = _load_areas(month, province, commune) if commune else communes
    if statuses:
        areas = areas[(areas["status"] == maps.NO_ROUND) | areas["status"].isin(statuses)]
    hotspots = _load_hotspots(month, province, commune, eliminated)
    kinds_all = hotspots["kind"] if not hotspots.empty else pd.Series(dtype=object)
    if kinds:
        hotspots = hotspots[kinds_all.isin(kinds)]
    if areas.empty and hotspots.empty:
        st.info(web.tr("map.no_coords"))
        return
    if len(hotspots) > maps.HOTSPOT_POINT_LIMIT and view_mode == maps.VIEW_POINTS:
        st.caption(web.tr("map.aggregated", n=fmt_number(len(hotspots), 0, lang)))
    deck = maps.deck_for_map(
        areas,
        hotspots,
        lang=lang,
        size_by=size_by,
        view_mode=view_mode,
        tile_url=tile_url,
        width=1300,
        height=MAP_HEIGHT,
        boundaries=_load_boundaries(tuple(areas["code"])) if not areas.empty else None,
    )
    active = int(hotspots["active"].sum()) if not hotspots.empty else 0
    st.markdown(
        "**"
        + web.tr(
            "map.summary",
            areas=fmt_number(int((areas["status"] != maps.NO_ROUND).sum()), 0, lang),
            active=fmt_number(active, 0, lang),
            eliminated=fmt_number(len(hotspots) - active, 0, lang),
        )
        + "**"
    )
    event = st.pydeck_chart(
        deck,
        on_select="rerun",
        selection_mode="single-object",
        key="hotspot_map",
        height=MAP_HEIGHT,
        alt=web.tr("map.alt"),
    )
    _open_area(event, month)
    _legend()
    st.caption(web.tr("map.hint", what=web.tr(f"map.size.{size_by}")))


render()
