"""The bench scripts are not run by `make test` (they take minutes at national scale), but each must
at least load with what it imports from the project and the other scripts: a renamed helper broke
`make bench` once, unseen by the tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted(p.name for p in BENCH.glob("*.py") if p.name != "_common.py")


def test_every_bench_script_is_listed() -> None:
    assert {"bench_import.py", "bench_pages.py", "bench_report.py", "bench_rss.py", "profile.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_bench_script_loads(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_under_test_{name[:-3]}", BENCH / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # runs the imports, not main(): that is guarded by __name__
    assert callable(getattr(module, "main", None))
