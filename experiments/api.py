"""The experiments for notebooks and scripts: the same as ``samskaping compare`` and ``samskaping
sweep``, returning pandas data frames (``Results.runs``, ``.summary``, ``.timeseries``).

```python
from samskaping.experiments import compare, sweep

results = compare(["default"], regimes=["npm", "co-creation"], reps=10)
results.summary.query("kind == 'difference' and metric == 'legitimacy'")
results = sweep("experiments/examples/regimes-and-problems.toml", workers=2)
study = sensitivity_analysis("morris-levers", workers=2)       # SALib: indices and points
```

Every argument is checked before anything runs, as the command line checks its options, against
the same ranges (``design.LIMITS``). A user's mistake raises one exception, :class:`ScenarioError`
(``from samskaping.experiments import ScenarioError``), whose message is one line naming the
argument and its allowed range: ``reps: 0 is outside the allowed range [2, 10000]``,
``parameters.recognition: 1.5 is outside the allowed range [0, 1]``, ``regimes: 'feudalism' is not
one of npm | co-creation | bureaucracy``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

from samskaping.experiments.design import (
    SECONDS,
    compare_experiment,
    load_experiment,
    within_limits,
)
from samskaping.experiments.executors import memory_size
from samskaping.experiments.progress import ProgressMode
from samskaping.experiments.runner import Results, run_experiment
from samskaping.experiments.sensitivity import SensitivityResults, run_sensitivity
from samskaping.experiments.shards import Shard, ShardReport
from samskaping.scenarios.parameters import ScenarioError

#: what ``progress`` may be besides None: a bar, lines every few seconds, or "auto" (``progress.py``)
PROGRESS_MODES: tuple[str, ...] = get_args(get_args(ProgressMode)[0])


def compare(
    scenarios: list[str | Path] | tuple[str | Path, ...] = ("default",),
    regimes: list[str] | None = None,
    reps: int = 10,
    steps: int = 120,
    seed: int = 42,
    parameters: dict[str, Any] | None = None,
    out: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressMode = "bar",
    **options: Any,
) -> Results:
    """Each scenario under each regime (by default: one scenario under NPM and co-creation),
    ``reps`` replications each, with ``parameters`` changed in every arm. ``options``: the
    runner's ``retry_failed``, ``run_memory``, ``run_timeout``, ``wait_for_workers`` (as the
    command line's ``--retry-failed`` and so on)."""
    chosen = _runner_options(out, workers, scheduler, progress, options, batch=False)
    experiment = compare_experiment(scenarios, regimes, reps, steps, seed, parameters)
    return run_experiment(experiment, **chosen)


def sweep(
    experiment_file: str | Path,
    out: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressMode = "bar",
    **options: Any,
) -> Results | SensitivityResults | ShardReport:
    """Run an experiment file (or a shipped example's name); resumes in ``out``. A SALib design
    (sobol, morris, fast, pawn) is run as a sensitivity study. ``options``: ``shard=(I, N)``
    (or ``"I/N"``; while other shards have runs to do, a :class:`ShardReport` says what this one
    did), ``merge``, ``repair``,
    ``retry_failed``, ``run_memory`` (bytes, or ``"2GB"``), ``run_timeout`` (seconds) and
    ``wait_for_workers`` (seconds), as the command line's options of those names."""
    chosen = _runner_options(out, workers, scheduler, progress, options, batch=True)
    experiment = load_experiment(experiment_file)
    run = run_sensitivity if experiment.sensitivity is not None else run_experiment
    return run(experiment, **chosen)


def sensitivity_analysis(
    experiment_file: str | Path,
    out: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressMode = "bar",
    **options: Any,
) -> SensitivityResults | ShardReport:
    """Run a sensitivity design (``[design] kind`` sobol, morris, fast or pawn) and analyse it
    with SALib; resumes in ``out``. ``options`` as :func:`sweep`'s."""
    chosen = _runner_options(out, workers, scheduler, progress, options, batch=True)
    experiment = load_experiment(experiment_file)
    if experiment.sensitivity is None:
        raise ScenarioError(f"{experiment_file}: not a sensitivity design (use sweep)")
    return run_sensitivity(experiment, **chosen)


def _runner_options(
    out: Any, workers: Any, scheduler: Any, progress: Any, options: dict[str, Any], batch: bool
) -> dict[str, Any]:
    """Every argument of the runner a user gave, checked as the command line checks its options
    (``batch``: ``shard``, ``merge`` and ``repair`` too), as keywords for ``run_experiment``."""
    workers, scheduler = _executor(workers, scheduler, progress)
    return {"out": _folder(out), "workers": workers, "scheduler": scheduler,
            "progress": progress} | _options(options, batch)  # fmt: skip


def _folder(out: Any) -> Path | None:
    """``out``: None (the default folder) or a path."""
    if out is None or isinstance(out, Path):
        return out
    if isinstance(out, str) and out.strip():
        return Path(out)
    raise ScenarioError(f"out: {out!r} is not a folder (None, or a path such as 'results/mine')")


def _options(options: dict[str, Any], batch: bool) -> dict[str, Any]:
    """The runner's options, checked as the command line checks them."""
    allowed = ["retry_failed", "run_memory", "run_timeout", "wait_for_workers"]
    allowed += ["shard", "merge", "repair"] if batch else []
    chosen: dict[str, Any] = {}
    for key, value in options.items():
        if key not in allowed:
            raise ScenarioError(f"{key}: unknown option (allowed: {', '.join(allowed)})")
        if value is None:
            continue
        if key in ("retry_failed", "merge", "repair"):
            if not isinstance(value, bool):
                raise ScenarioError(f"{key}: {value!r} is not True or False")
        elif key == "run_memory":
            value = memory_size(value, key)
        elif key == "shard":
            value = Shard.parse(value, key)
        else:
            low, high = SECONDS[key]
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not (low <= value <= high)
            ):
                raise ScenarioError(f"{key}: {value!r} is not a number of seconds in "
                                    f"[{low:g}, {high:g}]")  # fmt: skip
        chosen[key] = value
    return chosen


def _executor(workers: Any, scheduler: Any, progress: Any) -> tuple[int | None, str | None]:
    """Where and how the runs go, checked as ``--workers`` and ``--scheduler`` are: ``workers``
    None (one per core) or a whole number, ``scheduler`` None or a Dask address, ``progress`` one
    of ``PROGRESS_MODES`` or None. Returns the workers as an int and the address stripped."""
    if workers is not None:
        workers = within_limits("workers", workers)
    if scheduler is not None:
        if not isinstance(scheduler, str):
            raise ScenarioError(f"scheduler: {scheduler!r} is not an address (None, or e.g. "
                                "'tcp://10.0.0.5:8786')")  # fmt: skip
        if not scheduler.strip():
            raise ScenarioError("scheduler: the address is empty (None, or e.g. "
                                "'tcp://10.0.0.5:8786')")  # fmt: skip
        scheduler = scheduler.strip()
    if progress is not None and (not isinstance(progress, str) or progress not in PROGRESS_MODES):
        raise ScenarioError(f"progress: {progress!r} is not one of "
                            f"{' | '.join(PROGRESS_MODES)} | None")  # fmt: skip
    return workers, scheduler
