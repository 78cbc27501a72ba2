"""The model that wires the agents together: network, regimes and modes, one step, metrics, and
the Hong–Page engine. The scenario (``samskaping.scenarios``) is re-exported here, so that
``from samskaping.simulation import SamskapingModel, SamskapingScenario`` is all a script needs."""

from samskaping.scenarios.parameters import SamskapingScenario, ScenarioError, parameter_specs
from samskaping.simulation.decisions import DecisionError
from samskaping.simulation.model import SamskapingModel
from samskaping.simulation.regime import Regime

__all__ = [
    "DecisionError",
    "Regime",
    "SamskapingModel",
    "SamskapingScenario",
    "ScenarioError",
    "parameter_specs",
]
