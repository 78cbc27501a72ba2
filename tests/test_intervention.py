"""Live levers (simulation/intervention.py): a policy changed mid-run acts from the next month,
keeps what the town has learnt, and never touches structure."""

from __future__ import annotations

import numpy as np
import pytest

from samskaping.scenarios.parameters import ScenarioError
from samskaping.simulation import SamskapingModel, SamskapingScenario
from samskaping.simulation.towns import Towns


def model(**parameters) -> SamskapingModel:
    return SamskapingModel(SamskapingScenario(rng=7, citizens=200, **parameters))


def series(m: SamskapingModel) -> np.ndarray:
    return m.datacollector.get_model_vars_dataframe().to_numpy()


def test_the_same_values_change_nothing():
    plain, touched = model(), model()
    plain.run_for(10)
    touched.run_for(4)
    touched.intervene(power_sharing=touched.scenario.power_sharing, regime=touched.scenario.regime)
    touched.run_for(6)
    np.testing.assert_array_equal(series(plain), series(touched))


def test_levers_move_every_actor_by_the_change_and_learning_goes_on():
    m = model(regime="co-creation")
    m.run_for(6)
    shared, rates = m.towns.council.power_sharing.copy(), m.towns.leaders.arena_rate.copy()
    recognition = m.professionals.recognition.copy()
    m.intervene(power_sharing=m.scenario.power_sharing + 0.2, arena_rate=0.01, recognition=0.9)
    np.testing.assert_allclose(m.towns.council.power_sharing, np.clip(shared + 0.2, 0, 1))
    np.testing.assert_allclose(
        m.towns.leaders.arena_rate, np.clip(rates + 0.01 - 0.05, 0, 0.5), atol=1e-12
    )
    assert np.all(m.professionals.recognition >= recognition)
    assert m.scenario.power_sharing == pytest.approx(0.7)
    m.run_for(3)
    assert m.time == 9


def test_a_reform_opens_and_closes_arenas():
    m = model(regime="npm")
    m.run_for(6)
    assert m.metrics["arenas"] == 0 and m.power_sharing == 0
    m.intervene(regime="co-creation")
    assert m.power_sharing == pytest.approx(m.scenario.power_sharing)
    m.run_for(6)
    assert series(m)[-6:, list(m.metrics).index("arenas")].sum() > 0
    m.intervene(regime="npm")
    m.run_for(2)
    assert m.metrics["arenas"] == 0 and m.power_sharing == 0
    assert m.metrics["choice"] > 0 or m.metrics["participation"] == 0


@pytest.mark.parametrize(("name", "value"), [("citizens", 300), ("complexity", 0.9), ("seed", 1)])
def test_structure_is_refused_and_nothing_changes(name, value):
    m = model()
    m.run_for(2)
    before = m.scenario
    with pytest.raises(ScenarioError):
        m.intervene(**{name: value})
    assert m.scenario is before


def test_a_refused_value_changes_nothing():
    m = model()
    with pytest.raises(ScenarioError, match="power_sharing"):
        m.intervene(power_sharing=2.0)
    assert m.scenario.power_sharing == 0.5


def test_in_an_ensemble_each_town_gets_its_own_change():
    scenarios = [SamskapingScenario(citizens=100, regime="co-creation") for _ in range(3)]
    towns = Towns(scenarios, [np.random.default_rng(s) for s in range(3)])
    towns.run_for(3)
    before = towns.council.power_sharing.copy()
    changed = [SamskapingScenario(citizens=100, regime="co-creation", power_sharing=p)
               for p in (0.5, 0.8, 0.5)]  # fmt: skip
    from samskaping.simulation.intervention import intervene

    intervene(towns, changed)
    np.testing.assert_allclose(towns.council.power_sharing[[0, 2]], before[[0, 2]])
    np.testing.assert_allclose(towns.council.power_sharing[1], np.clip(before[1] + 0.3, 0, 1))
