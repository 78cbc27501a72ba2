"""The experiments for notebooks and scripts: the same as ``samskaping compare`` and ``samskaping
sweep``, returning pandas data frames (``Results.runs``, ``.summary``, ``.timeseries``).

```python
from samskaping.experiments import compare, sweep

results = compare(["default"], regimes=["npm", "co-creation"], reps=10)
results.summary.query("kind == 'difference' and metric == 'legitimacy'")
results = sweep("experiments/examples/regimes-and-problems.toml", workers=2)
study = sensitivity_analysis("morris-levers", workers=2)       # SALib: indices and points
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from samskaping.experiments.design import compare_experiment, load_experiment
from samskaping.experiments.progress import ProgressMode
from samskaping.experiments.runner import Results, run_experiment
from samskaping.experiments.sensitivity import SensitivityResults, run_sensitivity
from samskaping.scenarios.parameters import ScenarioError


def compare(
    scenarios: list[str] | tuple[str, ...] = ("default",),
    regimes: list[str] | None = None,
    reps: int = 10,
    steps: int = 120,
    seed: int = 42,
    parameters: dict[str, Any] | None = None,
    out: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressMode = "bar",
) -> Results:
    """Each scenario under each regime (by default: one scenario under NPM and co-creation),
    ``reps`` replications each, with ``parameters`` changed in every arm."""
    experiment = compare_experiment(list(scenarios), regimes, reps, steps, seed, parameters)
    return run_experiment(experiment, out, workers, scheduler, progress=progress)


def sweep(
    experiment_file: str | Path,
    out: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressMode = "bar",
) -> Results | SensitivityResults:
    """Run an experiment file (or a shipped example's name); resumes in ``out``. A SALib design
    (sobol, morris, fast, pawn) is run as a sensitivity study."""
    experiment = load_experiment(experiment_file)
    if experiment.sensitivity is not None:  # a SALib design: a sensitivity study
        return run_sensitivity(experiment, out, workers, scheduler, progress=progress)
    return run_experiment(experiment, out, workers, scheduler, progress=progress)


def sensitivity_analysis(
    experiment_file: str | Path,
    out: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressMode = "bar",
) -> SensitivityResults:
    """Run a sensitivity design (``[design] kind`` sobol, morris, fast or pawn) and analyse it
    with SALib; resumes in ``out``."""
    experiment = load_experiment(experiment_file)
    if experiment.sensitivity is None:
        raise ScenarioError(f"{experiment_file}: not a sensitivity design (use sweep)")
    return run_sensitivity(experiment, out, workers, scheduler, progress=progress)
