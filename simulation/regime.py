"""Regimes and modes (concept.md §3; ODD.md §10): which mechanisms are switched on in a run.

A regime is a bundle of mechanisms. NPM: user surveys, customer choice with exit and complaints,
performance management, siloed units and sovereign politicians. Co-creation: arenas, dialogue
across silos and power sharing, through the four modes of the seed's 2 x 2 map, each switchable on
its own:

- A: active collaboration on problems and solutions (problem-solving arenas, across silos);
- B: citizen input to policy making (arena output moves the budget allocation);
- C: citizens as volunteers (adds capacity);
- D: professional-user collaboration in the service relation (co-production).

Traditional bureaucracy is the baseline with neither: standard services, no surveys, choice or
targets, no arenas; the professionals' own search, silo blindness and elections remain.
"""

from __future__ import annotations

from dataclasses import dataclass

from samskaping.scenarios.parameters import SamskapingScenario


@dataclass(frozen=True)
class Regime:
    """The mechanisms in force for one run."""

    name: str
    surveys: bool = False
    customer_choice: bool = False
    performance_management: bool = False
    problem_arenas: bool = False  # mode A
    policy_input: bool = False  # mode B
    volunteering: bool = False  # mode C
    coproduction: bool = False  # mode D
    counter_strategy: str = "none"

    @property
    def arenas(self) -> bool:
        """Arenas meet when citizens work on problems (A) or give policy input (B)."""
        return self.problem_arenas or self.policy_input

    @classmethod
    def of(cls, scenario: SamskapingScenario) -> Regime:
        """The regime a scenario asks for; the modes and the counter-strategy act only under
        co-creation, since NPM has no arenas, co-production or volunteering to steer."""
        if scenario.regime == "npm":
            return cls(name="npm", surveys=True, customer_choice=True, performance_management=True)
        if scenario.regime == "bureaucracy":  # the baseline: neither NPM's instruments nor arenas
            return cls(name="bureaucracy")
        return cls(
            name="co-creation",
            problem_arenas=scenario.mode_a,
            policy_input=scenario.mode_b,
            volunteering=scenario.mode_c,
            coproduction=scenario.mode_d,
            counter_strategy=scenario.counter_strategy,
        )
