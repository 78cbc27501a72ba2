"""Ensembles: a sweep's runs of the same shape stepped together, one row per run all the same.

A small town's month has fixed costs (a few hundred array operations of some microseconds each)
that do not shrink with the town; stepped side by side (``simulation/towns.py``), R towns pay them
once. The runner hands its workers ensembles instead of single runs: runs that share what the
engine needs shared (``scenarios/per_town.py``: population, domains, council, the users' own
ties, regime and modes) and their number of months, in the order of the design, at most
``TOWNS`` towns and ``CITIZENS`` citizens each. A run's numbers do not depend on the ensemble it
ran in (tests/test_ensembles.py).

An error in a task (up to ``SIDE`` ensembles stepped side by side) runs all its runs again one at
a time in the same worker, so that a run that fails, fails alone; an ensemble whose worker dies
is handed back to the runner, which runs its runs again alone, where a run that kills its worker
is blamed alone (``executors.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from samskaping.experiments.design import Run
from samskaping.experiments.single_run import execute, result
from samskaping.scenarios.parameters import SamskapingScenario, parameter_specs
from samskaping.scenarios.per_town import REGIME, SHAPE
from samskaping.simulation.memory import keep_freed_memory
from samskaping.simulation.network import own_ties
from samskaping.simulation.problem_solving import Climbs
from samskaping.simulation.towns import Towns

#: at most this many towns in an ensemble: past about 16 the fixed costs are already small
TOWNS = 16
#: and at most this many citizens in all: a town of 100,000 runs alone
CITIZENS = 32_000
#: at most this many ensembles of one landscape sequence step side by side in one task
SIDE = 3
#: ensembles in flight per worker, at least: smaller ensembles for a short sweep keep every
#: worker busy to its end
PER_WORKER = 4

Result = tuple[dict[str, Any], pd.DataFrame | None]


def in_ensembles(task: Callable, run_memory: int | None, run_timeout: float | None) -> bool:
    """Whether the runner steps a sweep's runs in ensembles: the model's own runs
    (``execute``), unless each run has limits of its own (``--run-memory``, ``--run-timeout``),
    which bind one run alone. The runner and the ``--dry-run`` plan both ask here."""
    return task is execute and run_memory is None and run_timeout is None


def shape_of(run: Run) -> tuple:
    """What runs must share to step together: the engine's shape (``per_town.SHAPE``) and the
    number of months."""
    return (*(_value(run, name) for name in SHAPE), run.steps)


def ensemble_size(run: Run, runs: int, workers: int) -> int:
    """How many runs like ``run`` an ensemble holds, in a sweep of ``runs`` runs on ``workers``
    workers: at most ``TOWNS`` and ``CITIZENS``, and few enough that every worker has
    ``PER_WORKER`` of them."""
    return min(most_towns(run), max(1, math.ceil(runs / (workers * PER_WORKER))))


def most_towns(run: Run) -> int:
    """How many runs like ``run`` an ensemble holds at most: ``TOWNS``, and ``CITIZENS`` in all."""
    return min(TOWNS, max(1, CITIZENS // int(_value(run, "citizens"))))


def ensembles(runs: Sequence[Run], workers: int = 1) -> list[tuple[Run, ...]]:
    """The runs in ensembles, each of runs of one shape, in the order they come."""
    groups: dict[tuple, list[Run]] = {}
    for run in runs:
        groups.setdefault(shape_of(run), []).append(run)
    batches = []
    for group in groups.values():
        size = ensemble_size(group[0], len(runs), workers)
        batches += [tuple(group[i : i + size]) for i in range(0, len(group), size)]
    return sorted(batches, key=lambda batch: batch[0].run_id)


def _value(run: Run, name: str):
    return run.parameters.get(name, parameter_specs()[name].default)


def side_by_side(batches: list[tuple[Run, ...]]) -> list[tuple[tuple[Run, ...], ...]]:
    """The ensembles, at most ``SIDE`` together whose towns differ only in the regime: the same
    seeds and the other parameters the same, in the same order. They meet the same problem
    landscapes, and stepped month by month side by side climb each once
    (``problem_solving.Climbs``): a comparison of NPM and co-creation, say, climbs half as
    much."""
    together: dict[tuple, list[tuple[Run, ...]]] = {}
    for batch in batches:
        key = (batch[0].steps, *(_apart_from_regime(run) for run in batch))
        together.setdefault(key, []).append(batch)
    tasks = [
        tuple(group[i : i + SIDE])
        for group in together.values()
        for i in range(0, len(group), SIDE)
    ]
    return sorted(tasks, key=lambda task: task[0][0].run_id)


def _apart_from_regime(run: Run) -> tuple:
    return run.seed, tuple(sorted((k, v) for k, v in run.parameters.items() if k not in REGIME))


def execute_ensemble(runs: tuple[Run, ...]) -> list[Result]:
    """The runs of one ensemble (see :func:`execute_ensembles`)."""
    return execute_ensembles((runs,))


def execute_ensembles(batches: tuple[tuple[Run, ...], ...]) -> list[Result]:
    """The runs of some ensembles, stepped month by month side by side (sharing their climbs,
    see :func:`side_by_side`), each run its row for ``runs.parquet`` and its time series. A run
    whose scenario is refused runs alone (:func:`~samskaping.experiments.single_run.execute`),
    and so does every run of ensembles that fail, so that a failing run fails alone."""
    keep_freed_memory()
    results: list[Result] = []
    ready = []
    for batch in batches:
        scenarios, together = [], []
        for run in batch:
            try:
                scenarios.append(SamskapingScenario(rng=run.seed, **run.parameters))
                together.append(run)
            except Exception:  # refused: it fails alone, with its own message
                results.append(execute(run))
        if together:
            ready.append((together, scenarios))
    if not ready:
        return results
    try:
        return results + _step_side_by_side(ready)
    except Exception:  # some run fails: run each alone, so that it fails alone
        return results + [execute(run) for runs, _ in ready for run in runs]


def towns_side_by_side(
    ready: Sequence[tuple[Sequence[Run], Sequence[SamskapingScenario]]],
) -> list[Towns]:
    """The towns of some ensembles, each ensemble's runs with their scenarios, at month 0: each
    town from its run's seed, the ensembles sharing their climbs (:func:`side_by_side`). Step
    them month by month, one ensemble after the other, as the runner does."""
    towns_of = []
    sharing = Climbs(sharers=len(ready), capacity=8 * sum(len(runs) for runs, _ in ready))
    for runs, scenarios in ready:
        rngs = [np.random.default_rng(run.seed) for run in runs]
        towns_of.append(Towns(scenarios, rngs, sharing, own_ties(list(scenarios))))
    return towns_of


def _step_side_by_side(ready: list) -> list[Result]:
    towns_of = towns_side_by_side(ready)
    for _ in range(ready[0][0][0].steps):
        for towns in towns_of:
            towns.step()
    results = []
    for (runs, _), towns in zip(ready, towns_of, strict=True):
        names = list(towns.metrics)
        for town, run in enumerate(runs):
            series = pd.DataFrame(towns.series(town), columns=names)
            results.append(result(run, towns.outcome(town), series))
    return results
