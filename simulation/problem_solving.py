"""Each unit's problem, and how professionals and arenas search it with the Hong–Page engine.

A unit's problem (how to serve its clients well) is a Hong–Page landscape (``hong_page.py``) whose
ruggedness is the scenario's problem complexity: complexity 1 is Hong & Page's random landscape,
lower complexity smooths it as Grim et al. (2019) did, up to ``SMOOTHEST`` at complexity 0. The
unit stands at one solution. Its *standing* is how much of the headroom above the professionals' own
solution (what they reach alone when the problem is new) the unit has closed: 0 at the
professionals' solution, 1 at the best solution there is.

- Professionals share a training: their heuristics come from the ``TRAINING_POOL`` ablest on the
  unit's problem (able but alike). Each month the unit's team (its first ``TEAM`` professionals: a
  working group does not grow with the population) searches together, as a relay, from where the
  unit stands; alone they soon stall at a peak of their shared heuristics (Lonely Organizational
  Syndrome, the seed's slide 2, seed.md §2).
- With mode A, each arena (its citizens, with their diverse heuristics, and two professionals)
  searches as a relay from the same point; the best solution an arena finds is adopted as far as
  power is shared (a draw against ``power_sharing``). With chance ``arena_capture`` a unit's
  arenas are captured instead: the most resourceful participant's own idea is adopted unchecked.
- The world moves on: with chance ``quality_decay`` a month the unit faces a new problem of the same
  complexity and must find its way again from where it stands.
"""

from __future__ import annotations

import numpy as np

from samskaping.simulation import hong_page as hp

#: points on a unit's problem landscape (Hong & Page used 2,000; results hold from 200 to 10,000)
POINTS = 500
#: largest step size of a heuristic (Hong & Page's l = 12)
LARGEST_STEP = 12
#: smoothness (Grim et al.) of the landscape at complexity 0; complexity 1 is the random landscape
SMOOTHEST = 10.0
#: professionals' heuristics come from this many ablest on the unit's problem
TRAINING_POOL = 20
#: professionals in a unit's problem-solving team (a working group does not grow with the town)
TEAM = 5
#: an adopted arena solution that raises the solution's standing by more than this is a leap
LEAP = 0.05


