"""Professionals: their state and their rules (concept.md §2.2).

Each professional belongs to one service unit (a domain) and holds clients. Their state is in the
arrays of :class:`Professionals`; :class:`Professional` is the Mesa agent for one of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from samskaping.helpers.arrays import row_sums
from samskaping.helpers.random_streams import standard_normal

if TYPE_CHECKING:
    from samskaping.scenarios.parameters import SamskapingScenario


class Professionals:
    """The professionals of all units: expertise, recognition of lay expertise, unit."""

    def __init__(
        self,
        scenario: SamskapingScenario,
        unit: np.ndarray,
        streams: dict[str, np.random.Generator],
    ) -> None:
        self.scenario = scenario
        self.streams = streams
        rng = streams["professionals"]
        self.count = unit.size
        #: the unit (= domain) each professional works in
        self.unit = unit
        # multiplicative spread keeps 0 at 0: a profession that does not listen has no listeners
        spread = np.clip(1.0 + 0.2 * rng.standard_normal((2, unit.size)), 0.0, None)
        self.expertise = np.clip(scenario.expertise * spread[0], 0.0, 1.0)
        self.recognition = np.clip(scenario.recognition * spread[1], 0.0, 1.0)
        #: problem-solving heuristic (a row of ``model.heuristics``) from a shared training: one
        #: of the ablest on the unit's problem, drawn by the model
        self.heuristic = np.zeros(unit.size, dtype=np.int64)

    def observe(
        self,
        needs: np.ndarray,
        professional_of: np.ndarray,
        blindness: np.ndarray,
        typical_need: np.ndarray,
    ) -> np.ndarray:
        """A professional sees a client's needs with an error of 0.3 x (1 - expertise), and outside
        the unit's own domain sees only the typical need to the degree of the unit's silo blindness
        (Lonely Organizational Syndrome, the seed's slide 2, seed.md §2)."""
        who, clients = professional_of, np.arange(professional_of.size)
        unit = self.unit[who]
        error = 0.3 * (1.0 - self.expertise[who])[:, None]
        seen = error * standard_normal(self.streams["assessment"], needs.shape)
        seen += needs
        own = seen[clients, unit]
        seen += blindness[unit][:, None] * (typical_need - seen)
        seen[clients, unit] = own  # the unit's own domain it sees clearly
        return np.clip(seen, 0.0, 1.0, out=seen)

    def assess(
        self,
        known: np.ndarray,
        observation: np.ndarray,
        account: np.ndarray,
        coproduced: np.ndarray,
        professional_of: np.ndarray,
        intensity: np.ndarray,
    ) -> np.ndarray:
        """The service's picture of a client's needs moves a share ``intensity`` (per client, from its
        unit's time per client) toward what the
        professional saw, and in co-production toward the client's own account as far as the
        professional recognises lay expertise (Alford 2009; Brandsen & Honingh 2016)."""
        listened = (coproduced * self.recognition[professional_of])[:, None]
        heard = account - observation
        heard *= listened
        heard += observation
        heard -= known
        heard *= intensity
        return heard + known

    def learn_recognition(
        self,
        needs: np.ndarray,
        observation: np.ndarray,
        account: np.ndarray,
        coproduced: np.ndarray,
        professional_of: np.ndarray,
    ) -> None:
        """Recognition grows when co-producing clients' accounts prove closer to their needs than the
        professional's own view, and shrinks when they do not; it grows in proportion to how much
        the professional already listens, so that 0 stays 0 (Vamstad 2012; the seed's slide 7, seed.md §7)."""
        rate = self.scenario.recognition_learning
        if rate == 0.0 or not coproduced.any():
            return
        own_error, lay_error = row_sums(observation, minus=needs), row_sums(account, minus=needs)
        better = (own_error - lay_error) / (own_error + lay_error + 1e-12)
        heard = np.bincount(professional_of, weights=coproduced, minlength=self.count)
        total = np.bincount(professional_of, weights=coproduced * better, minlength=self.count)
        usefulness = np.divide(total, heard, out=np.zeros(self.count), where=heard > 0)
        rho = self.recognition
        self.recognition = np.clip(rho + rate * rho * (1.0 - rho) * usefulness, 0.0, 1.0)


class Professional(mesa.Agent):
    """A professional in one service unit: assesses clients' needs from professional knowledge and,
    as far as they recognise it, from the clients' own expertise on their lives."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index
        #: this professional's node in ``model.network``
        self.node = model.first_node["professional"] + index

    @property
    def unit(self) -> int:
        """The service unit (domain) the professional works in."""
        return int(self.model.professionals.unit[self.index])

    @property
    def expertise(self) -> float:
        """Skill in assessing needs in the own domain, in [0, 1]."""
        return float(self.model.professionals.expertise[self.index])

    @property
    def recognition(self) -> float:
        """Weight given to a client's own account of its needs, in [0, 1]."""
        return float(self.model.professionals.recognition[self.index])

    @property
    def heuristic(self) -> tuple[int, ...]:
        """The professional's problem-solving heuristic: the step sizes it tries, in order."""
        steps = self.model.heuristics[self.model.professionals.heuristic[self.index]]
        return tuple(int(step) for step in steps)

    @property
    def clients(self) -> int:
        """Number of clients."""
        return int((self.model.professional_of == self.index).sum())
