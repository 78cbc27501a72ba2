"""Politicians: the council allocates the budget across domains and decides how much to share power
(concept.md §2.4; the seed's slide 7, seed.md §7: politicians must accept that they are not
sovereign rulers).

The state and rules of every town's council are the arrays of :class:`Council`, one row per town
and one column per member; :class:`Politician` is the Mesa agent, the public face of one member.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

if TYPE_CHECKING:
    from samskaping.scenarios.per_town import PerTown


class Council:
    """The council members of every town, each with own priorities across domains, a disposition
    to share power, and a constituency of citizens.

    ``priorities`` mix the town's real needs with a random political agenda, in proportion
    ``priority_bias``; ``responsiveness`` (drawn from U[0, 2]) sets how strongly a member answers
    falling legitimacy.
    """

    def __init__(
        self,
        scenario: PerTown,
        true_need_share: np.ndarray,
        arenas: bool,
        streams: list[dict[str, np.random.Generator]],
    ) -> None:
        self.scenario = scenario
        towns, domains = true_need_share.shape
        members = scenario.council
        self.priorities = np.empty((towns, members, domains))
        self.responsiveness = np.empty((towns, members))
        for town, own in enumerate(streams):
            s, rng = scenario.of(town), own["council"]
            for member in range(members):
                agenda = rng.dirichlet(np.ones(domains))
                self.priorities[town, member] = (1 - s.priority_bias) * true_need_share[
                    town
                ] + s.priority_bias * agenda
                self.responsiveness[town, member] = float(rng.uniform(0.0, 2.0))
        # sovereign where no arena output could move a decision (NPM, or no mode A or B)
        self.power_sharing = np.zeros((towns, members))
        if arenas:
            self.power_sharing += scenario.power_sharing

    def shared(self) -> np.ndarray:
        """Each town's power sharing: the mean of its members'."""
        return self.power_sharing.mean(axis=1)

    def respond_to_legitimacy(self, legitimacy: np.ndarray) -> None:
        """Share more power when the town's legitimacy falls short of the aspiration, take it back
        when it is above (responsive rule, after Fung 2006 "Varieties of participation")."""
        s = self.scenario
        gap = s.legitimacy_aspiration - legitimacy[:, None]
        change = s.power_sharing_response * self.responsiveness * gap
        self.power_sharing = np.minimum(1.0, np.maximum(0.0, self.power_sharing + change))


def council_allocation(
    priorities: np.ndarray,
    known_needs: np.ndarray,
    arena_voice: np.ndarray | None,
    power_sharing: np.ndarray,
    information_weight: float | np.ndarray,
) -> np.ndarray:
    """The council splits the budget across domains: its own priorities weighed against what the
    services know of needs (``information_weight``), and, with mode B, moved toward what arena
    participants asked for as far as the council shares power (Arnstein 1969; Fung 2006).

    All inputs are shares over domains, a row per town; so is the result. A town whose arenas
    said nothing has a row of NaN in ``arena_voice``.
    """
    plan = (1 - information_weight) * priorities + information_weight * known_needs
    if arena_voice is not None:
        said = ~np.isnan(arena_voice[:, :1])
        shared = power_sharing[:, None]
        plan = np.where(said, (1 - shared) * plan + shared * arena_voice, plan)
    return plan / plan.sum(axis=1, keepdims=True)


class Politician(mesa.Agent):
    """A council member: a view of its column of :class:`Council`."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index
        #: this politician's node in ``model.network``
        self.node = model.first_node["politician"] + index

    @property
    def _council(self) -> Council:
        return self.model.towns.council

    @property
    def priorities(self) -> np.ndarray:
        """Shares over domains: the member's own priorities."""
        return self._council.priorities[0, self.index]

    @property
    def power_sharing(self) -> float:
        """How far arena output may move the member's decisions, in [0, 1]."""
        return float(self._council.power_sharing[0, self.index])

    @power_sharing.setter
    def power_sharing(self, value: float) -> None:
        self._council.power_sharing[0, self.index] = value

    @property
    def responsiveness(self) -> float:
        """How strongly the member answers falling legitimacy (U[0, 2])."""
        return float(self._council.responsiveness[0, self.index])
