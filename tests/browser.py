"""Harness for end-to-end tests: a real `streamlit run` on 127.0.0.1 and Debian's headless Chromium,
with every request that leaves this machine refused and recorded (meeting rooms have no internet)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, Page, Route, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(db_path: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "CHUYENHOA_DB": str(db_path)}
    log = open(db_path.parent / f"streamlit-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("streamlit did not start: " + (db_path.parent / f"streamlit-{port}.log").read_text())
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def offline_page(browser: Browser, width: int = 1920, height: int = 1080) -> Iterator[tuple[Page, list[str]]]:
    """A page that may load only from 127.0.0.1; anything else is aborted and listed."""
    external: list[str] = []

    def guard(route: Route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.route("**/*", guard)
    page = context.new_page()
    try:
        yield page, external
    finally:
        context.close()


def wait_for_app(page: Page) -> None:
    """Until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    # st.dataframe draws on a canvas once its data arrives.
    grids = page.locator('[data-testid="stDataFrame"]')
    for i in range(grids.count()):
        grids.nth(i).locator("canvas").first.wait_for(timeout=15_000)
    page.wait_for_timeout(1_000)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
