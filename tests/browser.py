"""Harness for end-to-end tests: a real `streamlit run` on 127.0.0.1 and Debian's headless Chromium,
with every request that leaves this machine refused and recorded (meeting rooms have no internet)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
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
    """`streamlit run app.py` on 127.0.0.1 with CHUYENHOA_DB on `db_path`, until the block ends: its URL."""
    with streamlit_process(db_path) as (_, url):
        yield url


@contextmanager
def streamlit_process(db_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The same, with the server's process (the memory bench reads it from /proc)."""
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
        yield proc, url
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


_SETTLED = """() => {
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;  // a script run is going on
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;  // elements not drawn yet
    if (!document.querySelector('[data-testid="stMainBlockContainer"] h1')) return false;
    // st.dataframe draws on a canvas once its data arrives.
    // (Those in a tab not shown are not drawn until the tab is opened.)
    const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(el => el.offsetParent !== null);
    if (!grids.every(el => el.querySelector('canvas'))) return false;
    // Plotly charts in view draw their SVG once their bundle has loaded (those below are drawn lazily).
    return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .filter(el => el.getBoundingClientRect().top < window.innerHeight)
        .every(el => el.querySelector('.main-svg'));
}"""


def wait_for_app(page: Page) -> None:
    """Until Streamlit has finished running the script and drawn what is in view, twice in a row
    (a run can start again right after the first, when the page writes its URL parameters)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)
    for _ in range(2):
        page.wait_for_timeout(500)
        page.wait_for_function(_SETTLED, timeout=30_000)
    page.wait_for_timeout(500)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def warm_up(browser: Browser, url: str) -> None:
    """Open one session on a fresh server. Streamlit answers the very first session's page URL with a
    "Page not found" dialog before any script run has registered the pages (streamlit#9992); the tests
    should see what users see after that."""
    with offline_page(browser) as (page, _):
        page.goto(url)
        wait_for_app(page)


def log_in(page: Page, user: str = "quantri", password: str = "demo123") -> None:
    """Fill the login form shown on this page and wait for the app to draw what is behind it."""
    page.locator(".st-key-login_user input").fill(user)
    page.locator(".st-key-login_password input").fill(password)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    page.wait_for_selector(".st-key-login_user", state="detached", timeout=30_000)
    wait_for_app(page)


def goto(page: Page, url: str, user: str = "quantri", password: str = "demo123") -> None:
    """Open `url` as `user`: a new page load is a new Streamlit session, which starts at the login
    form (the address is kept, so the page asked for shows after logging in)."""
    page.goto(url)
    wait_for_app(page)
    if page.locator(".st-key-login_user").count():
        log_in(page, user, password)


@contextmanager
def clear_cache_flood(url: str, per_second: float = 20.0) -> Iterator[list[int]]:
    """Send Streamlit's "clear cache" message `per_second` times a second over the app's websocket, as
    any browser can, until the block ends. Yields the count sent so far (one item, updated)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from websockets.sync.client import connect

    message = BackMsg(clear_cache=True).SerializeToString()
    sent, stop = [0], threading.Event()
    socket_url = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    with connect(socket_url, subprotocols=["streamlit"], open_timeout=10) as websocket:  # type: ignore[list-item]

        def send() -> None:
            while not stop.wait(1.0 / per_second):
                websocket.send(message)
                sent[0] += 1

        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        try:
            yield sent
        finally:
            stop.set()
            thread.join()
