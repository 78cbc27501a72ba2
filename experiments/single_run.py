"""One run of the model: for ``samskaping run``, and as an experiment's task in any worker.

This module imports only the model, so that worker processes start fast."""

from __future__ import annotations

import contextlib
import functools
import math
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from samskaping.scenarios.parameters import SamskapingScenario, parameter_specs
from samskaping.simulation.model import SamskapingModel

if TYPE_CHECKING:
    from samskaping.experiments.design import Run

#: parameter columns carry this prefix: several parameters share a name with a metric
#: (``recognition``, ``power_sharing``, ``arena_rate``), and a tidy table needs unique names
PARAMETER_PREFIX = "param_"


@dataclass
class RunResult:
    """What one run leaves behind: its parameters, seed, final metrics and time series."""

    regime: str
    seed: int | None
    steps: int
    parameters: dict[str, Any]
    metrics: dict[str, float]
    timeseries: pd.DataFrame

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``samskaping run --json`` (NaN, for 'no arena met', becomes null)."""
        return {
            "regime": self.regime,
            "seed": self.seed,
            "steps": self.steps,
            "parameters": self.parameters,
            "metrics": {k: (None if _is_nan(v) else v) for k, v in self.metrics.items()},
        }


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def run(scenario: SamskapingScenario, steps: int) -> RunResult:
    """Run one scenario for ``steps`` months and return its results."""
    model = SamskapingModel(scenario)
    model.run_for(steps)
    return RunResult(
        regime=model.scenario.regime,
        seed=int(scenario.rng) if isinstance(scenario.rng, int | np.integer) else None,
        steps=steps,
        parameters=model.scenario.parameters,
        metrics=dict(model.metrics),
        timeseries=model.datacollector.get_model_vars_dataframe(),
    )


def run_regimes(
    parameters: dict[str, Any], regimes: list[str], steps: int, seed: int
) -> list[RunResult]:
    """The same scenario and seed under each regime: a like-for-like comparison."""
    return [
        run(SamskapingScenario(rng=seed, **(parameters | {"regime": regime})), steps)
        for regime in regimes
    ]


@functools.cache
def metric_names() -> tuple[str, ...]:
    """Every metric the model reports, in its order (from a tiny model: one list, kept once)."""
    return tuple(SamskapingModel(SamskapingScenario(rng=0, citizens=20)).metrics)


class RunTimeoutError(Exception):
    """A run took longer than its limit (``--run-timeout``)."""


def identity(run: Run) -> dict[str, Any]:
    """The columns of a run's row that say which run it is: its place, seed and parameters."""
    defaults = {name: spec.default for name, spec in parameter_specs().items()}
    row: dict[str, Any] = {
        "run_id": run.run_id,
        "arm": run.arm,
        "scenario": run.scenario,
        "replication": run.replication,
        "seed": run.seed,
        "status": "ok",
        "error": None,
    }
    return row | {PARAMETER_PREFIX + k: v for k, v in (defaults | run.parameters).items()}


def failed(run: Run, error: str) -> tuple[dict[str, Any], None]:
    """The row of a run that ended in an error (one line), or whose worker died under it."""
    return identity(run) | {"status": "failed", "error": " ".join(error.split())}, None


def execute(run: Run, timeout: float | None = None) -> tuple[dict[str, Any], pd.DataFrame | None]:
    """One run, in whatever process: its row for ``runs.parquet`` and its time series. An error
    in the run is caught and becomes the row's status, so one bad run never stops a sweep. With
    ``timeout`` (seconds), a run still going after that long ends as failed: interrupted by an
    alarm where the run has the process's main thread (local workers, a run in this process),
    and else (a Dask worker's thread) at the first month that starts past it."""
    model = None
    deadline = time.monotonic() + (timeout or 0)
    try:
        with _alarm(timeout):
            model = SamskapingModel(SamskapingScenario(rng=run.seed, **run.parameters))
            if timeout is None:
                model.run_for(run.steps)
            for _ in range(run.steps if timeout is not None else 0):
                if time.monotonic() > deadline:
                    raise RunTimeoutError
                model.run_for(1)
    except RunTimeoutError:
        where = f"in month {int(model.time) + 1} of {run.steps}" if model else "setting up"
        return failed(run, f"RunTimeoutError: stopped {where}: over the --run-timeout of "
                           f"{timeout:g} s")  # fmt: skip
    except Exception as error:  # any error in a run is that run's result
        return failed(run, f"{error.__class__.__name__}: {error}")
    series = model.datacollector.get_model_vars_dataframe().astype(float).reset_index(drop=True)
    return result(run, model.metrics, series)


def result(run: Run, metrics: dict[str, float], series: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """A run's row for ``runs.parquet`` (who it is and its final metrics) and its time series,
    a month a row, with ``run_id`` and ``step`` put first."""
    row = identity(run) | {name: float(value) for name, value in metrics.items()}
    series.insert(0, "step", range(len(series)))
    series.insert(0, "run_id", run.run_id)
    return row, series


@contextlib.contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    """Raise RunTimeoutError in this thread after ``seconds``, if it is the main thread (signals
    go only there); else do nothing."""
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise RunTimeoutError

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
