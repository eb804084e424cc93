"""Where the app is served, and whether the demo database may be served there.

The demo database's accounts share one published password (accounts.DEMO_PASSWORD) and its login page
lists them. On a loopback address only this machine reaches it; `make run HOST=0.0.0.0` put the list
before the whole network. So the demo accounts are listed on loopback only, and the demo database is
served on any other address only when asked for (CHUYENHOA_ALLOW_DEMO=1, `make run HOST=… ALLOW_DEMO=1`).
The app reads the address from Streamlit's `server.address`; `make run` checks the same before starting.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping

ALLOW_DEMO_ENV = "CHUYENHOA_ALLOW_DEMO"


def is_loopback(address: str | None) -> bool:
    """127.0.0.0/8, ::1 and localhost. No address (Streamlit's default) serves every interface: not loopback."""
    host = (address or "").strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def demo_allowed(address: str | None, env: Mapping[str, str] | None = None) -> bool:
    """Whether the demo database may be served on `address`: on loopback, or when the operator asked."""
    env = os.environ if env is None else env
    return is_loopback(address) or env.get(ALLOW_DEMO_ENV, "").strip() == "1"
