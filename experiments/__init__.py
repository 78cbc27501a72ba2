"""Experiments: single runs, comparisons and sweeps (with the runner's tidy files, figures and
report), and the validation studies.

``compare``, ``sweep`` and ``Results`` are loaded on first use: worker processes import this
package for one run and should not pay for pyarrow and matplotlib.
"""

from typing import Any

from samskaping.experiments.single_run import RunResult, run, run_regimes

__all__ = ["Results", "RunResult", "compare", "run", "run_regimes", "sweep"]


def __getattr__(name: str) -> Any:
    if name in ("compare", "sweep"):
        from samskaping.experiments import api

        return getattr(api, name)
    if name == "Results":
        from samskaping.experiments.runner import Results

        return Results
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
