"""The model as an EMA Workbench model, for exploratory modelling with the Workbench's own tools.

```python
from ema_workbench import MultiprocessingEvaluator, perform_experiments
from samskaping.experiments import ema

model = ema.model(steps=60, constants={"citizens": 300})
with MultiprocessingEvaluator(model, n_processes=2) as evaluator:
    experiments, outcomes = perform_experiments(model, scenarios=200, policies=4,
                                                evaluator=evaluator)
```

The **uncertainties** are what a public organisation does not choose: the problem (complexity,
need heterogeneity, shocks), the citizens (willingness, participation bias, lay expertise), the
network and how legitimacy is judged. The **levers** (:data:`LEVERS`) are what it does choose:
the regime, the co-creation modes, recognition, power sharing, arenas, outreach, capacity. Each is
a Workbench parameter of the parameter table's type and range: a number a ``RealParameter``, a
whole number an ``IntegerParameter``, a choice a ``CategoricalParameter``, a switch a
``BooleanParameter``. The town's size and structure (:data:`STRUCTURE`) are constants (give them
in ``constants``), as is the seed: every experiment runs from the same seed, so two experiments
differ only by their parameters (common random numbers). The **outcomes** are the model's
metrics, each a ``ScalarOutcome`` (its final value).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from samskaping.experiments.single_run import metric_names
from samskaping.scenarios.parameters import (
    ParameterSpec,
    SamskapingScenario,
    ScenarioError,
    parameter_specs,
)
from samskaping.simulation.metrics import HEADLINE_TABLE
from samskaping.simulation.model import SamskapingModel

#: what the public organisation and its politicians choose
LEVERS = (
    "regime", "mode_a", "mode_b", "mode_c", "mode_d", "counter_strategy", "recognition",
    "power_sharing", "arena_rate", "arena_size", "voice_targeting", "outreach_boost",
    "outreach_coproduction", "resource_support", "performance_pressure", "survey_rate", "capacity",
)  # fmt: skip
#: the town's size and a graph file: constants, not uncertainties (a sampled town of a million
#: citizens would cost a thousand small ones)
STRUCTURE = ("citizens", "domains", "clients_per_professional", "council", "network_file")


def simulate(steps: int = 120, seed: int = 42, **parameters: Any) -> dict[str, float]:
    """One run: the Workbench calls this with every uncertainty, lever and constant."""
    specs = parameter_specs()
    typed = {name: _typed(specs[name], value) for name, value in parameters.items()}
    model = SamskapingModel(SamskapingScenario(rng=int(seed), **typed))
    model.run_for(int(steps))
    return {name: float(value) for name, value in model.metrics.items()}


def _typed(spec: ParameterSpec, value: Any) -> Any:
    """The Workbench hands numpy numbers; the scenario wants Python ones."""
    if spec.kind is bool:
        return bool(value)
    if spec.kind is int:
        return int(value)
    if spec.kind is float:
        return float(value)
    return str(value)


def parameter(name: str) -> Any:
    """The Workbench parameter for one entry of the parameter table, over its whole range."""
    from ema_workbench import (
        BooleanParameter,
        CategoricalParameter,
        IntegerParameter,
        RealParameter,
    )

    spec = parameter_specs()[name]
    if spec.choices is not None:
        return CategoricalParameter(name, list(spec.choices))
    if spec.kind is bool:
        return BooleanParameter(name)
    if spec.kind is int:
        return IntegerParameter(name, int(spec.low), int(spec.high))
    if spec.kind is float:
        return RealParameter(name, float(spec.low), float(spec.high))
    raise ScenarioError(f"{name}: free text, not a parameter the Workbench can sample")


def model(
    uncertainties: Iterable[str] | None = None,
    levers: Iterable[str] | None = None,
    outcomes: Iterable[str] | None = None,
    steps: int = 120,
    seed: int = 42,
    constants: dict[str, Any] | None = None,
    name: str = "samskaping",
) -> Any:
    """An ``ema_workbench.Model``: by default every parameter outside :data:`LEVERS` and
    :data:`STRUCTURE` is an uncertainty, :data:`LEVERS` are the levers, and the headline metrics
    and legitimacy's components are the outcomes. ``constants`` fixes parameters (they are then
    neither uncertainties nor levers)."""
    from ema_workbench import Constant, Model, ScalarOutcome

    specs = parameter_specs()
    constants = dict(constants or {})
    for key, value in constants.items():
        if key not in specs:
            raise ScenarioError(f"constants: {key}: unknown parameter (see 'samskaping params')")
        specs[key].check(value)
    free = [n for n in specs if n not in constants]
    levers = list(levers) if levers is not None else [n for n in LEVERS if n in free]
    if uncertainties is None:
        uncertainties = [n for n in free if n not in levers and n not in STRUCTURE]
    uncertainties = list(uncertainties)
    for chosen in (*uncertainties, *levers):
        if chosen not in specs:
            raise ScenarioError(f"{chosen}: unknown parameter (see 'samskaping params')")
    metrics = metric_names()
    outcomes = list(outcomes) if outcomes is not None else list(HEADLINE_TABLE)
    for outcome in outcomes:
        if outcome not in metrics:
            raise ScenarioError(f"{outcome}: not a metric (allowed: {', '.join(metrics)})")

    workbench = Model(name, function=simulate)
    workbench.uncertainties = [parameter(n) for n in uncertainties]
    workbench.levers = [parameter(n) for n in levers]
    workbench.outcomes = [ScalarOutcome(n) for n in outcomes]
    workbench.constants = [Constant("steps", steps), Constant("seed", seed)] + [
        Constant(key, value) for key, value in constants.items()
    ]
    return workbench
