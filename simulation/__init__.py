"""The model that wires the agents together: network, regimes and modes, one step, metrics."""

from samskaping.simulation.model import SamskapingModel
from samskaping.simulation.regime import Regime
from samskaping.simulation.scenario import SamskapingScenario, ScenarioError, parameter_specs

__all__ = ["Regime", "SamskapingModel", "SamskapingScenario", "ScenarioError", "parameter_specs"]
