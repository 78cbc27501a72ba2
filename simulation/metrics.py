"""Outcome measures (MODEL.md §6): legitimacy, accuracy, inequality and what explains them."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

#: the three outcomes of the reform debate, in [0, 1], shown first everywhere
HEADLINE = ("legitimacy", "accuracy", "inequality")
#: professional hours in one unit of service (one client's need met for a month)
HOURS_PER_UNIT = 10.0
#: citizens' hours for one month of taking part
CITIZEN_HOURS = {"arena": 3.0, "coproduction": 1.0}
#: the smallest positive float: a divisor that leaves 0 / 0 as 0 without a branch
TINY = np.finfo(float).tiny


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values, in [0, 1): 0 when everyone has the same."""
    x = np.sort(np.asarray(values, dtype=float))
    n, total = x.size, x.sum()
    if n == 0 or total <= 0.0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(np.clip((2.0 * (ranks * x).sum()) / (n * total) - (n + 1.0) / n, 0.0, 1.0))


def quintile_means(
    values: dict[str, np.ndarray], members: sp.csr_array
) -> dict[str, np.ndarray]:
    """Mean of each array of ``values`` in each resource quintile (index 0 = lowest); NaN for an
    empty quintile. ``members`` is the quintiles × citizens matrix of membership (0 or 1): the
    five means of all arrays are one sparse product."""
    columns = np.empty((members.shape[1], len(values)))
    for column, array in enumerate(values.values()):
        columns[:, column] = array
    counts = members.sum(axis=1)[:, None]
    sums = members @ columns
    means = np.full(sums.shape, np.nan)
    np.divide(sums, counts, out=means, where=counts > 0)
    return {name: means[:, column] for column, name in enumerate(values)}


def representativeness(quintile: np.ndarray, took_part: np.ndarray) -> float:
    """How closely arena participants mirror the population's quintiles: 1 - total variation
    distance between the participants' quintile shares and the population's (NaN with nobody)."""
    if not took_part.any():
        return float("nan")
    present = np.bincount(quintile[took_part], minlength=5) / took_part.sum()
    population = np.bincount(quintile, minlength=5) / quintile.size
    return float(1.0 - 0.5 * np.abs(present - population).sum())


def profile_match(served: np.ndarray, needs: np.ndarray) -> np.ndarray:
    """Accuracy (treffsikkerhet) per citizen: 1 - total variation distance between the profile of
    the service received and the profile of the need, over domains; 0 when nothing was received."""
    served_total = served.sum(axis=1, keepdims=True)
    need_total = needs.sum(axis=1, keepdims=True)
    # all entries are >= 0: a row with total 0 is all 0 and stays 0 when divided by TINY
    served_shape = served / np.maximum(served_total, TINY)
    need_shape = needs / np.maximum(need_total, TINY)
    served_shape -= need_shape
    match = 1.0 - 0.5 * np.abs(served_shape, out=served_shape).sum(axis=1)
    return np.where(served_total[:, 0] > 0, np.clip(match, 0.0, 1.0), 0.0)


def fulfilment(served: np.ndarray, needs: np.ndarray) -> np.ndarray:
    """Share of each citizen's total need that the service met (1 for a citizen with no need)."""
    need_total = needs.sum(axis=1)
    met = np.minimum(served, needs).sum(axis=1)
    return np.where(need_total > 0, met / np.maximum(need_total, TINY), 1.0)
