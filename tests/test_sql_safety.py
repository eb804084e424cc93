"""Every SQL value is bound as a parameter: no SQL in core/ is built from non-constant parts.

The scan reads core/*.py and looks at every f-string, `%` and `.format` whose text looks like SQL.
Each interpolated part must be a module constant (UPPER_CASE), a call of `quote_identifier(...)` or
of a scope's `.condition(...)`, a module function called with such parts only, or a local variable
that is only ever assigned such parts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "core"
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|CREATE|DROP|ALTER)\b")
CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
SAFE_CALLS = {"quote_identifier", "condition"}


def _text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(v) for v in node.values)
    return ""


class _Function:
    """The safe local names of one function (assigned only from safe expressions)."""

    def __init__(self, body: list[ast.stmt], inherited: frozenset[str] = frozenset()) -> None:
        self.inherited = inherited  # the safe names of the enclosing function (a closure reads them)
        self.assignments: dict[str, list[ast.expr | None]] = {}
        for node in ast.walk(ast.Module(body=body, type_ignores=[])):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name):
                self._bind(node.target, node.value)
            elif isinstance(node, (ast.For, ast.comprehension)):
                self._bind(node.target, None)
            elif isinstance(node, ast.arg):
                self.assignments.setdefault(node.arg, []).append(None)
        self.safe: set[str] = set()
        changed = True
        while changed:
            changed = False
            for name, values in self.assignments.items():
                if name not in self.safe and all(v is not None and self.is_safe(v) for v in values):
                    self.safe.add(name)
                    changed = True

    def _bind(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.assignments.setdefault(target.id, []).append(value)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for t, v in zip(target.elts, value.elts, strict=True):
                    self._bind(t, v)
            else:  # unpacking a constant's item: each part is as safe as the whole
                for t in target.elts:
                    self._bind(t, value)

    def is_safe(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            own = node.id in self.assignments
            return bool(CONSTANT.match(node.id)) or node.id in self.safe or (not own and node.id in self.inherited)
        if isinstance(node, ast.JoinedStr):
            return all(self.is_safe(v.value) for v in node.values if isinstance(v, ast.FormattedValue))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in SAFE_CALLS:
                return True
            # A module function (a fragment builder) called with constant arguments gives a constant.
            arguments = [*node.args, *(k.value for k in node.keywords)]
            return isinstance(func, ast.Name) and all(self.is_safe(a) for a in arguments)
        if isinstance(node, ast.DictComp):
            return self.is_safe(node.value)
        if isinstance(node, ast.Subscript):
            return self.is_safe(node.value)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.is_safe(node.left) and self.is_safe(node.right)
        if isinstance(node, ast.IfExp):
            return self.is_safe(node.body) and self.is_safe(node.orelse)
        return False


def unsafe_sql(source: str) -> list[tuple[int, str]]:
    """(line, snippet) of every SQL text built from a part that is not known to be constant."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, function: _Function) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nested = function is not module_function  # a closure reads its enclosing function's names
            inherited = frozenset(function.safe | function.inherited) if nested else frozenset()
            function = _Function(node.body + [ast.Expr(a) for a in node.args.args], inherited)  # type: ignore[list-item]
        if isinstance(node, ast.JoinedStr) and SQL.search(_text(node)):
            if not function.is_safe(node):
                found.append((node.lineno, _text(node)[:60]))
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and SQL.search(_text(node.left)):
            found.append((node.lineno, _text(node.left)[:60]))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and SQL.search(_text(node.func.value))
        ):
            found.append((node.lineno, _text(node.func.value)[:60]))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    module_function = _Function(tree.body)
    visit(tree, module_function)
    return sorted(set(found))


def test_the_scan_catches_sql_built_from_values() -> None:
    bad = """
def find(db, name, code):
    db.query_df(f"SELECT * FROM areas WHERE name = '{name}'")
    db.query_df("SELECT * FROM areas WHERE code = '%s'" % code)
    db.query_df("DELETE FROM areas WHERE code = {}".format(code))
    where = "name = '" + name + "'"
    db.query_df(f"SELECT * FROM areas WHERE {where}")
"""
    assert [line for line, _ in unsafe_sql(bad)] == [3, 4, 5, 7]


def test_the_scan_accepts_constants_identifiers_and_scope_conditions() -> None:
    good = """
_COLUMNS = "code, name"
def find(db, kind, scope):
    table = quote_identifier(kind)
    where = scope.condition("a")
    db.query_df(f"SELECT {_COLUMNS} FROM {table} a WHERE {where} AND code = ?", ["x"])
"""
    assert unsafe_sql(good) == []


def test_no_sql_in_core_is_built_from_values() -> None:
    problems = {path.name: unsafe_sql(path.read_text(encoding="utf-8")) for path in sorted(CORE.rglob("*.py"))}
    assert {name: found for name, found in problems.items() if found} == {}
