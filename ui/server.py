"""Serve the UI: ``samskaping ui [--host 127.0.0.1] [--port 8765] [--results DIR]``.

Solara reads its settings from the environment when ``solara.server`` is first imported, so they
are set here first: production mode, no telemetry, and every browser asset from this server
(``SOLARA_ASSETS_PROXY`` serves the ``solara-assets`` package), never from a public CDN.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

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


def serve(host: str = "127.0.0.1", port: int = 8765, results: Path | None = None) -> None:
    configure(results)
    import uvicorn

    print(f"samskaping UI: http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    uvicorn.run(
        "solara.server.starlette:app", host=host, port=port, log_level="warning",
        timeout_graceful_shutdown=2,
    )  # fmt: skip
