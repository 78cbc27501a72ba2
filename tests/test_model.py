"""The model as a researcher uses it: Mesa conventions, reproducibility, regimes and modes."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import NO_MODES, final_metrics

from samskaping.agents import Citizen, Leader, Politician, Professional
from samskaping.simulation import SamskapingModel, SamskapingScenario
from samskaping.simulation.metrics import HEADLINE


def test_mesa_conventions_run_for_agents_by_type_and_datacollector():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing deprecated, nothing Mesa 4 removes
        model = SamskapingModel(SamskapingScenario(rng=3, citizens=400, regime="co-creation"))
        model.run_for(5)
    assert model.time == 5
    types = model.agents_by_type
    assert len(types[Citizen]) == 400
    assert len(types[Professional]) == model.professionals.count >= model.scenario.domains
    assert len(types[Leader]) == model.scenario.domains
    assert len(types[Politician]) == model.scenario.council
    frame = model.datacollector.get_model_vars_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == 6  # the start and five months
    assert set(HEADLINE) <= set(frame.columns)
    leaders = model.datacollector.get_agenttype_vars_dataframe(Leader)
    assert {"arena_rate", "coordination", "quality"} <= set(leaders.columns)


def test_citizen_agents_are_views_of_the_arrays():
    model = SamskapingModel(SamskapingScenario(rng=5, citizens=200))
    model.run_for(2)
    citizen = next(iter(model.agents_by_type[Citizen]))
    i = citizen.index
    assert citizen.resources == model.citizens.resources[i]
    assert citizen.legitimacy == pytest.approx(model.citizens.overall_legitimacy()[i])
    assert 1 <= citizen.quintile <= 5
    assert np.array_equal(citizen.needs, model.citizens.needs[i])
    assert citizen.professional.index == model.professional_of[i]
    assert model.network.nodes[citizen.node]["kind"] == "citizen"
    assert model.network.nodes[citizen.professional.node]["kind"] == "professional"


def test_heuristics_are_step_sizes_citizens_diverse_professionals_from_their_training():
    model = SamskapingModel(SamskapingScenario(rng=5, citizens=300))
    citizens = {c.heuristic for c in model.agents_by_type[Citizen]}
    professionals = list(model.agents_by_type[Professional])
    for steps in citizens | {p.heuristic for p in professionals}:
        assert len(steps) == len(set(steps)) == 3 and all(1 <= step <= 12 for step in steps)
    assert len(citizens) > 100  # diverse: 300 draws from 1,320 heuristics
    for professional in professionals:
        pool = model.heuristics[model.problems[professional.unit].training_pool()]
        assert professional.heuristic in {tuple(int(x) for x in row) for row in pool}
    assert [leader.problem for leader in model.leaders] == model.problems


def test_same_seed_same_numbers_different_seed_different_numbers():
    parameters = {"citizens": 300, "regime": "co-creation"}
    a = SamskapingModel(SamskapingScenario(rng=11, **parameters))
    b = SamskapingModel(SamskapingScenario(rng=11, **parameters))
    c = SamskapingModel(SamskapingScenario(rng=12, **parameters))
    for model in (a, b, c):
        model.run_for(10)
    frame_a = a.datacollector.get_model_vars_dataframe()
    pd.testing.assert_frame_equal(frame_a, b.datacollector.get_model_vars_dataframe())
    assert not frame_a.equals(c.datacollector.get_model_vars_dataframe())


def test_regimes_differ_on_the_default_scenario():
    npm = final_metrics(regime="npm", steps=36)
    cocreation = final_metrics(regime="co-creation", steps=36)
    assert any(abs(npm[k] - cocreation[k]) > 0.01 for k in HEADLINE)


@pytest.mark.parametrize("mode", ["mode_a", "mode_b", "mode_c", "mode_d"])
def test_each_mode_alone_changes_an_outcome(mode):
    base = {"regime": "co-creation", "citizens": 500, **NO_MODES}
    without = final_metrics(**base)
    alone = final_metrics(**(base | {mode: True}))
    outcomes = (*HEADLINE, "fulfilment", "accuracy_policy", "cost_per_citizen")
    assert any(abs(without[k] - alone[k]) > 1e-3 for k in outcomes)


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        a[k] == b[k] or (np.isnan(a[k]) and np.isnan(b[k])) for k in a
    )


@pytest.mark.parametrize(
    ("switched_on", "idle"),
    [
        ({"mode_c": True}, {"volunteer_rate": 0.0}),
        ({"counter_strategy": "outreach"}, {"outreach_boost": 0.0, "counter_cost": 0.0}),
        ({"mode_d": True}, {"willingness": 0.0, "willingness_learning": 0.0,
                            "social_influence": 0.0}),
    ],
)  # fmt: skip
def test_a_mechanism_that_does_nothing_changes_nothing(switched_on, idle):
    """Common random numbers: each mechanism draws from its own stream, so switching one on
    does not reshuffle the others; an arm differs from another only by what differs."""
    base = {"regime": "co-creation", "citizens": 300, **NO_MODES, **idle}
    assert _same(final_metrics(**base), final_metrics(**(base | switched_on)))


def test_modes_and_counter_strategy_do_not_act_under_npm():
    plain = final_metrics(regime="npm", citizens=300, **NO_MODES)
    with_modes = final_metrics(regime="npm", citizens=300, counter_strategy="resource-support")
    assert _same(plain, with_modes)


def test_headline_metrics_are_within_unit_interval_over_a_long_run():
    model = SamskapingModel(SamskapingScenario(rng=2, citizens=300, regime="co-creation"))
    model.run_for(120)
    frame = model.datacollector.get_model_vars_dataframe()
    for key in HEADLINE:
        assert frame[key].between(0, 1).all()


def test_budget_pays_for_co_creation():
    """Arenas and co-production take professional time away from delivering services."""
    model = SamskapingModel(SamskapingScenario(rng=4, citizens=500, regime="co-creation"))
    model.run_for(3)
    assert model.costs["arenas"] > 0 and model.costs["coproduction"] > 0
    assert model.service_budget == pytest.approx(model.budget - sum(model.costs.values()))


def test_scenario_is_frozen_during_a_run():
    model = SamskapingModel(SamskapingScenario(rng=1, citizens=100))
    with pytest.raises(ValueError):
        model.scenario.recognition = 0.9
