"""Compare's band: the two sides run for many seeds, and their paired difference month by month.

The Compare page steps one seed per side, live. Its band runs ``seeds`` seeds per side in the
background, each side as its model was built at Reset (the levers moved since are not replayed),
and gives, for each month and headline outcome, the mean of right minus left, seed by seed, and
its 95 % interval: the numbers of ``samskaping compare`` for the same scenario, settings and
seed, month by month. The seeds are the comparison's (``Experiment.seeds``: spawned from the
Compare seed), the interval is its summary's (``statistics.interval``), and the towns are stepped
as the runner steps them, side by side in ensembles (``experiments/ensembles.py``), which is far
cheaper than a Mesa model per seed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from samskaping.experiments.design import Arm, Experiment, Run
from samskaping.experiments.ensembles import most_towns, side_by_side, towns_side_by_side
from samskaping.experiments.statistics import interval
from samskaping.scenarios import library
from samskaping.scenarios.parameters import SamskapingScenario
from samskaping.simulation.metrics import HEADLINE

#: months the band covers: as many as ``samskaping compare`` runs by default
HORIZON = 120
#: seeds per side unless the page says otherwise, and the most it takes
SEEDS, MOST_SEEDS = 10, 50


@dataclass(frozen=True)
class Recipe:
    """What a side's model was built from: a scenario, the controlled settings on top of it
    (name and value pairs, so that a recipe can key a task), and the seed."""

    scenario: str
    settings: tuple[tuple[str, Any], ...]
    seed: int

    @classmethod
    def of(cls, scenario: str, settings: dict[str, Any], seed: int) -> Recipe:
        return cls(scenario, tuple(sorted(settings.items())), int(seed))

    @property
    def parameters(self) -> dict[str, Any]:
        """The model's parameters: the scenario file's, with the settings on top (as
        ``session.build`` makes them)."""
        return library.load(self.scenario).parameters | dict(self.settings)


@dataclass(frozen=True)
class Band:
    """Right minus left for ``seeds`` seeds per side, months 0 to ``months``: for each headline
    outcome, the mean paired difference and its 95 % interval (NaN below two seeds), and how
    long it took to compute."""

    seeds: int
    months: int
    mean: dict[str, np.ndarray]
    low: dict[str, np.ndarray]
    high: dict[str, np.ndarray]
    seconds: float


def comparison(left: Recipe, right: Recipe, seeds: int, months: int = HORIZON) -> Experiment:
    """The two sides as a comparison of two arms, ``left`` and ``right``, ``seeds``
    replications each from the left side's seed (both sides of Compare share it)."""
    arms = tuple(
        Arm(label, recipe.scenario, recipe.parameters, {"side": label})
        for label, recipe in (("left", left), ("right", right))
    )
    return Experiment(
        name="compare-band",
        title="left vs right",
        arms=arms,
        replications=seeds,
        steps=months,
        seed=left.seed,
        factors=("side",),
        design="comparison",
    )


def band(
    left: Recipe,
    right: Recipe,
    seeds: int = SEEDS,
    months: int = HORIZON,
    going: Callable[[], bool] = lambda: True,
) -> Band | None:
    """The band of ``left`` and ``right`` (see the module's docstring); None when ``going``
    says, between months, that it is no longer wanted (a newer band was asked for, the page
    closed)."""
    started = time.monotonic()
    experiment = comparison(left, right, seeds, months)
    series = _series(experiment.runs(), months, going)
    if series is None:
        return None
    ((arm, versus),) = experiment.contrasts()  # right minus left
    gaps = series[arm] - series[versus]  # (seeds, months + 1, outcomes), seed by seed
    mean, low, high = ({m: np.empty(months + 1) for m in HEADLINE} for _ in range(3))
    for j, metric in enumerate(HEADLINE):
        for month in range(months + 1):
            summary = interval(gaps[:, month, j])
            mean[metric][month] = summary["mean"]
            low[metric][month] = summary["ci_low"]
            high[metric][month] = summary["ci_high"]
    return Band(seeds, months, mean, low, high, time.monotonic() - started)


def _series(
    runs: list[Run], months: int, going: Callable[[], bool]
) -> dict[str, np.ndarray] | None:
    """Each arm's headline outcomes, shape (replications, months + 1, outcomes), every run
    stepped as the runner steps it: in ensembles of one arm, those of the two arms side by
    side (sharing their climbs) where they differ only in the regime."""
    by_arm: dict[str, list[Run]] = {}
    for run in runs:
        by_arm.setdefault(run.arm, []).append(run)
    batches = [
        tuple(group[i : i + most_towns(group[0])])
        for group in by_arm.values()
        for i in range(0, len(group), most_towns(group[0]))
    ]
    series = {arm: np.empty((len(group), months + 1, len(HEADLINE))) for arm, group in
              by_arm.items()}  # fmt: skip
    for task in side_by_side(batches):
        ready = [
            (batch, [SamskapingScenario(rng=run.seed, **run.parameters) for run in batch])
            for batch in task
        ]
        towns_of = towns_side_by_side(ready)
        for _ in range(months):
            if not going():
                return None
            for towns in towns_of:
                towns.step()
        for batch, towns in zip(task, towns_of, strict=True):
            names = list(towns.metrics)
            columns = [names.index(metric) for metric in HEADLINE]
            history = np.stack(towns.history)  # (months + 1, towns, metrics)
            for town, run in enumerate(batch):
                series[run.arm][run.replication] = history[:, town, columns]
    return series
