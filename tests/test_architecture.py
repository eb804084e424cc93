"""Rules of the code base: core/ never imports streamlit; pages go through core."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from core.importer import DEFAULT_MAX_UPLOAD_MB

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_streamlit() -> None:
    offenders = [p.name for p in (ROOT / "core").rglob("*.py") if "streamlit" in _imports(p)]
    assert offenders == []
    assert len(list((ROOT / "core").rglob("*.py"))) >= 8  # the scan really looked at core/


def test_pages_and_app_run_no_sql_and_open_no_database() -> None:
    for path in [ROOT / "app.py", ROOT / "ui.py", *(ROOT / "pages").glob("*.py")]:
        assert "duckdb" not in _imports(path), path.name
        text = path.read_text(encoding="utf-8")
        assert "SELECT " not in text and "INSERT " not in text, path.name


def test_no_html_from_data_and_the_server_is_locked_down() -> None:
    sources = [ROOT / "app.py", ROOT / "ui.py", *sorted((ROOT / "pages").glob("*.py"))]
    assert not [p.name for p in sources if "unsafe_allow_html" in p.read_text(encoding="utf-8")]
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["maxUploadSize"] == DEFAULT_MAX_UPLOAD_MB
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "HOST ?= 127.0.0.1" in makefile
