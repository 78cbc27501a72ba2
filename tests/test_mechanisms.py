"""The mechanisms answer sensibly (concept.md §7): checks of mechanism under stated parameters."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import NO_MODES, mean_metrics

from samskaping.simulation import SamskapingModel, SamskapingScenario
from samskaping.simulation.problem_solving import TEAM

CO = {"regime": "co-creation", "citizens": 600}


def test_without_counter_strategy_participants_are_richer_than_the_population():
    result = mean_metrics(**CO)
    assert result["participation_q5"] > 2 * result["participation_q1"]
    assert result["arena_representativeness"] < 0.9


def test_resource_support_narrows_participation_gap_more_than_outreach():
    outreach = mean_metrics(**CO, counter_strategy="outreach")
    support = mean_metrics(**CO, counter_strategy="resource-support")
    none = mean_metrics(**CO)
    assert support["participation_q1"] > outreach["participation_q1"] > none["participation_q1"]
    representative = "arena_representativeness"
    assert support[representative] > outreach[representative] > none[representative]
    assert support["gap_legitimacy"] < outreach["gap_legitimacy"]


def test_arenas_without_power_sharing_do_not_raise_throughput_legitimacy():
    base = CO | NO_MODES | {"power_sharing_response": 0.0}
    no_arenas = mean_metrics(**base)
    tokenism = mean_metrics(**(base | {"mode_a": True, "mode_b": True, "power_sharing": 0.0}))
    shared = mean_metrics(**(base | {"mode_a": True, "mode_b": True, "power_sharing": 1.0}))
    assert tokenism["legitimacy_throughput"] <= no_arenas["legitimacy_throughput"] + 0.005
    assert shared["legitimacy_throughput"] > tokenism["legitimacy_throughput"]


def test_coproduction_without_recognition_adds_nothing_to_accuracy():
    base = CO | NO_MODES | {"recognition": 0.0}
    without = mean_metrics(**base)
    with_d = mean_metrics(**(base | {"mode_d": True}))
    assert abs(with_d["accuracy"] - without["accuracy"]) < 0.01
    assert with_d["cost_per_citizen"] > without["cost_per_citizen"]  # the cost remains


def test_coproduction_with_recognition_raises_accuracy():
    base = CO | NO_MODES | {"recognition": 0.6}
    assert mean_metrics(**(base | {"mode_d": True}))["accuracy"] > mean_metrics(**base)["accuracy"]


def test_on_simple_uniform_problems_co_creation_does_not_pay():
    simple = {"citizens": 600, "complexity": 0.0, "need_heterogeneity": 0.0}
    npm = mean_metrics(regime="npm", **simple)
    co = mean_metrics(regime="co-creation", **simple)
    assert co["accuracy"] <= npm["accuracy"] + 0.005
    assert co["fulfilment"] < npm["fulfilment"]
    assert co["cost_per_citizen"] > npm["cost_per_citizen"]  # the cost remains


def test_on_complex_heterogeneous_problems_co_creation_is_more_accurate():
    complex_ = {"citizens": 600, "complexity": 1.0, "need_heterogeneity": 1.0}
    npm = mean_metrics(regime="npm", **complex_)
    co = mean_metrics(regime="co-creation", **complex_)
    assert co["accuracy"] > npm["accuracy"]


def test_arenas_find_better_solutions_on_rugged_problems_only():
    """The Hong–Page engine in the model: professionals alone stall at their shared peak; arenas'
    diverse citizens find better solutions on rugged problems, not on smooth ones."""
    base = CO | NO_MODES | {"power_sharing": 1.0, "power_sharing_response": 0.0}
    for complexity, gain in ((1.0, True), (0.0, False)):
        alone = mean_metrics(**(base | {"complexity": complexity}))
        arenas = mean_metrics(**(base | {"complexity": complexity, "mode_a": True}))
        assert alone["quality"] == pytest.approx(0.7)  # the default service_quality
        assert (arenas["quality"] > alone["quality"] + 0.02) is gain


@pytest.mark.parametrize("citizens", [3000, 30_000])
def test_units_search_with_a_team_that_does_not_grow_with_the_town(citizens):
    """The professionals' own search is a working group of TEAM, so how far arenas can improve on
    it does not shrink as the population (and the staff) grows."""
    model = SamskapingModel(SamskapingScenario(rng=1, citizens=citizens, regime="co-creation"))
    assert [team.size for team in model._teams()] == [TEAM] * len(model.leaders)


def test_professionals_are_trained_anew_when_their_problem_changes():
    model = SamskapingModel(
        SamskapingScenario(rng=2, citizens=300, regime="co-creation", quality_decay=0.2)
    )
    first = [leader.problem.values.copy() for leader in model.leaders]
    model.run_for(12)
    p = model.professionals
    for leader, values in zip(model.leaders, first, strict=True):
        staff = p.heuristic[p.unit == leader.unit]
        assert np.isin(staff, leader.problem.training_pool()).all()
        assert not np.array_equal(values, leader.problem.values)  # the problem did change
