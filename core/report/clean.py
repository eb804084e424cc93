"""A report's text made safe to lay out: every string that came from data (area names, decision
numbers, task texts, owners and notes, the committee's name, criterion names edited by admins) without
the characters Word, Excel and PDF fonts refuse or that hide how a name reads (`core.base.text.printable`).

python-docx refuses a control character ("All strings must be XML compatible"), openpyxl refuses one
in a cell, and a right-to-left override would print a name backwards: one such name must not stop a
province's report."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import pandas as pd

from core.base.text import printable
from core.report.gather import Block, Report

_TEXT_FIELDS = ("text", "caption", "headers", "rows")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _block(block: Block) -> Block:
    texts = {f.name: _clean(getattr(block, f.name)) for f in fields(block) if f.name in _TEXT_FIELDS}
    return replace(block, **texts)


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_clean)
    out.columns = [_clean(c) for c in out.columns]
    return out


def printable_report(report: Report) -> Report:
    """`report` with every text printable: blocks, header, recipients and the XLSX tables."""
    return replace(
        report,
        committee=printable(report.committee),
        place=printable(report.place),
        blocks=[_block(b) for b in report.blocks],
        recipients=[printable(r) for r in report.recipients],
        scorecard=_frame(report.scorecard),
        indicators=_frame(report.indicators),
        exits=_frame(report.exits),
        task_items=_frame(report.task_items),
    )
