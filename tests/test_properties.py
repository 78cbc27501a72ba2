"""Invariants for any parameter values inside their ranges (property-based, with hypothesis)."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from samskaping.simulation import SamskapingModel, SamskapingScenario, parameter_specs
from samskaping.simulation.metrics import HEADLINE, gini

#: kept small so that a hundred random scenarios run in seconds; the rules do not depend on size
SIZE_LIMITS = {"citizens": (10, 300), "council": (1, 15), "clients_per_professional": (5, 200)}


def _strategy(spec):
    if spec.name == "network_file":
        return st.just("")
    if spec.choices is not None:
        return st.sampled_from(spec.choices)
    if spec.kind is bool:
        return st.booleans()
    low, high = SIZE_LIMITS.get(spec.name, (spec.low, spec.high))
    if spec.kind is int:
        return st.integers(int(low), int(high))
    return st.floats(low, high, allow_nan=False)


PARAMETERS = st.fixed_dictionaries({name: _strategy(s) for name, s in parameter_specs().items()})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parameters=PARAMETERS, seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 8))
def test_headline_metrics_stay_in_unit_interval(parameters, seed, steps):
    weights = ("input_weight", "throughput_weight", "output_weight")
    assume(sum(parameters[name] for name in weights) > 0)  # all three 0 is refused, by design
    model = SamskapingModel(SamskapingScenario(rng=seed, **parameters))
    model.run_for(steps)
    frame = model.datacollector.get_model_vars_dataframe()
    for key in HEADLINE:
        assert frame[key].between(0.0, 1.0).all(), key
    c = model.citizens
    for array in (c.legitimacy, c.willingness, c.accuracy, c.fulfilment, c.needs):
        assert ((array >= 0) & (array <= 1)).all()
    assert (
        0.0 <= model.professionals.recognition.min() <= model.professionals.recognition.max() <= 1
    )
    assert math.isclose(model.allocation.sum(), 1.0)


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=200))
def test_gini_is_in_unit_interval_and_zero_for_equality(values):
    assert 0.0 <= gini(values) <= 1.0
    assert gini([values[0]] * len(values)) < 1e-9
