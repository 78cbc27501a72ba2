"""Built for scale (issue 7): the fast paths keep the model's meaning.

Speeds are measured by ``benchmarks/performance.py``, not asserted here; these tests check what the
speed rests on: normal draws that are normal, column-major arrays that stay column-major, and a
large population that builds and steps.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from scipy import stats

from samskaping.helpers.random_streams import NORMAL_LEVELS, standard_normal
from samskaping.simulation import SamskapingModel, SamskapingScenario
from samskaping.simulation.memory import keep_freed_memory


def test_table_normal_draws_are_standard_normal():
    draws = standard_normal(np.random.default_rng(1), (200_000, 5))
    assert draws.shape == (200_000, 5) and draws.flags.f_contiguous
    flat = draws.ravel()
    assert abs(flat.mean()) < 0.005 and abs(flat.std() - 1.0) < 0.005
    assert stats.kstest(flat[:20_000], "norm").pvalue > 0.01
    assert len(np.unique(flat)) <= NORMAL_LEVELS and np.abs(flat).max() < 4.4
    again = standard_normal(np.random.default_rng(1), (200_000, 5))
    assert np.array_equal(draws, again)


@pytest.mark.parametrize(
    "parameters",
    [
        {"regime": "npm"},
        {"regime": "co-creation"},
        {"regime": "npm", "domains": 2, "choice_gain": 1.0},
        {"regime": "co-creation", "counter_strategy": "resource-support", "domains": 7},
    ],
)
def test_citizen_arrays_stay_column_major(parameters):
    """The step's speed rests on each domain's column being one block of memory."""
    model = SamskapingModel(SamskapingScenario(rng=3, citizens=500, **parameters))
    model.run_for(3)
    for array in (model.citizens.needs, model.citizens.legitimacy, model.known):
        assert array.flags.f_contiguous, parameters


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_memory_is_kept_for_the_next_month():
    assert keep_freed_memory() is True
    assert keep_freed_memory() is True  # once per process, then remembered


def test_a_city_builds_and_steps():
    model = SamskapingModel(SamskapingScenario(rng=4, citizens=200_000, regime="co-creation"))
    model.run_for(2)
    assert model.ties.shape == (200_000, 200_000)
    assert 0.0 <= model.metrics["legitimacy"] <= 1.0 and model.metrics["participation"] > 0
