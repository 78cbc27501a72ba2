"""Ensembles (issue 16): towns stepped side by side give each town the numbers it gets alone.

A run's numbers for a given seed must not depend on whether it runs alone, in an ensemble of any
size, or on any number of workers: bit for bit, every metric of every month.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from samskaping.experiments.design import compare_experiment, load_experiment
from samskaping.experiments.ensembles import (
    CITIZENS,
    TOWNS,
    ensembles,
    execute_ensemble,
    execute_ensembles,
    side_by_side,
)
from samskaping.experiments.runner import run_experiment
from samskaping.experiments.single_run import execute
from samskaping.scenarios.parameters import SamskapingScenario, ScenarioError
from samskaping.scenarios.per_town import PerTown
from samskaping.simulation import SamskapingModel, hong_page
from samskaping.simulation.towns import Towns

#: a Latin hypercube of 24 runs over levers that reach every rule the engine takes per town:
#: powers, bounds, targeting, capture, choice, volunteering, problems that change
SWEEP = """
title = "ensembles"
steps = {steps}
replications = 1
seed = 3

[parameters]
citizens = 240
regime = "{regime}"
counter_strategy = "{counter}"

[vary]
participation_bias = {{ from = 0.5, to = 2.0 }}
confidence_bound = {{ from = 0.05, to = 0.5 }}
social_influence = {{ from = 0.0, to = 0.3 }}
voice_targeting = {{ from = 0.0, to = 1.0 }}
arena_capture = {{ from = 0.0, to = 0.5 }}
network_recruitment = {{ from = 0.0, to = 0.5 }}
outreach_boost = {{ from = 0.0, to = 2.0 }}
quality_decay = {{ from = 0.0, to = 0.2 }}
choice_rate = {{ from = 0.05, to = 0.5 }}
volunteer_capacity = {{ from = 0.0, to = 0.3 }}
recognition = {{ from = 0.0, to = 1.0 }}
arena_size = {{ from = 4, to = 12 }}

