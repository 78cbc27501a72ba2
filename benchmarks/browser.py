"""What the benchmarks that drive a browser share (``ui_cost.py``, ``classroom_load.py``): a free
port, the wait for a server starting, and Debian's Chromium (test tools cannot download one).
``tests/conftest.py`` does the same for the tests; benchmarks are scripts and cannot import it."""

from __future__ import annotations

import shutil
import socket
import time
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 120.0) -> None:
    """Until the server listens on ``port`` (a server starting on a busy machine may take more
    than 4 s); after ``seconds``, go on and let the page's own wait fail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)


def chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, as the UI tests launch it."""
    return playwright.chromium.launch(
        executable_path=shutil.which("chromium"), headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )  # fmt: skip
