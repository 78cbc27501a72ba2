"""Outcome measures (concept.md §6; ODD.md §8): legitimacy, accuracy, inequality and what explains them."""

from __future__ import annotations

import numba
import numpy as np

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


def gini(values: np.ndarray) -> float | np.ndarray:
    """Gini coefficient of non-negative values, in [0, 1): 0 when everyone has the same; of the
    last axis, one per town for an array with a row per town."""
    x = np.sort(np.asarray(values, dtype=float), axis=-1)
    n, total = x.shape[-1], x.sum(axis=-1)
    if n == 0:
        return 0.0 if x.ndim == 1 else np.zeros(x.shape[:-1])
    ranks = np.arange(1, n + 1)
    scale = np.where(total > 0.0, n * total, 1.0)
    value = np.clip((2.0 * (ranks * x).sum(axis=-1)) / scale - (n + 1.0) / n, 0.0, 1.0)
    value = np.where(total > 0.0, value, 0.0)
    return float(value) if x.ndim == 1 else value


def quintile_means(values: dict[str, np.ndarray], quintile: np.ndarray) -> dict[str, np.ndarray]:
    """Mean of each array of ``values`` (a row per town) in each resource quintile of each town
    (index 0 = lowest), shape (towns, 5); NaN for an empty quintile."""
    towns = quintile.shape[0]
    group = (quintile + 5 * np.arange(towns)[:, None]).ravel()
    counts = np.bincount(group, minlength=5 * towns).astype(float)
    means = {}
    for name, array in values.items():
        if array.dtype == bool:  # a count: the members marked
            sums = np.bincount(group[array.ravel()], minlength=5 * towns).astype(float)
        else:
            sums = np.bincount(group, weights=array.ravel(), minlength=5 * towns)
        means[name] = np.full(5 * towns, np.nan)
        np.divide(sums, counts, out=means[name], where=counts > 0)
        means[name] = means[name].reshape(towns, 5)
    return means


def representativeness(quintile: np.ndarray, took_part: np.ndarray) -> np.ndarray:
    """How closely arena participants mirror each town's quintiles: 1 - total variation distance
    between the participants' quintile shares and the population's (NaN with nobody)."""
    towns, citizens = quintile.shape
    group = quintile + 5 * np.arange(towns)[:, None]
    present = np.bincount(group[took_part], minlength=5 * towns).reshape(towns, 5).astype(float)
    taking_part = took_part.sum(axis=1)
    population = np.bincount(group.ravel(), minlength=5 * towns).reshape(towns, 5) / citizens
    present /= np.maximum(taking_part, 1)[:, None]
    value = 1.0 - 0.5 * np.abs(present - population).sum(axis=1)
    return np.where(taking_part > 0, value, np.nan)


def accuracy_and_fulfilment(served: np.ndarray, needs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per citizen, from the service received and the need, both (towns, citizens, domains),
    over the domains:

    - accuracy (treffsikkerhet): 1 - total variation distance between the profile of the service
      and the profile of the need; 0 when nothing was received;
    - fulfilment: the share of the total need that the service met; 1 for a citizen with no need.

    Compiled (:func:`_accuracy_and_fulfilment`): one pass over each citizen's domains."""
    accuracy, fulfilment = np.empty(served.shape[:-1]), np.empty(served.shape[:-1])
    _accuracy_and_fulfilment(
        served.transpose(0, 2, 1), needs.transpose(0, 2, 1), accuracy, fulfilment
    )
    return accuracy, fulfilment


@numba.njit(cache=True, nogil=True)
def _accuracy_and_fulfilment(served, needs, accuracy, fulfilment):
    """``served`` and ``needs`` (towns, domains, citizens); the sums over domains in order, as
    numpy's column by column."""
    towns, domains, citizens = served.shape
    for t in range(towns):
        for i in range(citizens):
            served_total, need_total = 0.0, 0.0
            for d in range(domains):
                served_total += served[t, d, i]
                need_total += needs[t, d, i]
            # all entries are >= 0: a total of 0 is all 0 and stays 0 when divided by TINY
            served_scale, need_scale = max(served_total, TINY), max(need_total, TINY)
            mismatch, met = 0.0, 0.0
            for d in range(domains):
                shape = served[t, d, i] / served_scale
                shape -= needs[t, d, i] / need_scale
                mismatch += abs(shape)
                met += min(served[t, d, i], needs[t, d, i])
            accuracy[t, i] = min(max(1.0 - 0.5 * mismatch, 0.0), 1.0) if served_total > 0 else 0.0
            fulfilment[t, i] = met / need_scale if need_total > 0 else 1.0