[design]
kind = "latin-hypercube"
samples = 24
"""


def sweep(tmp_path, regime="co-creation", counter="outreach", steps=30):
    path = tmp_path / f"{regime}-{counter}.toml"
    path.write_text(SWEEP.format(regime=regime, counter=counter, steps=steps), encoding="utf-8")
    return load_experiment(path)


def same(a: pd.DataFrame | dict, b: pd.DataFrame | dict) -> bool:
    """Equal bit for bit, NaN equal to NaN."""
    x, y = (
        pd.DataFrame([a]) if isinstance(a, dict) else a,
        pd.DataFrame([b]) if isinstance(b, dict) else b,
    )
    return x.shape == y.shape and bool(((x == y) | (x.isna() & y.isna())).all().all())


@pytest.mark.parametrize(
    ("regime", "counter"),
    [("co-creation", "outreach"), ("co-creation", "resource-support"), ("npm", "none")],
)
def test_every_run_gives_the_same_numbers_alone_and_in_ensembles_of_any_size(
    tmp_path, regime, counter
):
    runs = sweep(tmp_path, regime, counter).runs()
    assert len(runs) >= 20
    alone = {run.run_id: execute(run) for run in runs}
    assert all(row["status"] == "ok" for row, _ in alone.values())
    for size in (2, 5, 24):
        for start in range(0, len(runs), size):
            for row, series in execute_ensemble(tuple(runs[start : start + size])):
                row_alone, series_alone = alone[row["run_id"]]
                assert same(row, row_alone), (size, row["run_id"])
                assert same(series, series_alone), (size, row["run_id"])


def test_the_engine_alone_is_the_mesa_model():
    scenario = SamskapingScenario(rng=7, citizens=300, regime="co-creation", quality_decay=0.1)
    model = SamskapingModel(scenario)
    model.run_for(24)
    towns = Towns([scenario], [np.random.default_rng(7)])
    towns.run_for(24)
    collected = model.datacollector.get_model_vars_dataframe().astype(float).to_numpy()
    assert np.array_equal(collected, towns.series(0), equal_nan=True)


def test_a_sweep_gives_the_same_table_with_ensembles_and_without(tmp_path):
    experiment = sweep(tmp_path, steps=12)
    together = run_experiment(experiment, tmp_path / "together", workers=1)
    one_by_one = run_experiment(experiment, tmp_path / "alone", workers=2, run_timeout=600)
    assert same(together.runs.drop(columns="error"), one_by_one.runs.drop(columns="error"))
    series = [
        pd.read_parquet(tmp_path / folder / "timeseries.parquet")
        for folder in ("together", "alone")
    ]
    assert same(*[s.sort_values(["run_id", "step"]).reset_index(drop=True) for s in series])


def test_runs_step_together_only_with_runs_of_their_shape(tmp_path):
    runs = sweep(tmp_path).runs() + sweep(tmp_path, "npm", "none").runs()
    batches = ensembles(runs, workers=1)
    assert sorted(r.run_id for b in batches for r in b) == sorted(r.run_id for r in runs)
    for batch in batches:
        assert len(batch) <= TOWNS
        assert len({(r.parameters["regime"], r.parameters["counter_strategy"]) for r in batch}) == 1
    # a short sweep on many workers: small ensembles, so that every worker has work
    assert max(len(b) for b in ensembles(runs[:8], workers=2)) == 1


def test_a_large_town_runs_alone(tmp_path):
    runs = sweep(tmp_path).runs()
    big = [dataclasses.replace(r, parameters=r.parameters | {"citizens": CITIZENS})
           for r in runs]  # fmt: skip
    assert {len(b) for b in ensembles(big, workers=1)} == {1}


def test_towns_of_different_shape_are_refused():
    with pytest.raises(ScenarioError, match="regime"):
        PerTown([SamskapingScenario(regime="npm"), SamskapingScenario(regime="co-creation")])
    with pytest.raises(ScenarioError, match="citizens"):
        PerTown([SamskapingScenario(citizens=300), SamskapingScenario(citizens=400)])


def test_a_run_that_fails_in_an_ensemble_fails_alone(tmp_path, monkeypatch):
    runs = sweep(tmp_path, steps=6).runs()[:6]
    broken = runs[2].__class__(
        **{**runs[2].__dict__, "parameters": runs[2].parameters | {"recognition": 7.0}}
    )
    batch = (*runs[:2], broken, *runs[3:])
    results = {row["run_id"]: row for row, _ in execute_ensemble(batch)}
    assert results[broken.run_id]["status"] == "failed"
    assert "recognition" in results[broken.run_id]["error"]
    assert all(results[r.run_id]["status"] == "ok" for r in batch if r is not broken)

    # an error while the towns step runs each alone: the others still give their numbers
    def fail(self):
        if self.count > 1:
            raise FloatingPointError("boom")
        return step(self)

    step = Towns.step
    monkeypatch.setattr(Towns, "step", fail)
    again = {row["run_id"]: row for row, _ in execute_ensemble(tuple(runs))}
    for run in runs:
        assert same(again[run.run_id], execute(run)[0])


def test_ensembles_with_the_same_seeds_climb_each_landscape_once_and_give_the_numbers_alone(
    monkeypatch,
):
    experiment = compare_experiment(["default"], ["npm", "co-creation"], 5, 24, 4, {
        "citizens": 200, "quality_decay": 0.1})  # fmt: skip
    runs = experiment.runs()
    tasks = side_by_side(ensembles(runs, workers=1))
    assert {len(task) for task in tasks} == {2}  # NPM and co-creation, of the same seeds
    climbed = []
    climb = hong_page.climb_ends
    monkeypatch.setattr(hong_page, "climb_ends", lambda *a: climbed.append(1) or climb(*a))
    together = {
        row["run_id"]: (row, series) for task in tasks for row, series in execute_ensembles(task)
    }
    shared = len(climbed)
    alone = {run.run_id: execute(run) for run in runs}
    assert shared < 0.6 * (len(climbed) - shared)  # each landscape climbed once, not twice
    for run in runs:
        assert same(together[run.run_id][0], alone[run.run_id][0])
        assert same(together[run.run_id][1], alone[run.run_id][1])


def test_towns_that_cannot_choose_step_with_towns_that_can():
    """choice_rate 0 is not a shape: such a town draws from its choice stream and moves no one,
    and that stream serves nothing else, so its numbers are its own alone."""
    scenarios = [SamskapingScenario(citizens=300, regime="npm", choice_rate=rate)
                 for rate in (0.0, 0.3, 0.0, 0.6)]  # fmt: skip
    towns = Towns(scenarios, [np.random.default_rng(seed) for seed in range(4)])
    towns.run_for(24)
    for town, scenario in enumerate(scenarios):
        alone = Towns([scenario], [np.random.default_rng(town)])
        alone.run_for(24)
        assert np.array_equal(towns.series(town), alone.series(0), equal_nan=True)
    assert (towns.series(0)[:, list(towns.metrics).index("choice")] == 0).all()


def test_towns_with_different_network_generators_step_together():
    """Each town draws its own ties with its own generator: the generator is no part of the
    shape, and a town's numbers are those it has alone."""
    nets = ["small-world", "scale-free", "homophilous"]
    scenarios = [SamskapingScenario(citizens=200, regime="co-creation", network=n) for n in nets]
    towns = Towns(scenarios, [np.random.default_rng(20 + i) for i in range(len(nets))])
    towns.run_for(12)
    for i, scenario in enumerate(scenarios):
        alone = Towns([scenario], [np.random.default_rng(20 + i)])
        alone.run_for(12)
        np.testing.assert_array_equal(alone.series(0), towns.series(i))
