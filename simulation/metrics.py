"""Outcome measures (MODEL.md §6): legitimacy, accuracy, inequality and what explains them."""

from __future__ import annotations

import numpy as np

#: the three outcomes of the reform debate, in [0, 1], shown first everywhere
HEADLINE = ("legitimacy", "accuracy", "inequality")
#: professional hours in one unit of service (one client's need met for a month)
HOURS_PER_UNIT = 10.0
#: citizens' hours for one month of taking part
CITIZEN_HOURS = {"arena": 3.0, "coproduction": 1.0}


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values, in [0, 1): 0 when everyone has the same."""
    x = np.sort(np.asarray(values, dtype=float))
    n, total = x.size, x.sum()
    if n == 0 or total <= 0.0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(np.clip((2.0 * (ranks * x).sum()) / (n * total) - (n + 1.0) / n, 0.0, 1.0))


def quintile_means(values: np.ndarray, quintile: np.ndarray) -> np.ndarray:
    """Mean of ``values`` in each resource quintile (index 0 = lowest); NaN for an empty one."""
    counts = np.bincount(quintile, minlength=5).astype(float)
    sums = np.bincount(quintile, weights=values.astype(float), minlength=5)
    return np.divide(sums, counts, out=np.full(5, np.nan), where=counts > 0)


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
    served_shape = np.divide(
        served, served_total, out=np.zeros_like(served), where=served_total > 0
    )
    need_shape = np.divide(needs, need_total, out=np.zeros_like(needs), where=need_total > 0)
    match = 1.0 - 0.5 * np.abs(served_shape - need_shape).sum(axis=1)
    return np.where(served_total[:, 0] > 0, np.clip(match, 0.0, 1.0), 0.0)


def fulfilment(served: np.ndarray, needs: np.ndarray) -> np.ndarray:
    """Share of each citizen's total need that the service met (1 for a citizen with no need)."""
    need_total = needs.sum(axis=1)
    met = np.minimum(served, needs).sum(axis=1)
    return np.divide(met, need_total, out=np.ones_like(need_total), where=need_total > 0)
