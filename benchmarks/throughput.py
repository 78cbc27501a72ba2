"""Sweep throughput (issue 16): the four targets, as ratios measured in one run on one machine.

A benchmark, not a test: it reports and asserts nothing. Run with ``make bench`` or
``python benchmarks/throughput.py [--before COMMIT] [--runs 160] [--rounds 1] [--json FILE]``
(about four minutes on 2 cores). Every measurement is a fresh process (``performance.py
--task``); the commit before the work is checked out into a temporary folder and its package put
first on ``PYTHONPATH`` (``versus.namespace``), and the two are measured alternately, so that the
machine's drift falls on both alike.

1. **Small-run cost**: µs per citizen-step of 1,000-citizen × 120-month runs as a sweep experiences
   them (``run_experiment``, one worker, writing its files), over µs per citizen-step of one
   100,000-citizen model: the comparison sweep of both regimes against the mean of the two
   regimes' large models, and each regime's own sweep against its large model. Target ≤ 2.
2. **Sweep throughput**: runs a minute on one worker (the default scenario, 1,000 citizens × 120
   months, both regimes), this checkout over the commit before. Target ≥ 8.
3. **A month at 100,000 citizens** in sparse matrix–vector products over its own graph; each
   regime. Target ≤ 20; and µs per citizen-step at 1,000,000, this over before: no regression
   (≤ 1, within the machine's noise).
4. **The classroom model** (the browser's default: 300 citizens): ms a month. Target ≤ 0.5.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tarfile
import tempfile
from pathlib import Path

from performance import REGIMES, in_fresh_process
from versus import namespace

ROOT = Path(__file__).resolve().parents[1]
#: the last commit before the work of issue 16
BEFORE = "3f20879"


def checkout(commit: str, into: Path) -> Path:
    """The files of ``commit`` in a folder (``git archive``, no worktree to clean up)."""
    archive = into / "before.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", commit], cwd=ROOT, stdout=out, check=True)
    folder = into / "checkout"
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder


def alternating(rounds: int, task: str, *arguments, before: Path) -> tuple[float, float]:
    """The median of ``rounds`` measurements each of this checkout and of ``before``, taken in
    turn; ``task`` returns one number."""
    this, that = [], []
    for _ in range(rounds):
        that.append(_number(in_fresh_process(task, *arguments, path=before)))
        this.append(_number(in_fresh_process(task, *arguments)))
    return statistics.median(this), statistics.median(that)


def _number(result: dict) -> float:
    return result.get("runs_per_minute", result.get("us_per_citizen_step"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help=f"commit before (default {BEFORE})")
    parser.add_argument("--runs", type=int, default=160, help="runs in each sweep (even)")
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds per pair")
    parser.add_argument("--json", type=Path, help="also write every number to this file")
    args = parser.parse_args()
    results: dict = {"before": args.before}
    lines = ["| target | measured | goal | |", "|---|---|---|---|"]

    def report(name: str, measured: float, goal: str, met: bool, detail: str = "") -> None:
        results[name] = measured
        lines.append(
            f"| {detail or name} | {measured:.2f} | {goal} | {'met' if met else 'not met'} |"
        )
        print(lines[-1], flush=True)

    with tempfile.TemporaryDirectory() as folder:
        before = namespace(checkout(args.before, Path(folder)), Path(folder) / "path")
        print(lines[0], lines[1], sep="\n")
        for regime in REGIMES:  # compiles the kernels once, into numba's cache, before timing
            in_fresh_process("step", 1_000, regime)
        large = {regime: in_fresh_process("step", 100_000, regime) for regime in REGIMES}
        results["large"] = large
        for regime in REGIMES:
            matvecs = large[regime]["step_in_matvecs"]
            report(f"matvecs_{regime}", matvecs, "≤ 20", matvecs <= 20,
                   f"3. a month at 100,000 citizens in matrix–vector products, {regime}")  # fmt: skip
        for arms in (",".join(REGIMES), *REGIMES):
            sweep = in_fresh_process("sweep", args.runs, 1, arms)["runs_per_minute"]
            small = 1e6 * 60 / sweep / (1_000 * 120)  # µs per citizen-step in the sweep
            reference = sum(large[r]["us_per_citizen_step"] for r in arms.split(",")) / len(
                arms.split(",")
            )
            results[f"small_{arms}"] = small
            label = "both regimes" if "," in arms else arms
            report(f"small_over_large_{label}", small / reference, "≤ 2", small / reference <= 2,
                   f"1. small-run / large-run cost per citizen-step, {label}")  # fmt: skip
        this, that = alternating(
            args.rounds, "sweep", args.runs, 1, ",".join(REGIMES), before=before
        )
        results["sweep_runs_per_minute"] = {"this": this, "before": that}
        report("sweep_over_before", this / that, "≥ 8", this / that >= 8,
               f"2. sweep throughput on one worker, this / before "
               f"({this:.0f} / {that:.0f} runs a minute)")  # fmt: skip
        for regime in REGIMES:
            this, that = alternating(args.rounds, "step", 1_000_000, regime, before=before)
            results[f"million_{regime}"] = {"this": this, "before": that}
            report(f"million_over_before_{regime}", this / that, "≤ 1", this / that <= 1.05,
                   f"3. µs per citizen-step at 1,000,000, this / before, {regime}")  # fmt: skip
        room = in_fresh_process("classroom")
        results["classroom"] = room
        for regime in REGIMES:
            report(f"classroom_{regime}", room[regime], "≤ 0.5 ms", room[regime] <= 0.5,
                   f"4. the classroom model ({room['citizens']} citizens), ms a month, {regime}")  # fmt: skip
    print("\n" + "\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
