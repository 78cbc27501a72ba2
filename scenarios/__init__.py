"""Scenarios: the typed scenario (every parameter of the model with its default, allowed range and
meaning) and the named, documented scenario files, with the code that finds, loads and validates
them. Nothing here knows the model: a scenario is what a run is set up with."""

from samskaping.scenarios.library import ScenarioFile, available, load, resolve
from samskaping.scenarios.parameters import SamskapingScenario, ScenarioError, parameter_specs

__all__ = [
    "SamskapingScenario",
    "ScenarioError",
    "ScenarioFile",
    "available",
    "load",
    "parameter_specs",
    "resolve",
]
