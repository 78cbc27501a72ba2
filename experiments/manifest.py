"""``manifest.json``: what an experiment was, with which software, and when it ran.

The manifest also guards the folder: results of one experiment are never mixed with, or
overwritten by, another's. It records each session (a first run and every resumption), so the
history of a sweep that was killed and resumed stays visible.
"""

from __future__ import annotations

import json
import platform
import subprocess
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
    def open(cls, out: Path, experiment: Experiment) -> Manifest:
        """The folder's manifest, or a new one; a folder that holds another experiment's results
        is refused before anything is written."""
        path = out / "manifest.json"
        if path.is_file():
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise ScenarioError(f"{path}: cannot be read ({error})") from None
            if record.get("fingerprint") != experiment.fingerprint:
                raise ScenarioError(
                    f"{out}: holds the results of another experiment ({path.name}); "
                    "choose another --out"
                )
            return cls(path, record)
        # a kill during the very first write leaves only a temporary file: not a foreign folder
        if out.is_dir() and any(not p.name.endswith(".tmp") for p in out.iterdir()):
            raise ScenarioError(
                f"{out}: not empty and not an experiment's folder; choose another --out"
            )
        record = {
            "fingerprint": experiment.fingerprint,
            "status": "new",
            "experiment": experiment.to_dict(),
            "sessions": [],
        }
        return cls(path, record)

    @property
    def complete(self) -> bool:
        return self.record.get("status") == "complete"

    def begin(self, executor: str, command: str | None, to_run: int) -> None:
        self.record["status"] = "running"
        self.record["sessions"].append({
            "started": _now(), "finished": None, "runs_to_do": to_run, "executor": executor,
            "command": command, "versions": versions(), "git": git_commit(),
            "host": platform.node(),
        })  # fmt: skip
        self.save()

    def end(self, seconds: float, runs: pd.DataFrame) -> None:
        ok = int((runs["status"] == "ok").sum())
        failed = int((runs["status"] == "failed").sum())
        self.record["status"] = "complete" if failed == 0 else "complete with failures"
        self.record["runs"] = {"total": len(runs), "ok": ok, "failed": failed}
        self.record["sessions"][-1] |= {"finished": _now(), "seconds": round(seconds, 3)}
        self.record["files"] = sorted(
            str(p.relative_to(self.path.parent))
            for p in self.path.parent.rglob("*")
            if p.is_file() and "parts" not in p.parts and not p.name.startswith(".")
        )
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(self.record, indent=1, default=str) + "\n")
