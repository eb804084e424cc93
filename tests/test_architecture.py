"""Rules of the code base: core/ never imports streamlit; pages go through core."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from core.domain.admin import DEFAULT_MAX_UPLOAD_MB

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


# Which part of core/ may import which: each part only from the parts before it in this order of
# concepts (base < storage < access < domain < importer, views < report, geo, seed < cli).
MAY_IMPORT: dict[str, set[str]] = {
    "base": set(),
    "storage": {"base"},
    "access": {"base", "storage"},
    "domain": {"base", "storage", "access"},
    "importer": {"base", "storage", "access", "domain"},
    "views": {"base", "storage", "access", "domain"},
    "report": {"base", "storage", "access", "domain", "views"},
    "geo": {"base", "storage", "access", "domain", "views", "importer"},
    "seed": {"base", "storage", "access", "domain", "importer"},
    "cli": {"base", "storage", "access", "domain", "importer", "views", "report", "geo", "seed"},
}


def _core_imports(path: Path) -> set[str]:
    """The parts of core/ a module imports (core.X.y -> X; `from core import X` -> X)."""
    parts: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "core":
            dotted = node.module.split(".")
            parts.update([dotted[1]] if len(dotted) > 1 else [alias.name for alias in node.names])
        elif isinstance(node, ast.Import):
            parts.update(a.name.split(".")[1] for a in node.names if a.name.startswith("core."))
    return parts


def _part(path: Path) -> str:
    relative = path.relative_to(ROOT / "core").parts
    return relative[0] if len(relative) > 1 else relative[0].removesuffix(".py")


def test_core_parts_import_only_the_parts_below_them() -> None:
    modules = [p for p in (ROOT / "core").rglob("*.py") if p.name != "__init__.py" or p.parent != ROOT / "core"]
    assert {_part(p) for p in modules} == set(MAY_IMPORT)  # every part has a rule, every rule a part
    wrong = sorted(
        f"{p.relative_to(ROOT)} imports core.{other}"
        for p in modules
        for other in _core_imports(p) - MAY_IMPORT[_part(p)] - {_part(p)}
    )
    assert wrong == []


def test_core_never_imports_the_web_glue_or_pages() -> None:
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "core").rglob("*.py") if _imports(p) & {"ui", "web", "pages"}
    ]
    assert offenders == []


def test_pages_and_app_run_no_sql_and_open_no_database() -> None:
    for path in [ROOT / "app.py", *(ROOT / "web").glob("*.py"), *(ROOT / "pages").glob("*.py")]:
        assert "duckdb" not in _imports(path), path.name
        text = path.read_text(encoding="utf-8")
        assert "SELECT " not in text and "INSERT " not in text, path.name


def test_no_html_from_data_and_the_server_is_locked_down() -> None:
    sources = [ROOT / "app.py", *sorted((ROOT / "web").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
    assert not [p.name for p in sources if "unsafe_allow_html" in p.read_text(encoding="utf-8")]
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["maxUploadSize"] == DEFAULT_MAX_UPLOAD_MB
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "HOST ?= 127.0.0.1" in makefile
