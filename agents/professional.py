"""Professionals: their state and their rules (concept.md §2.2).

Each professional belongs to one service unit (a domain) and holds clients. Their state is in the
arrays of :class:`Professionals`; :class:`Professional` is the Mesa agent for one of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numba
import numpy as np

from samskaping.helpers.arrays import row_sums
from samskaping.helpers.random_streams import normals

if TYPE_CHECKING:
    from samskaping.scenarios.per_town import PerTown


class Professionals:
    """The professionals of all units of every town: expertise, recognition of lay expertise,
    unit. Professional p works in town ``town[p]``, domain ``domain[p]``; a town's professionals
    are numbered after the previous town's."""

    def __init__(
        self,
        scenario: PerTown,
        domain: list[np.ndarray],
        streams: list[dict[str, np.random.Generator]],
    ) -> None:
        self.scenario = scenario
        self.streams = streams
        #: the domain each professional works in, and its town
        self.domain = np.concatenate(domain)
        self.town = np.repeat(np.arange(len(domain)), [d.size for d in domain])
        self.count = self.domain.size
        #: where each town's professionals begin, and (last) how many there are
        self.first = np.concatenate([[0], np.cumsum([d.size for d in domain])])
        #: the unit each professional works in, numbered across towns: town x domains + domain
        self.unit = self.town * scenario.domains + self.domain
        expertise, recognition = [], []
        for town, own in enumerate(streams):
            s, rng = scenario.of(town), own["professionals"]
            # multiplicative spread keeps 0 at 0: a profession that does not listen has no
            # listeners
            spread = np.clip(1.0 + 0.2 * rng.standard_normal((2, domain[town].size)), 0.0, None)
            expertise.append(np.clip(s.expertise * spread[0], 0.0, 1.0))
            recognition.append(np.clip(s.recognition * spread[1], 0.0, 1.0))
        self.expertise = np.concatenate(expertise)
        self.recognition = np.concatenate(recognition)
        #: problem-solving heuristic (a row of ``model.heuristics``) from a shared training: one
        #: of the ablest on the unit's problem, drawn when the units' problems are set up
        #: (``Towns._train``)
        self.heuristic = np.zeros(self.count, dtype=np.int64)

    def observe(
        self,
        needs: np.ndarray,
        professional_of: np.ndarray,
        blindness: np.ndarray,
        typical_need: np.ndarray,
    ) -> np.ndarray:
        """A professional sees a client's needs with an error of 0.3 x (1 - expertise), and outside
        the unit's own domain sees only the typical need to the degree of the unit's silo blindness
        (Lonely Organizational Syndrome, the seed's slide 2, seed.md §2). ``blindness`` is per
        town and domain."""
        who = professional_of
        seen = normals(self.streams, "assessment", *needs.shape[1:])
        domain = self.domain[who]
        _observe(
            seen.transpose(0, 2, 1),
            needs.transpose(0, 2, 1),
            self.expertise[who],
            domain,
            np.take_along_axis(blindness, domain, axis=1),
            typical_need,
        )
        return seen

    def assess(
        self,
        known: np.ndarray,
        observation: np.ndarray,
        account: np.ndarray,
        coproduced: np.ndarray,
        heard: np.ndarray,
        intensity: np.ndarray,
    ) -> np.ndarray:
        """The service's picture of a client's needs (``known``, updated in place) moves a share
        ``intensity`` (per town, from its units' time per client) toward what the professional
        saw, and in co-production toward the client's own account as far as the professional
        recognises lay expertise (``heard``: its professional's recognition, per citizen;
        Alford 2009; Brandsen & Honingh 2016)."""
        _assess(
            known.transpose(0, 2, 1),
            observation.transpose(0, 2, 1),
            account.transpose(0, 2, 1),
            coproduced * heard,
            np.broadcast_to(intensity, known.shape[0]).astype(float),
        )
        return known

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
        if np.all(rate == 0.0) or not coproduced.any():
            return
        if isinstance(rate, np.ndarray):  # each professional its own town's rate
            rate = self.scenario.row("recognition_learning")[self.town]
        own_error, lay_error = row_sums(observation, minus=needs), row_sums(account, minus=needs)
        better = (own_error - lay_error) / (own_error + lay_error + 1e-12)
        clients, said = professional_of.ravel(), coproduced.ravel()
        heard = np.bincount(clients, weights=said, minlength=self.count)
        total = np.bincount(clients, weights=said * better.ravel(), minlength=self.count)
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


# --- the rules over every client and domain, compiled (see ``citizen.py``) ----------------------


@numba.njit(cache=True, nogil=True)
def _observe(noise, needs, expertise, domain, blindness, typical_need):
    """What each client's professional sees, in place of ``noise``: the need plus an error of
    0.3 x (1 - expertise) times the noise; outside the unit's own domain moved toward the typical
    need as far as the unit is blind; kept in [0, 1]."""
    towns, domains, citizens = noise.shape
    for town in range(towns):
        for d in range(domains):
            for i in range(citizens):
                seen = noise[town, d, i] * (0.3 * (1.0 - expertise[town, i])) + needs[town, d, i]
                if d != domain[town, i]:
                    seen = seen + blindness[town, i] * (typical_need[town, d] - seen)
                noise[town, d, i] = min(max(seen, 0.0), 1.0)


@numba.njit(cache=True, nogil=True)
def _assess(known, observation, account, listened, intensity):
    """The services' picture, in place: a share ``intensity`` (per town) of the way toward what
    the professional saw, moved toward the client's own account as far as it was ``listened``
    to."""
    towns, domains, citizens = known.shape
    for town in range(towns):
        for d in range(domains):
            for i in range(citizens):
                seen = observation[town, d, i]
                heard = (account[town, d, i] - seen) * listened[town, i] + seen
                known[town, d, i] = (heard - known[town, d, i]) * intensity[town] + known[
                    town, d, i
                ]
