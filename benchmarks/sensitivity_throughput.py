"""How long a global sensitivity study takes: the twelve-parameter Sobol' study of issue 14.

A benchmark, not a test: it reports and asserts nothing. ``benchmarks/sobol-12.toml`` is the study
(n = 256: 6,656 points, each a paired NPM / co-creation run of 1,000 citizens × 120 months, one
replication, 13,312 runs). ``--n`` runs the same design at a smaller base sample (the first points
of a Sobol' sequence are a design of their own), so the runs per minute can be measured in a few
minutes and the whole study projected from them; ``--n 256`` runs all of it.

    python benchmarks/sensitivity_throughput.py --n 32 --workers 2    # about 8 minutes
    python benchmarks/sensitivity_throughput.py --n 256 --workers 2   # the whole study

Reported: runs per minute of the sweep (the runner with its workers, as ``samskaping
sensitivity`` runs it), the time of the analysis (indices with 1,000 bootstrap resamples, the
convergence at n/4 and n/2, figures and report) at the measured size and, on synthetic outputs of
the same shape, at the full n = 256; and the projected wall-clock time of the whole study.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from samskaping.experiments import indices
from samskaping.experiments.design import parse_experiment

STUDY = Path(__file__).with_name("sobol-12.toml")
FULL_N = 256


def study(n: int):
    document = tomllib.loads(STUDY.read_text(encoding="utf-8"))
    document["design"]["n"] = n
    return parse_experiment(document, STUDY)


def analysis_at(n: int) -> float:
    """Seconds for the indices and convergence of nine outputs at base size n (synthetic
    outputs: the analysis does not depend on where the numbers come from)."""
    experiment = study(n)
    design = experiment.sensitivity
    rng = np.random.default_rng(1)
    x = design.sample
    columns = [f"y{i}" for i in range(9)]
    points = pd.DataFrame({c: np.sin(x[:, i]) + rng.normal(0, 0.1, len(x))
                           for i, c in enumerate(columns)})  # fmt: skip
    started = time.perf_counter()
    indices.indices(design, points, columns, 1)
    indices.convergence(design, points, columns, 1)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=32, help="base sample (a power of two)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args()

    from samskaping.experiments import sensitivity

    experiment = study(args.n)
    runs = len(experiment.runs())
    full_runs = len(study(FULL_N).runs())
    finished_at = {}
    finish = sensitivity.finish

    def timed_finish(*a):
        finished_at["start"] = time.perf_counter()
        return finish(*a)

    sensitivity.finish = timed_finish
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        sensitivity.run_sensitivity(experiment, Path(folder) / "out", workers=args.workers)
        ended = time.perf_counter()
    sweep = finished_at["start"] - started
    finishing = ended - finished_at["start"]
    per_minute = runs / sweep * 60
    full_analysis = analysis_at(FULL_N)
    # the tidy files grow with the runs; the analysis is measured at full size
    projected = full_runs / per_minute * 60 + finishing * full_runs / runs + full_analysis
    record = {
        "n": args.n,
        "workers": args.workers,
        "runs": runs,
        "sweep_seconds": round(sweep, 1),
        "runs_per_minute": round(per_minute, 1),
        "finish_seconds": round(finishing, 1),
        "full_runs": full_runs,
        "full_analysis_seconds": round(full_analysis, 1),
        "projected_full_minutes": round(projected / 60, 1),
    }
    print(f"n = {args.n}: {runs:,} runs in {sweep:.0f} s with {args.workers} worker(s): "
          f"{per_minute:.0f} runs per minute; tidy files, indices, figures, report "
          f"{finishing:.0f} s")  # fmt: skip
    print(f"analysis at n = {FULL_N} ({full_runs:,} runs' outputs): {full_analysis:.0f} s")
    print(f"the whole study (n = {FULL_N}, {full_runs:,} runs): about {projected / 60:.0f} minutes "
          f"(target: under 45)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
