"""Who is working in a results folder: a lock file per sweep or shard, so that two uncoordinated
jobs never do the same runs, and a lock left by a dead job never blocks the next.

A lock is a small JSON file ``.lock-<scope>`` in the folder (host, pid, when, what command),
created with ``os.link`` — atomic, also on the network file systems of clusters, where
``O_EXCL`` has not always been. While its job runs, a thread touches it every
:data:`HEARTBEAT` seconds. A lock is stale when its process is gone (same host) or when it has
not been touched for :data:`STALE_AFTER` seconds (another host, whose processes we cannot see);
a stale lock is taken over with a line saying so.

Scopes: ``sweep`` (a whole sweep, ``--merge`` or ``--repair``) excludes every other lock;
``shard-I-of-N`` excludes the whole sweep, the same shard, and shards of another N (the slices
would overlap). Shards of one N run side by side: each writes only its own runs' part files.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from samskaping.scenarios.parameters import ScenarioError

HEARTBEAT = 30.0
STALE_AFTER = 300.0
SWEEP = "sweep"
PREFIX = ".lock-"


def shard_scope(index: int, count: int) -> str:
    return f"shard-{index}-of-{count}"


def _count(scope: str) -> int | None:
    """N of a shard's scope; None for a whole sweep."""
    return int(scope.rsplit("-", 1)[1]) if scope.startswith("shard-") else None


def conflicts(mine: str, theirs: str) -> bool:
    """Whether two jobs with these scopes could do the same runs."""
    if SWEEP in (mine, theirs) or mine == theirs:
        return True
    return _count(mine) != _count(theirs)


class FolderLock:
    """Held while a job works in a folder; ``release`` (or leaving the ``with``) lets go."""

    def __init__(self, out: Path, scope: str, command: str | None = None) -> None:
        self.path = out / f"{PREFIX}{scope}"
        self.scope = scope
        self.record = {
            "scope": scope,
            "host": platform.node(),
            "pid": os.getpid(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": command,
        }
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def acquire(self, say: Callable[[str], None] = lambda line: None) -> FolderLock:
        out = self.path.parent
        out.mkdir(parents=True, exist_ok=True)
        for _ in range(2):  # a second try after taking over a stale lock
            if self._create():
                break
            holder = _read(self.path)
            if not _stale(self.path, holder):
                raise LockBusyError(out, holder, self.scope)
            if _take_over(self.path, holder):
                say(f"{self.path}: took over a stale lock ({_who(holder)})")
        else:
            raise LockBusyError(out, _read(self.path), self.scope)
        for other in sorted(out.glob(f"{PREFIX}*")):
            holder = _read(other)
            scope = other.name.removeprefix(PREFIX)
            if other != self.path and conflicts(self.scope, scope) and not _stale(other, holder):
                self.release()
                raise LockBusyError(out, holder, scope)
        self._beat = threading.Thread(target=self._heartbeat, name="lock-heartbeat", daemon=True)
        self._beat.start()
        return self

    def _create(self) -> bool:
        handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=".lock.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(self.record, file)
            os.link(name, self.path)
            return True
        except FileExistsError:
            return False
        finally:
            os.unlink(name)

    def _heartbeat(self) -> None:
        while not self._stop.wait(HEARTBEAT):
            with contextlib.suppress(OSError):
                os.utime(self.path)

    def release(self) -> None:
        self._stop.set()
        if _read(self.path) == self.record:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *_: Any) -> None:
        self.release()


def _read(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # vanished or damaged: a damaged lock is judged by its age alone
    return record if isinstance(record, dict) else {}


def _stale(path: Path, holder: dict[str, Any]) -> bool:
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return True
    if holder.get("host") == platform.node() and isinstance(holder.get("pid"), int):
        try:
            process = psutil.Process(holder["pid"])
            started = datetime.fromisoformat(holder["started"]).timestamp()
            # a pid reused by a process started after the lock is not its holder
            return process.create_time() > started + 1 or process.status() == psutil.STATUS_ZOMBIE
        except (psutil.NoSuchProcess, KeyError, TypeError, ValueError):
            return True
    return age > STALE_AFTER


def _take_over(path: Path, holder: dict[str, Any]) -> bool:
    """Remove a stale lock, unless another job took it over meanwhile: the file is moved aside
    first (atomic), and put back if what was moved is not the lock judged stale."""
    aside = path.with_name(f".stale.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return False  # another job removed it first
    if _read(aside) != holder:  # a fresh lock: give it back
        with contextlib.suppress(FileExistsError):
            os.link(aside, path)
        aside.unlink(missing_ok=True)
        return False
    aside.unlink(missing_ok=True)
    return True


def _who(holder: dict[str, Any]) -> str:
    if not holder:
        return "holder unknown"
    return (f"{holder.get('scope', '?')}: host {holder.get('host', '?')}, pid {holder.get('pid')}, "
            f"since {holder.get('started', '?')}")  # fmt: skip


class LockBusyError(ScenarioError):
    """Another live job works in the folder; ``scope`` is what it holds."""

    def __init__(self, out: Path, holder: dict[str, Any], scope: str) -> None:
        self.scope = holder.get("scope", scope)
        super().__init__(
            f"{out}: another job is working in this folder ({_who(holder)}); wait for it, or "
            "split the work with --shard I/N"
        )
