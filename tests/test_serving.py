"""The demo database's accounts (one published password) are listed on the login page only when
served on loopback; on any other address the demo database is not served unless the operator asks
(`make run HOST=0.0.0.0` listed quantri / demo123 to the whole network)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from core.access import accounts
from core.access.serving import ALLOW_DEMO_ENV, demo_allowed, is_loopback
from tests.conftest import ROOT
from tests.helpers import app_test
from tests.test_cli import run_cli


def test_loopback_addresses() -> None:
    for address in ("127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", " LOCALHOST "):
        assert is_loopback(address), address
    for address in ("0.0.0.0", "::", "", None, "192.168.1.5", "10.0.0.2", "dia-ban.local", "127.0.0.1.evil"):
        assert not is_loopback(address), address
    assert demo_allowed("127.0.0.1", {}) and not demo_allowed("0.0.0.0", {})
    assert demo_allowed("0.0.0.0", {ALLOW_DEMO_ENV: "1"}) and not demo_allowed("0.0.0.0", {ALLOW_DEMO_ENV: "yes"})


def login_page(address: str) -> AppTest:
    """The app's first page when Streamlit serves on `address` (`server.address`, as `--server.address`
    or .streamlit/config.toml set it)."""
    at = app_test(user=None)
    kept = config.get_option("server.address")
    config.set_option("server.address", address)
    try:
        at.run()
    finally:
        config.set_option("server.address", kept)
    assert not at.exception
    return at


def demo_listed(at: AppTest) -> bool:
    return any(accounts.DEMO_PASSWORD in t.value.to_numpy().ravel().tolist() for t in at.table)


def test_demo_accounts_are_listed_on_loopback_only(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert demo_listed(login_page("127.0.0.1"))
    monkeypatch.setenv(ALLOW_DEMO_ENV, "1")  # served to the network on purpose: the login form, no list
    at = login_page("0.0.0.0")
    assert any(t.key == "login_user" for t in at.text_input) and not demo_listed(at)


def test_the_demo_database_is_refused_on_the_network(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_DEMO_ENV, raising=False)
    for address in ("0.0.0.0", "192.168.1.5", ""):
        at = login_page(address)
        assert at.title[0].value == "Không phục vụ dữ liệu mẫu trên mạng"
        assert f"Cả mạng truy cập được địa chỉ {address or '0.0.0.0'}" in at.error[0].value
        assert not at.text_input and not demo_listed(at)  # no login form, no passwords


def test_a_real_database_is_served_anywhere(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUYENHOA_DB", str(db_path))
    monkeypatch.delenv(ALLOW_DEMO_ENV, raising=False)
    at = login_page("0.0.0.0")
    assert any(t.key == "login_user" for t in at.text_input) and not at.error


def test_cli_and_make_refuse_before_starting(demo_copy: Path, db_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != ALLOW_DEMO_ENV}
    refused = run_cli("serve-check", "--db", str(demo_copy), "--host", "0.0.0.0", env=env)
    assert refused.returncode == 1 and "make run HOST=0.0.0.0 ALLOW_DEMO=1" in refused.stderr
    assert run_cli("serve-check", "--db", str(demo_copy), "--host", "127.0.0.1").returncode == 0
    assert run_cli("serve-check", "--db", str(db_path), "--host", "0.0.0.0").returncode == 0  # not the demo
    # The Makefile's own check (`make run` runs it before streamlit); its target installs nothing.
    make = ["make", "-s", "serve-check", f"CHUYENHOA_DB={demo_copy}"]
    assert subprocess.run([*make, "HOST=0.0.0.0"], cwd=ROOT, env=env, capture_output=True).returncode != 0
    allowed = subprocess.run([*make, "HOST=0.0.0.0", "ALLOW_DEMO=1"], cwd=ROOT, env=env, capture_output=True)
    assert allowed.returncode == 0, allowed.stderr
    plan = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0"], cwd=ROOT, capture_output=True, text=True).stdout
    assert plan.index("core.cli serve-check") < plan.index("streamlit run")
