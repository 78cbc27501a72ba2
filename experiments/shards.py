"""Shards: one sweep split over batch jobs (``--shard I/N``), each job running one slice of the
design into the shared folder (``runner.py`` runs them, ``lock.py`` keeps them apart)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samskaping.experiments.design import Run
from samskaping.scenarios.parameters import ScenarioError

#: more slices than this is a typo, not a cluster
MAX_SHARDS = 100_000


@dataclass(frozen=True)
class Shard:
    """Slice ``index`` of ``count`` (from 1): the runs whose id leaves ``index - 1`` divided by
    ``count`` — every count-th run, so each slice holds every arm and costs about the same."""

    index: int
    count: int

    @classmethod
    def parse(cls, value: Any, key: str = "--shard") -> Shard:
        """``"I/N"`` or ``(I, N)``; anything else is the user's one-line error."""
        parts = value.split("/") if isinstance(value, str) else value
        try:
            index, count = parts
            if any(isinstance(x, bool) for x in (index, count)):
                raise TypeError
            index, count = int(index), int(count)
        except (TypeError, ValueError):
            raise ScenarioError(f"{key}: {value!r} is not I/N (e.g. 3/10)") from None
        if not 1 <= index <= count <= MAX_SHARDS:
            raise ScenarioError(f"{key}: {value!r} needs 1 <= I <= N <= {MAX_SHARDS:,}")
        return cls(index, count)

    def holds(self, run: Run) -> bool:
        return run.run_id % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True)
class ShardReport:
    """What a shard that left the merge to another did: the runs it ran this time, how many of
    its own runs failed, and how many runs of other shards are still to go."""

    shard: Shard
    ran: int
    failed: int
    left: int

    def __str__(self) -> str:
        failed = f", {self.failed:,} of its runs failed" if self.failed else ""
        left = f"; {self.left:,} run(s) of other shards to go" if self.left else ""
        return f"shard {self.shard}: done ({self.ran:,} run(s) this time{failed}){left}"
