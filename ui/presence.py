"""Whether a page's browser is still there: told at once when its connection drops and when it
comes back.

Solara keeps a page's kernel for ``SOLARA_KERNEL_CULL_TIMEOUT`` after its websocket drops, so that
a phone that slept or lost the network gets its page back; it closes the kernel at once only when
the browser sends its close beacon on leaving the page, which a closed laptop lid, a dead battery
or a browser killed never sends. The classroom must know at once that a student is gone (the rules
then play for them, and the teacher's view says so), and that they are back. Solara has no hook
for either, so :func:`install` wraps its kernel context's ``page_connect`` and ``page_disconnect``
(a few lines; nothing else of Solara changes): when a kernel's last connected page drops, its
``away`` callbacks run, and when one connects again, its ``back`` callbacks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_lock = threading.Lock()
#: each open kernel context's callbacks, by its ``id``: {"away": [...], "back": [...]}
_callbacks: dict[int, dict[str, list[Callable[[], None]]]] = {}


def on_away(context: Any, away: Callable[[], None], back: Callable[[], None]) -> None:
    """Call ``away`` when every page of ``context`` (a kernel) lost its connection, ``back``
    when one connects again."""
    with _lock:
        if id(context) not in _callbacks:
            context.on_close(lambda: _forget(id(context)))
        entry = _callbacks.setdefault(id(context), {"away": [], "back": []})
        entry["away"].append(away)
        entry["back"].append(back)


def _forget(key: int) -> None:
    with _lock:
        _callbacks.pop(key, None)


def _run(context: Any, which: str) -> None:
    with _lock:
        callbacks = list(_callbacks.get(id(context), {}).get(which, ()))
    for callback in callbacks:
        callback()


def install() -> None:
    """Wrap Solara's ``page_connect`` and ``page_disconnect`` (once)."""
    from solara.server.kernel_context import PageStatus, VirtualKernelContext

    if getattr(VirtualKernelContext, "_samskaping_presence", False):
        return
    connect, disconnect = VirtualKernelContext.page_connect, VirtualKernelContext.page_disconnect

    def page_connect(self, page_id: str) -> int:
        connection = connect(self, page_id)
        _run(self, "back")
        return connection

    def page_disconnect(self, page_id: str, connection: int):
        future = disconnect(self, page_id, connection)
        if PageStatus.CONNECTED not in self.page_status.values():
            _run(self, "away")
        return future

    VirtualKernelContext.page_connect = page_connect
    VirtualKernelContext.page_disconnect = page_disconnect
    VirtualKernelContext._samskaping_presence = True
