"""Serve the UI: ``samskaping ui [--host 127.0.0.1] [--port 8765] [--results DIR]``.

Solara reads its settings from the environment when ``solara.server`` is first imported, so they
are set here first: production mode, no telemetry, and every browser asset from this server
(``SOLARA_ASSETS_PROXY`` serves the ``solara-assets`` package), never from a public CDN.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

APP = "samskaping.ui.app:Page"


def configure(results: Path | None = None) -> None:
    os.environ["SOLARA_APP"] = APP
    os.environ["SOLARA_MODE"] = "production"
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "false"
    os.environ["SOLARA_ASSETS_PROXY"] = "true"
    os.environ["SOLARA_THEME_LOADER"] = "plain"
    # a page whose browser went away without closing it (a crash, a lost network) is ended
    # after this long, with its models and any play loop (Solara's default keeps it a day)
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", "15m")
    # Solara warns, twelve lines on every page opened, that a cookie cannot be samesite=none
    # over plain http; it falls back to samesite=lax, which is right for a page served as
    # itself (not in another site's iframe), so the warning says nothing a teacher can act on
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    if results is not None:
        os.environ["SAMSKAPING_RESULTS"] = str(Path(results).resolve())


def serve(
    host: str = "127.0.0.1", port: int = 8765, results: Path | None = None, room: Any = None
) -> None:
    """``room``: a classroom session (``experiments/classroom.py``) the Classroom page serves."""
    configure(results)
    import uvicorn

    if room is not None:
        from samskaping.ui import classroom, presence

        presence.install()

        classroom.ROOM = room
        classroom.RESULTS = Path(results) if results is not None else classroom.RESULTS
        shown = host if host not in ("0.0.0.0", "::") else _this_machine()
        classroom.ADDRESS = f"http://{shown}:{port}/?page=classroom"

    add_plotly_route()
    hand_back_memory_after_each_page()

    print(f"samskaping UI: http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    uvicorn.run(
        "solara.server.starlette:app", host=host, port=port, log_level="warning",
        timeout_graceful_shutdown=2,
    )  # fmt: skip


def add_plotly_route() -> None:
    """Serve the installed plotly.js at ``charts.PLOTLY_ROUTE``, which the charts load once per
    page (a browser keeps it a day), ahead of Solara's own routes."""
    from solara.server.starlette import app
    from starlette.responses import FileResponse
    from starlette.routing import Route

    from samskaping.ui.charts import PLOTLY_JS, PLOTLY_ROUTE

    def plotly_js(request) -> FileResponse:
        return FileResponse(PLOTLY_JS, media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})  # fmt: skip

    if not any(getattr(route, "path", "") == f"/{PLOTLY_ROUTE}" for route in app.router.routes):
        app.router.routes.insert(0, Route(f"/{PLOTLY_ROUTE}", plotly_js))


def hand_back_memory_after_each_page(delay: float = 2.0) -> None:
    """When a page's kernel closes (its tab closed, or culled), collect its cycles and hand the
    freed memory back to the system ``delay`` seconds later: glibc's allocator otherwise keeps
    it for the process (tens of MB after a class's pages close). Elsewhere than glibc, the
    collection alone."""
    import ctypes
    import gc
    import threading

    from solara.lifecycle import on_kernel_start

    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc

        def trim(_: int) -> int:
            return 0

    def hand_back() -> None:
        gc.collect()
        trim(0)

    def on_start():
        return lambda: threading.Timer(delay, hand_back).start()  # at the kernel's close

    on_kernel_start(on_start)


def _this_machine() -> str:
    """This machine's address on the class's network, as the students type it."""
    import socket

    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "this-machine"
