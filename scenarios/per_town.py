"""The scenarios of several towns stepped together, read as one.

An ensemble (``simulation/towns.py``) steps R towns of the same shape side by side. Its rules read
parameters from :class:`PerTown`: a parameter all towns share is the plain number of the
scenario, exactly what one town alone reads; one that differs between towns is a column with a
row per town, shape (R, 1), which broadcasts over the towns' rows of any array. So one town
alone, and every parameter an ensemble does not vary, cost nothing extra, and every town gets
the same number from the same expression, alone or side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from samskaping.scenarios.parameters import SamskapingScenario, ScenarioError

#: the regime and its modes: which mechanisms are in force (ensembles that differ only in these
#: step side by side, ``experiments/ensembles.py``)
REGIME = ("regime", "mode_a", "mode_b", "mode_c", "mode_d", "counter_strategy")
#: what must be the same in all towns of an ensemble: the arrays' shapes, the users' own ties,
#: and the mechanisms in force (the rules that read them differ, not only their numbers); each
#: town draws its own ties with its own generator
SHAPE = ("citizens", "domains", "council", "network_file", *REGIME, "outreach_coproduction")


class PerTown:
    """Parameters of R towns: ``towns.x`` is a number when every town has the same ``x``, else
    an array of shape (R, 1). :meth:`of` gives one town's own scenario."""

    def __init__(self, scenarios: Sequence[SamskapingScenario]) -> None:
        if not scenarios:
            raise ValueError("an ensemble needs at least one town")
        first = scenarios[0]
        for name in SHAPE:
            if any(getattr(s, name) != getattr(first, name) for s in scenarios):
                raise ScenarioError(f"{name}: the towns of an ensemble must share it")
        self.scenarios = tuple(scenarios)
        self._values: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "scenarios":
            raise AttributeError(name)
        values = self._values
        if name not in values:
            every = [getattr(s, name) for s in self.scenarios]
            same = all(v == every[0] for v in every)
            values[name] = every[0] if same else np.array(every, dtype=float)[:, None]
        return values[name]

    def of(self, town: int) -> SamskapingScenario:
        """Town ``town``'s own scenario."""
        return self.scenarios[town]

    def row(self, name: str) -> np.ndarray:
        """Parameter ``name`` of every town, shape (R,)."""
        key = f"row {name}"
        if key not in self._values:
            self._values[key] = np.array([getattr(s, name) for s in self.scenarios], dtype=float)
        return self._values[key]
