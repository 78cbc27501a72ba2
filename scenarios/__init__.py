"""Named, documented scenario files, and the code that finds, loads and validates them."""

from samskaping.scenarios.library import ScenarioFile, available, load, resolve

__all__ = ["ScenarioFile", "available", "load", "resolve"]
