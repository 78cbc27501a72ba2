"""Leaders: one per service unit. They open arenas, coordinate across silos, and under NPM manage
to performance targets (concept.md §2.3; the seed's slide 7, seed.md §7: leaders must create
arenas for co-creation, and must dare to experiment)."""

from __future__ import annotations

from typing import Protocol

import mesa
import numpy as np


class Problem(Protocol):
    """What a leader reads of its unit's problem: the solution the unit stands at, and how much
    of the headroom above the professionals' own solution a solution has closed (negative below
    it). The model gives each leader its unit's ``UnitProblem`` (``simulation/problem_solving.py``),
    which searches it."""

    position: int

    def standing(self, position: int) -> float | np.ndarray: ...


class Leader(mesa.Agent):
    """The leader of one service unit (one domain).

    State: the unit's arena rate (share of clients invited to an arena each month), its cross-silo
    coordination in [0, 1], and the unit's problem with the solution it stands at, which sets the
    quality of the unit's service in [0, 1].
    """

    def __init__(self, model: mesa.Model, unit: int, problem: Problem) -> None:
        super().__init__(model)
        s = model.scenario
        self.unit = unit
        #: this leader's node in ``model.network``
        self.node = model.first_node["leader"] + unit
        self.arena_rate: float = s.arena_rate if model.regime.arenas else 0.0
        self.coordination: float = 0.0
        self.problem = problem
        self.performance: float | None = None
        self._direction = 1.0

    def time_per_client(self) -> float:
        """Under NPM, performance targets cut the time a professional spends assessing each client
        by ``performance_pressure`` (Hood 1991); otherwise the unit takes its ``assessment`` time."""
        s = self.model.scenario
        cut = s.performance_pressure if self.model.regime.performance_management else 0.0
        return s.assessment * (1.0 - cut)

    def experiment(self, performance: float) -> None:
        """Dare to experiment: change the arena rate a little, keep the direction while the unit's
        results improve and turn back when they worsen (win-stay, lose-shift; March 1991)."""
        step = self.model.scenario.experimentation
        if self.performance is not None and performance < self.performance:
            self._direction = -self._direction
        self.performance = performance
        self.arena_rate = min(0.5, max(0.0, self.arena_rate + self._direction * step))

    def learn_coordination(self, practice: float) -> None:
        """Coordination across silos grows with cross-silo arena practice (arenas per professional)
        and fades by a tenth of its level without it (Bryson, Crosby & Stone 2006)."""
        rate = self.model.scenario.coordination_learning
        c = self.coordination
        self.coordination = min(1.0, max(0.0, c + rate * (min(1.0, practice) * (1 - c) - 0.1 * c)))

    @property
    def quality(self) -> float:
        """Service quality: ``service_quality`` at the professionals' own solution of the unit's
        problem, rising to 1 at its best solution as arenas close the headroom (the seed's slide 5,
        seed.md §5: better solutions come as small steps or as innovative leaps), and falling
        toward 0 at its worst, where a captured arena's idea can take it (Steen, Brandsen &
        Verschuere 2018: the co-destruction of public value)."""
        base = self.model.scenario.service_quality
        standing = float(self.problem.standing(self.problem.position))
        if standing < 0.0:
            return base * (1.0 + standing)
        return base + (1.0 - base) * standing
