"""The experiment runner's cost: per-run overhead against bare model runs.

A benchmark, not a test: it reports and asserts nothing. Run with ``make bench`` or
``python benchmarks/runner_overhead.py [--runs 100] [--citizens 1000] [--steps 120]``.

- **Overhead**: the same runs (same parameters and seeds) once as bare ``SamskapingModel`` runs
  and once through ``run_experiment`` with one worker (in this process). The runner's own time is
  its wall-clock time minus the time spent inside the runs: two atomic files per run, merging
  them into Parquet, the summary, figures and report. (Bare runs against runner runs end to end
  is printed too; at a few per cent it is within the machine's noise.)

Sweep throughput with 1 and 2 worker processes is measured by ``performance.py``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from samskaping.experiments.design import compare_experiment
from samskaping.experiments.single_run import metric_names
from samskaping.simulation import SamskapingModel, SamskapingScenario

# like the command line, this script imports the runner (pyarrow, matplotlib) only when it runs:
# worker processes start from the main module, and should start fast


def bare(runs) -> float:
    started = time.perf_counter()
    for run in runs:
        SamskapingModel(SamskapingScenario(rng=run.seed, **run.parameters)).run_for(run.steps)
    return time.perf_counter() - started


def through_runner(experiment) -> tuple[float, float]:
    """Wall-clock seconds with one worker (in this process), and seconds inside the runs."""
    from samskaping.experiments import runner

    inside = 0.0
    execute = runner.execute_ensembles  # the runner steps its runs in ensembles

    def timed(runs):
        nonlocal inside
        started = time.perf_counter()
        try:
            return execute(runs)
        finally:
            inside += time.perf_counter() - started

    runner.execute_ensembles = timed
    try:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            runner.run_experiment(experiment, Path(folder) / "out", workers=1)
            return time.perf_counter() - started, inside
    finally:
        runner.execute_ensembles = execute


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--citizens", type=int, default=1_000)
    parser.add_argument("--steps", type=int, default=120)
    args = parser.parse_args()
    experiment = compare_experiment(
        ["default"], ["co-creation"], args.runs, args.steps, 1, {"citizens": args.citizens}
    )
    metric_names()  # the one tiny model the runner builds once per process
    t_bare = bare(experiment.runs())
    one, inside = through_runner(experiment)
    n = args.runs
    own = one - inside
    print(f"{n} runs of {args.citizens:,} citizens x {args.steps} months")
    print(f"  bare model runs, one by one  {t_bare / n * 1000:8.1f} ms per run")
    print(f"  runs inside the runner       {inside / n * 1000:8.1f} ms per run (in ensembles, "
          "with their rows)")  # fmt: skip
    print(f"  the runner's own time        {own / n * 1000:8.1f} ms per run "
          f"(storing, merging, summary, figures, report)")  # fmt: skip
    print(f"  runner overhead              {100 * own / inside:8.1f} % of a run")
    print(f"  end to end vs bare runs      {100 * (one / t_bare - 1):+8.1f} % (includes noise)")


if __name__ == "__main__":
    main()
