"""Experiments: single runs and side-by-side comparisons (sweeps, replications and the six
objections build on these)."""

from samskaping.experiments.single_run import RunResult, run, run_regimes

__all__ = ["RunResult", "run", "run_regimes"]
