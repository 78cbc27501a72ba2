"""Politicians: the council allocates the budget across domains and decides how much to share power
(concept.md §2.4; the seed's slide 7, seed.md §7: politicians must accept that they are not
sovereign rulers)."""

from __future__ import annotations

import mesa
import numpy as np


class Politician(mesa.Agent):
    """A council member with own priorities across domains, a disposition to share power, and a
    constituency of citizens.

    ``priorities`` mix the population's real needs with a random political agenda, in proportion
    ``priority_bias``; ``responsiveness`` (drawn from U[0, 2]) sets how strongly this politician
    answers falling legitimacy.
    """

    def __init__(self, model: mesa.Model, index: int, true_need_share: np.ndarray) -> None:
        super().__init__(model)
        s, rng = model.scenario, model.streams["council"]
        self.index = index
        #: this politician's node in ``model.network``
        self.node = model.first_node["politician"] + index
        agenda = rng.dirichlet(np.ones(true_need_share.size))
        self.priorities = (1 - s.priority_bias) * true_need_share + s.priority_bias * agenda
        # sovereign where no arena output could move a decision (NPM, or no mode A or B)
        self.power_sharing: float = s.power_sharing if model.regime.arenas else 0.0
        self.responsiveness: float = float(rng.uniform(0.0, 2.0))

    def respond_to_legitimacy(self, legitimacy: float) -> None:
        """Share more power when legitimacy falls short of the aspiration, take it back when it is
        above (responsive rule, after Fung 2006 "Varieties of participation")."""
        s = self.model.scenario
        gap = s.legitimacy_aspiration - legitimacy
        change = s.power_sharing_response * self.responsiveness * gap
        self.power_sharing = min(1.0, max(0.0, self.power_sharing + change))


def council_allocation(
    priorities: np.ndarray,
    known_needs: np.ndarray,
    arena_voice: np.ndarray | None,
    power_sharing: float,
    information_weight: float,
) -> np.ndarray:
    """The council splits the budget across domains: its own priorities weighed against what the
    services know of needs (``information_weight``), and, with mode B, moved toward what arena
    participants asked for as far as the council shares power (Arnstein 1969; Fung 2006).

    All inputs are shares over domains; so is the result.
    """
    plan = (1 - information_weight) * priorities + information_weight * known_needs
    if arena_voice is not None:
        plan = (1 - power_sharing) * plan + power_sharing * arena_voice
    return plan / plan.sum()
