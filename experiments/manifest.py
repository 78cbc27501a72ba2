"""``manifest.json``: what an experiment was, with which software, and when it ran.

The manifest also guards the folder: results of one experiment are never mixed with, or
overwritten by, another's. It records each session (a first run and every resumption), so the
history of a sweep that was killed and resumed stays visible.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import platform
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from samskaping.experiments.design import Experiment
from samskaping.experiments.store import atomic_write_text
from samskaping.scenarios.parameters import ScenarioError

PACKAGES = ("samskaping", "mesa", "numpy", "scipy", "pandas", "pyarrow", "networkx", "dask")


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def git_commit() -> dict[str, Any] | None:
    """The commit of the samskaping checkout, and whether it had changes (None if not a repo)."""
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "HEAD"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
        changes = subprocess.run(
            ["git", "-C", str(here), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "uncommitted_changes": bool(changes)}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Manifest:
    """The manifest of one results folder."""

    def __init__(self, path: Path, record: dict[str, Any]) -> None:
        self.path = path
        self.record = record

    @classmethod
    def open(cls, out: Path, experiment: Experiment, repair: bool = False) -> Manifest:
        """The folder's manifest, or a new one; a folder that holds another experiment's results
        is refused before anything is written. A damaged manifest is rebuilt when repairing."""
        path = out / "manifest.json"
        if path.is_file():
            try:
                record = _load(path)
            except ScenarioError:
                if not repair:
                    raise
                return cls(path, cls._new(experiment) | {"rebuilt": _now()})
            if record.get("fingerprint") != experiment.fingerprint:
                raise ScenarioError(
                    f"{out}: holds the results of another experiment ({path.name}); "
                    "choose another --out"
                )
            return cls(path, record)
        # a kill during the very first write leaves only a temporary file: not a foreign folder
        results = ("parts", "runs.parquet", "timeseries.parquet")
        if repair and not any((out / name).exists() for name in results):
            raise ScenarioError(f"{out}: nothing to repair (no results of an experiment there)")
        if not repair and out.is_dir() and any(not p.name.startswith(".") for p in out.iterdir()):
            raise ScenarioError(
                f"{out}: not empty and not an experiment's folder; choose another --out"
            )
        return cls(path, cls._new(experiment))

    @staticmethod
    def _new(experiment: Experiment) -> dict[str, Any]:
        return {
            "fingerprint": experiment.fingerprint,
            "status": "new",
            "experiment": experiment.to_dict(),
            "sessions": [],
        }

    @property
    def complete(self) -> bool:
        return self.record.get("status") == "complete"

    @property
    def finished(self) -> bool:
        """Every run has a result and the tidy files were written (some runs may have failed)."""
        return str(self.record.get("status")).startswith("complete")

    def _update(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Change the record as it is on disk now: shards of one sweep update the same manifest,
        each under a short exclusive lock, so no session is lost."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.parent / ".manifest.lock", "a") as handle:
            # a file system without flock (Lustre mounted without it) fails it: then shards
            # finishing in the same instant could lose a session's line, never results
            with contextlib.suppress(OSError):
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                if self.path.is_file():
                    with contextlib.suppress(ScenarioError):  # a damaged one is replaced
                        self.record = _load(self.path)
                change(self.record)
                self.save()
            finally:
                with contextlib.suppress(OSError):
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def begin(
        self, executor: str, command: str | None, to_run: int, shard: str | None = None
    ) -> None:
        session = {
            "started": _now(), "finished": None, "runs_to_do": to_run, "executor": executor,
            "command": command, "versions": versions(), "git": git_commit(),
            "host": platform.node(), "pid": os.getpid(),
        } | ({"shard": shard} if shard else {})  # fmt: skip
        self._session = session["started"], session["pid"], session["host"]

        def change(record: dict[str, Any]) -> None:
            if record.get("status") != "complete":
                record["status"] = "running"
            record["sessions"].append(session)

        self._update(change)

    def _mine(self, record: dict[str, Any]) -> dict[str, Any]:
        for session in reversed(record["sessions"]):
            if (session["started"], session.get("pid"), session["host"]) == self._session:
                return session
        return {}

    def end_shard(self, seconds: float, done: int) -> None:
        """A shard's own runs are done; the sweep is not merged yet."""
        self._update(lambda record: self._mine(record).update(
            finished=_now(), seconds=round(seconds, 3), runs_done=done))  # fmt: skip

    def end(self, seconds: float, runs: pd.DataFrame) -> None:
        ok = int((runs["status"] == "ok").sum())
        failed = int((runs["status"] == "failed").sum())

        def change(record: dict[str, Any]) -> None:
            record["status"] = "complete" if failed == 0 else "complete with failures"
            record["runs"] = {"total": len(runs), "ok": ok, "failed": failed}
            self._mine(record).update(finished=_now(), seconds=round(seconds, 3))
            record["files"] = sorted(
                str(p.relative_to(self.path.parent))
                for p in self.path.parent.rglob("*")
                if p.is_file() and "parts" not in p.parts and not p.name.startswith(".")
            )

        self._update(change)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(self.record, indent=1, default=str) + "\n")


def record_of(out: Path) -> dict[str, Any]:
    """The manifest of the results folder ``out``, read (``ScenarioError`` if damaged)."""
    return _load(out / "manifest.json")


def _load(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or not isinstance(record.get("sessions"), list):
            raise ValueError("not a manifest")
    except (OSError, ValueError) as error:
        raise ScenarioError(
            f"{path}: damaged ({error}); --repair rebuilds it (the sessions' history is lost)"
        ) from None
    return record
