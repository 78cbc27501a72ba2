"""Leaders: one per service unit. They open arenas, coordinate across silos, and under NPM manage
to performance targets (concept.md §2.3; the seed's slide 7, seed.md §7: leaders must create
arenas for co-creation, and must dare to experiment).

The state and rules of every unit's leader, in every town of an ensemble, are the arrays of
:class:`Leaders`, one row per town and one column per unit (domain); :class:`Leader` is the Mesa
agent, the public face of one of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import mesa
import numpy as np

#: the highest arena rate a leader's experiments reach: half its clients invited a month
HIGHEST_ARENA_RATE = 0.5

if TYPE_CHECKING:
    from samskaping.scenarios.per_town import PerTown


class Problem(Protocol):
    """What a leader reads of its unit's problem: the solution the unit stands at, and how much
    of the headroom above the professionals' own solution a solution has closed (negative below
    it). The model gives each leader its unit's ``UnitProblem`` (``simulation/problem_solving.py``),
    which searches it."""

    position: int

    def standing(self, position: int) -> float: ...


class Leaders:
    """The leaders of every unit of every town: arrays of shape (towns, domains).

    State: the unit's arena rate (share of clients invited to an arena each month), its cross-silo
    coordination in [0, 1], the last results it experimented on and the direction it is trying,
    and the quality of the unit's service in [0, 1], which follows from where the unit stands on
    its problem.
    """

    def __init__(self, scenario: PerTown, problems: list[list[Problem]], arenas: bool) -> None:
        self.scenario = scenario
        #: each unit's problem, by town and domain
        self.problems = problems
        shape = (len(problems), len(problems[0]))
        self.arena_rate = np.zeros(shape)
        if arenas:
            self.arena_rate += scenario.arena_rate
        self.coordination = np.zeros(shape)
        #: the results of last month's experiment (NaN before the first)
        self.performance = np.full(shape, np.nan)
        self.direction = np.ones(shape)
        self.quality = np.zeros(shape)

    def time_per_client(self, performance_management: bool) -> float | np.ndarray:
        """Under NPM, performance targets cut the time a professional spends assessing each client
        by ``performance_pressure`` (Hood 1991); otherwise the unit takes its ``assessment`` time."""
        s = self.scenario
        cut = s.performance_pressure if performance_management else 0.0
        return s.assessment * (1.0 - cut)

    def experiment(self, performance: np.ndarray) -> None:
        """Dare to experiment: change the arena rate a little, keep the direction while the unit's
        results improve and turn back when they worsen (win-stay, lose-shift; March 1991)."""
        step = self.scenario.experimentation
        self.direction = np.where(performance < self.performance, -self.direction, self.direction)
        self.performance = performance
        self.arena_rate = np.minimum(
            HIGHEST_ARENA_RATE, np.maximum(0.0, self.arena_rate + self.direction * step)
        )

    def learn_coordination(self, practice: np.ndarray) -> None:
        """Coordination across silos grows with cross-silo arena practice (arenas per professional)
        and fades by a tenth of its level without it (Bryson, Crosby & Stone 2006)."""
        rate = self.scenario.coordination_learning
        c = self.coordination
        grown = c + rate * (np.minimum(1.0, practice) * (1 - c) - 0.1 * c)
        self.coordination = np.minimum(1.0, np.maximum(0.0, grown))

    def assess_quality(self) -> None:
        """Each unit's service quality, from where it stands on its problem now (see
        :func:`quality`); the model calls it whenever a search may have moved a unit."""
        for town, problems in enumerate(self.problems):
            base = self.scenario.of(town).service_quality
            for unit, problem in enumerate(problems):
                self.quality[town, unit] = quality(base, problem)


def quality(base: float, problem: Problem) -> float:
    """Service quality: ``service_quality`` at the professionals' own solution of the unit's
    problem, rising to 1 at its best solution as arenas close the headroom (the seed's slide 5,
    seed.md §5: better solutions come as small steps or as innovative leaps), and falling
    toward 0 at its worst, where a captured arena's idea can take it (Steen, Brandsen &
    Verschuere 2018: the co-destruction of public value)."""
    standing = float(problem.standing(problem.position))
    if standing < 0.0:
        return base * (1.0 + standing)
    return base + (1.0 - base) * standing


class Leader(mesa.Agent):
    """The leader of one service unit (one domain): a view of its column of :class:`Leaders`."""

    def __init__(self, model: mesa.Model, unit: int, problem: Problem) -> None:
        super().__init__(model)
        self.unit = unit
        #: this leader's node in ``model.network``
        self.node = model.first_node["leader"] + unit
        self.problem = problem

    @property
    def _leaders(self) -> Leaders:
        return self.model.towns.leaders

    @property
    def arena_rate(self) -> float:
        """The share of the unit's clients invited to an arena each month."""
        return float(self._leaders.arena_rate[0, self.unit])

    @arena_rate.setter
    def arena_rate(self, value: float) -> None:
        self._leaders.arena_rate[0, self.unit] = value

    @property
    def coordination(self) -> float:
        """Cross-silo coordination in [0, 1]."""
        return float(self._leaders.coordination[0, self.unit])

    @coordination.setter
    def coordination(self, value: float) -> None:
        self._leaders.coordination[0, self.unit] = value

    @property
    def performance(self) -> float | None:
        """The unit's results at the leader's last experiment (None before the first)."""
        value = float(self._leaders.performance[0, self.unit])
        return None if np.isnan(value) else value

    @property
    def quality(self) -> float:
        """Service quality in [0, 1], from where the unit stands on its problem (see
        :func:`quality`)."""
        return quality(self.model.scenario.service_quality, self.problem)

    def time_per_client(self) -> float:
        """The share of a need's assessment the unit's professionals have time for: less under
        NPM's performance targets (Hood 1991; see :meth:`Leaders.time_per_client`)."""
        return float(self._leaders.time_per_client(self.model.regime.performance_management))
