"""Collective problem solving: how much better a group's search makes a unit's service.

This is the interim engine of the arenas. It encodes the two findings the Hong–Page engine
(MODEL.md §5, a later issue) will reproduce from first principles: on rugged problems a group's
diversity finds what ability alone misses (Hong & Page 2004), on smooth problems ability wins
(Grim et al. 2019). A group's fit to a problem of complexity c is

    fit = (1 - c) x ability + c x diversity,

with ability 1 for a professional and 1/2 for a citizen, and diversity the citizens' share of the
group (professionals share one training: able but alike). The improvement found in a month is
``innovation x effort x fit x (1 - quality) x Exponential(1)``: the better the service already
is, the less there is to find.
"""

from __future__ import annotations

import numpy as np

LAY_ABILITY = 0.5
#: an improvement of service quality larger than this in one month counts as an innovative leap
LEAP = 0.005


def group_fit(lay_share: np.ndarray | float, complexity: float) -> np.ndarray | float:
    """How well a group with this share of citizens suits a problem of this complexity."""
    ability = (1.0 - lay_share) + lay_share * LAY_ABILITY
    return (1.0 - complexity) * ability + complexity * lay_share


def search(
    quality: np.ndarray,
    effort: np.ndarray,
    lay_share: np.ndarray,
    complexity: float,
    innovation: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Improvement in service quality that each unit's group finds this month (before adoption)."""
    luck = rng.exponential(1.0, size=quality.shape)
    return innovation * effort * group_fit(lay_share, complexity) * (1.0 - quality) * luck