class Climbs:
    """Every heuristic's climbs on landscapes already met, for towns that meet the same ones.

    Two runs of one design with the same seed (NPM and co-creation, say) draw the same sequence
    of problem landscapes: a unit's climbs on a landscape depend on the landscape alone, so towns
    stepped side by side (``experiments/ensembles.py``) climb each landscape once. A landscape is
    kept until ``sharers`` towns have used it, or until ``capacity`` newer ones are kept."""

    def __init__(self, sharers: int, capacity: int) -> None:
        self.sharers, self.capacity = sharers, capacity
        self._kept: dict[bytes, list] = {}

    def find(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """The climbs' ends and the abilities on ``values``, if a town has met it."""
        entry = self._kept.get(values.tobytes())
        if entry is None:
            return None
        entry[2] -= 1
        if entry[2] <= 0:
            del self._kept[values.tobytes()]
        return entry[0], entry[1]

    def keep(self, values: np.ndarray, ends: np.ndarray, ability: np.ndarray) -> None:
        """Keep the climbs on ``values`` for the other towns that will meet it."""
        if self.sharers <= 1:
            return
        self._kept[values.tobytes()] = [ends.copy(), ability, self.sharers - 1]
        while len(self._kept) > self.capacity:
            del self._kept[next(iter(self._kept))]


class UnitProblem:
    """One unit's problem landscape, every heuristic's climbs on it, and where the unit stands."""

    def __init__(
        self,
        complexity: float,
        rng: np.random.Generator,
        ends: np.ndarray,
        climbs: Climbs | None = None,
    ) -> None:
        self.smoothness = SMOOTHEST * (1.0 - complexity)
        self.rng = rng
        #: climbs shared with other towns (see :class:`Climbs`), if any
        self.climbs = climbs
        self.heuristic_count = hp.heuristics(LARGEST_STEP).shape[0]
        #: where every heuristic's climb ends from every start: ``ends[start, heuristic]``, an
        #: (``POINTS``, heuristics) int16 array: this unit's slot of all units' climbs (see
        #: :func:`search`)
        self.ends = ends
        self.new_problem()
        self.position = int(rng.integers(POINTS))

    def new_problem(self) -> None:
        """A fresh landscape of the same complexity, and every heuristic's climbs on it."""
        self.values = hp.landscape(self.rng, POINTS, self.smoothness)
        known = self.climbs.find(self.values) if self.climbs is not None else None
        if known is not None:
            self.ends[:], self.ability = known
        else:
            classes = hp.heuristic_classes(LARGEST_STEP)
            hp.climb_ends(self.values, classes, LARGEST_STEP, self.ends)
            self.ability = hp.reach(self.values, self.ends)
            if self.climbs is not None:
                self.climbs.keep(self.values, self.ends, self.ability)
        self.best = float(self.values.max())
        self.worst = float(self.values.min())
        #: the value of the professionals' own solution; set by their first search
        self.reference: float | None = None

    @property
    def none(self) -> int:
        """The index of 'no member', for padding groups of unequal size: a heuristic that never
        moves."""
        return self.heuristic_count

    def training_pool(self) -> np.ndarray:
        """The ablest heuristics on this problem: what a professional training teaches."""
        return np.argsort(-self.ability, kind="stable")[:TRAINING_POOL]

    def standing(self, position: int) -> float:
        """Share of the headroom between the professionals' own solution (0) and the best
        solution (1) that a solution has closed; below the professionals' own solution, minus
        the share of the way down to the worst solution (-1), where only an arena's idea adopted
        unchecked can take a unit (:func:`arenas_search`)."""
        reference = float(self.values[self.position] if self.reference is None else self.reference)
        value = float(self.values[position])
        if value >= reference:
            span = self.best - reference
            return min(max((value - reference) / span, 0.0), 1.0) if span > 0.0 else 0.0
        return -min(max((reference - value) / (reference - self.worst), 0.0), 1.0)


def search(
    ends: np.ndarray, problems: list[UnitProblem], groups: np.ndarray, unit: np.ndarray
) -> np.ndarray:
    """Where each group's relay ends (a row of ``groups``, padded with 'no member'), on the
    problem of its unit (``unit``: an index into ``problems``), from where that unit stands.
    ``ends`` holds every problem's climbs, stacked in the order of ``problems``."""
    standing = np.array([problem.position for problem in problems], dtype=np.int64)
    return hp.relays(ends, unit, groups, standing[unit])


def professionals_search(ends: np.ndarray, problems: list[UnitProblem], teams: np.ndarray) -> None:
    """Each unit's professionals search together (their distinct heuristics in increasing order:
    a row of ``teams`` per unit, padded with 'no member') from where the unit stands and move
    there; on a new problem, what they reach alone is the reference for the unit's standing."""
    groups = np.sort(teams, axis=1)
    again = groups[:, 1:] == groups[:, :-1]
    groups[:, 1:][again] = problems[0].none  # a heuristic the team has twice climbs once
    found = search(ends, problems, groups, np.arange(len(problems)))
    staffed = (teams != problems[0].none).any(axis=1)
    for problem, someone, position in zip(problems, staffed, found, strict=True):
        if someone:
            problem.position = int(position)
        if problem.reference is None:
            problem.reference = float(problem.values[problem.position])


def arenas_search(
    problem: UnitProblem,
    found: np.ndarray,
    power_sharing: float,
    rng: np.random.Generator,
    captor: tuple[int, int] | None = None,
) -> float:
    """A unit's arenas have searched from where the unit stands (``found``: where each arena's
    relay ended, see :func:`search`); the best solution found is adopted with chance
    ``power_sharing`` if it is better. Arenas captured by their most resourceful participant
    (``captor``: that citizen's heuristic and the point it starts from, its own view of the
    problem) propose the captor's own idea instead, and the room adopts it with the same chance
    unchecked, better or worse: how often it is worse is the landscape's to say (Young 2000 on
    internal exclusion; Janis 1972 on groupthink). Returns the change in standing (0 if nothing
    was adopted)."""
    if found.size == 0:
        return 0.0
    if captor is None:
        best = int(found[np.argmax(problem.values[found])])
    else:
        heuristic, start = captor
        best = int(problem.ends[start, heuristic])
    adopted = rng.random() < power_sharing
    gain = float(problem.standing(best) - problem.standing(problem.position))
    if adopted and (gain > 0.0 or captor is not None):
        problem.position = best
        return gain
    return 0.0
