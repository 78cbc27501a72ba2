"""Outcome measures (concept.md §6; ODD.md §8): legitimacy, accuracy, inequality and what explains them."""

from __future__ import annotations

import numpy as np

from samskaping.helpers.arrays import row_sums

#: the three outcomes of the reform debate, in [0, 1], shown first everywhere
HEADLINE = ("legitimacy", "accuracy", "inequality")
#: legitimacy's three components (Scharpf 1999; Schmidt 2013): every table shows them under it
LEGITIMACY_COMPONENTS = ("legitimacy_input", "legitimacy_throughput", "legitimacy_output")
#: the headline as tables show it, with legitimacy's components after it
HEADLINE_TABLE = ("legitimacy", *LEGITIMACY_COMPONENTS, "accuracy", "inequality")
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


def quintile_means(values: dict[str, np.ndarray], quintile: np.ndarray) -> dict[str, np.ndarray]:
    """Mean of each array of ``values`` in each resource quintile (index 0 = lowest); NaN for an
    empty quintile."""
    counts = np.bincount(quintile, minlength=5).astype(float)
    means = {}
    for name, array in values.items():
        if array.dtype == bool:  # a count: the members marked
            sums = np.bincount(quintile[array], minlength=5).astype(float)
        else:
            sums = np.bincount(quintile, weights=array, minlength=5)
        means[name] = np.full(5, np.nan)
        np.divide(sums, counts, out=means[name], where=counts > 0)
    return means


def representativeness(quintile: np.ndarray, took_part: np.ndarray) -> float:
    """How closely arena participants mirror the population's quintiles: 1 - total variation
    distance between the participants' quintile shares and the population's (NaN with nobody)."""
    if not took_part.any():
        return float("nan")
    present = np.bincount(quintile[took_part], minlength=5) / took_part.sum()
    population = np.bincount(quintile, minlength=5) / quintile.size
    return float(1.0 - 0.5 * np.abs(present - population).sum())


def accuracy_and_fulfilment(served: np.ndarray, needs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per citizen, from the service received and the need, over domains:

    - accuracy (treffsikkerhet): 1 - total variation distance between the profile of the service
      and the profile of the need; 0 when nothing was received;
    - fulfilment: the share of the total need that the service met; 1 for a citizen with no need.

    Both work a domain (column) at a time, without temporaries of all domains.
    """
    served_total, need_total = row_sums(served), row_sums(needs)
    # all entries are >= 0: a row with total 0 is all 0 and stays 0 when divided by TINY
    served_scale, need_scale = np.maximum(served_total, TINY), np.maximum(need_total, TINY)
    mismatch, met = np.zeros_like(served_total), np.zeros_like(need_total)
    shape, low = np.empty_like(served_total), np.empty_like(need_total)
    for d in range(served.shape[1]):
        np.divide(served[:, d], served_scale, out=shape)
        shape -= needs[:, d] / need_scale
        mismatch += np.abs(shape, out=shape)
        met += np.minimum(served[:, d], needs[:, d], out=low)
    accuracy = np.where(served_total > 0, np.clip(1.0 - 0.5 * mismatch, 0.0, 1.0), 0.0)
    met /= need_scale
    return accuracy, np.where(need_total > 0, met, 1.0)
