"""Common random numbers: one named random stream per mechanism, all spawned from the run's one
numpy Generator (itself seeded from the scenario's seed).

Switching a mechanism on or off must not reshuffle the draws of the others. With one shared
stream, turning on volunteering would change who is invited to arenas next month, and a comparison
of two arms would mix the mechanism's effect with noise. With a stream per mechanism, two arms
with the same seed differ only by what differs between them (common random numbers; Law 2015,
*Simulation Modeling and Analysis*, ch. 11).
"""

from __future__ import annotations

import numpy as np

#: Append new streams at the end: the order fixes which child seed each stream gets.
STREAMS = (
    "population",  # citizens' resources, needs, willingness and legitimacy at the start
    "network",  # the social-tie generator
    "professionals",  # professionals' expertise and recognition at the start
    "assignment",  # who is whose client, and constituencies
    "council",  # politicians' agendas and responsiveness
    "needs",  # drift and shocks
    "accounts",  # citizens' own accounts of their needs
    "assessment",  # what professionals see
    "arenas",  # invitations and taking part in arenas
    "coproduction",  # taking part in co-production
    "surveys",  # answering user surveys
    "volunteering",  # volunteering
    "problems",  # units' problem landscapes and where they start
    "heuristics",  # citizens' and professionals' problem-solving heuristics
    "arena_search",  # whether an arena's solution is adopted
    "problem_changes",  # when a unit's problem changes
)


def spawn_streams(rng: np.random.Generator) -> dict[str, np.random.Generator]:
    """One independent Generator per mechanism, derived deterministically from ``rng``."""
    return dict(zip(STREAMS, rng.spawn(len(STREAMS)), strict=True))
