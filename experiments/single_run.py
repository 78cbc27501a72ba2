"""One run of the model, and the same scenario under several regimes side by side."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from samskaping.simulation.model import SamskapingModel
from samskaping.simulation.scenario import SamskapingScenario


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
