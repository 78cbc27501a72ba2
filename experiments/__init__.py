"""Experiments: single runs, comparisons and sweeps (with the runner's tidy files, figures and
report), sensitivity analysis and scenario discovery, and the validation studies.

``compare``, ``sweep``, ``sensitivity_analysis``, ``discover`` and ``Results`` are loaded on
first use: worker processes import this package for one run and should not pay for pyarrow,
matplotlib, SALib and the EMA Workbench. ``ScenarioError`` is the one exception a user's mistake
raises (a one-line message naming the argument or key and its allowed range).
"""

from typing import Any

from samskaping.experiments.single_run import RunResult, run, run_regimes
from samskaping.scenarios.parameters import ScenarioError

__all__ = [
    "Results", "RunResult", "ScenarioError", "ShardReport", "compare", "discover", "run", "run_regimes",
    "sensitivity_analysis", "sweep",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in ("compare", "sweep", "sensitivity_analysis"):
        from samskaping.experiments import api

        return getattr(api, name)
    if name == "discover":
        from samskaping.experiments.scenario_discovery import discover

        return discover
    if name == "ShardReport":
        from samskaping.experiments.shards import ShardReport

        return ShardReport
    if name == "Results":
        from samskaping.experiments.runner import Results

        return Results
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
