"""A file built when its download button is clicked, for the account as it is at that moment.

Streamlit builds a deferred download on a thread of the server, outside the page's script, so the
check of the account that every page run makes does not run for it: with Báo cáo open, a user
deactivated elsewhere could still fetch the XLSX. A `Download` reads the account again before
building: still active, still allowed the action, session not idle for longer than
SESSION_IDLE_MINUTES (counted from the page run that drew the button); and builds for the account's
scope as it is now. It builds once, for whichever comes first of the page's own run (the click reruns
the page, which then says what went wrong) and the download thread (which waits for that build).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from core.access import accounts
from core.access.accounts import User
from core.storage.db import Database

_LOG = logging.getLogger(__name__)

REFUSED = "download.refused"  # translation keys of what the page says
FAILED = "download.failed"


class DownloadRefused(accounts.PermissionDenied):
    """No file: the account may not have it now, or building it failed (the message says which)."""


@dataclass
class Download:
    """One drawing of a download button: who drew it, when, and how to build its file for a user."""

    database: Callable[[], Database]
    username: str
    seen: float  # when the page run that drew the button began (the session's last activity)
    action: str
    build: Callable[[User], bytes]
    error: str | None = None  # REFUSED or FAILED once built without a file
    _data: bytes | None = None
    _done: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def account(self) -> User | None:
        """The account as stored now, if it may still have the file."""
        if time.time() - self.seen > accounts.SESSION_IDLE_MINUTES * 60:
            return None
        current = accounts.active_user(self.database(), self.username)
        return current if current is not None and current.can(self.action) else None

    def run(self) -> None:
        """Build the file once (a caller meanwhile waits for that build)."""
        with self._lock:
            if not self._done:
                self._build()

    def _build(self) -> None:  # under the lock
        self._done = True
        current = self.account()
        if current is None:
            self.error = REFUSED
            return
        try:
            self._data = self.build(current)
        except Exception:  # any failure: the page says so, the log keeps the reason
            _LOG.exception("Building a download for %s failed", self.username)
            self.error = FAILED

    def fetch(self) -> bytes:
        """The file, for Streamlit's download thread (DownloadRefused when there is none). Once
        delivered it is not kept; fetched again (a second click), it is built again, account and all."""
        with self._lock:
            if not self._done or (self._data is None and self.error is None):
                self._build()
            data, self._data = self._data, None
        if data is None:
            raise DownloadRefused(
                "Không tạo được tệp." if self.error == FAILED else "Tài khoản không còn quyền tải tệp này."
            )
        return data
