"""What part of the country a user may see: everything, one province, or one commune.

A `Scope` turns into a SQL condition over an `areas` row (`scope.condition("a")`) with named
parameters (`scope.params()`), so every query in `core` filters in the database, not in the UI.
A commune scope covers the commune and its villages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.storage.db import Database, quote_identifier


@dataclass(frozen=True)
class Scope:
    province: str | None = None
    commune: str | None = None

    @property
    def is_all(self) -> bool:
        return self.province is None and self.commune is None

    def condition(self, alias: str = "a") -> str:
        """A SQL condition on the areas row `alias`, using the named parameters of `params()`."""
        a = quote_identifier(alias)
        return (
            f"($scope_province IS NULL OR {a}.province_code = $scope_province) AND "
            f"($scope_commune IS NULL OR {a}.code = $scope_commune OR {a}.parent_code = $scope_commune)"
        )

    def province_condition(self, column: str = "code") -> str:
        """A SQL condition on a province code column: the scope's province (a commune's own province)."""
        c = quote_identifier(column)
        return (
            f"(($scope_province IS NULL AND $scope_commune IS NULL) OR {c} = coalesce($scope_province, "
            "(SELECT s.province_code FROM areas s WHERE s.code = $scope_commune)))"
        )

    def params(self) -> dict[str, Any]:
        return {"scope_province": self.province, "scope_commune": self.commune}

    def covers(self, area_code: str, province_code: str | None, parent_code: str | None) -> bool:
        """Whether one area (given its province and parent) is in this scope."""
        if self.province is not None and province_code != self.province:
            return False
        return self.commune is None or self.commune in (area_code, parent_code)

    def filter(self, frame: pd.DataFrame, code: str = "area_code", province: str = "province_code") -> pd.DataFrame:
        """Rows of a frame already read whose area is in scope (for frames built from other frames)."""
        if self.is_all:
            return frame
        keep = pd.Series(True, index=frame.index)
        if self.province is not None:
            keep &= frame[province] == self.province
        if self.commune is not None:
            parent = frame["parent_code"] if "parent_code" in frame.columns else pd.Series(None, index=frame.index)
            keep &= (frame[code] == self.commune) | (parent == self.commune)
        return frame[keep]


ALL = Scope()


def area_in_scope(db: Database, code: str, scope: Scope) -> bool:
    """Whether the area `code` exists and lies in `scope`."""
    sql = f"SELECT count(*) FROM areas a WHERE a.code = $code AND {scope.condition('a')}"
    return bool(db.query_value(sql, {"code": code, **scope.params()}))
