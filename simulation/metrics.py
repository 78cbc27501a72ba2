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
    values: dict[str, np.ndarray], members: sp.csr_array | np.ndarray
) -> dict[str, np.ndarray]:
    """Mean of each array of ``values`` in each resource quintile (index 0 = lowest); NaN for an
    empty quintile. ``members`` is each citizen's quintile (0 .. 4), or the quintiles × citizens
    matrix of membership (0 or 1). Each sum runs over the quintile's members in citizen order, as
    a product with the membership matrix would add them."""
    if sp.issparse(members):
        quintile = np.empty(members.shape[1], dtype=np.intp)
        coo = members.tocoo()
        quintile[coo.col] = coo.row
    else:
        quintile = members
    counts = np.bincount(quintile, minlength=5).astype(float)
    means = {}
    for name, array in values.items():
        if array.dtype == bool:  # a count: the members marked, whole numbers either way
            sums = np.bincount(quintile[array], minlength=5).astype(float)
        else:
            sums = np.bincount(quintile, weights=array, minlength=5)
        means[name] = np.full(sums.shape, np.nan)
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


def accuracy_and_fulfilment(served: np.ndarray, needs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`profile_match` and :func:`fulfilment` at once, the same numbers: each total of a
    citizen's needs is taken once, and the sums over domains run a column at a time (adding the
    columns in order, as numpy sums the rows of a column-major array) with no temporary arrays
    of all domains."""
    served_total, need_total = _row_sums(served), _row_sums(needs)
    served_scale = np.maximum(served_total, TINY)
    need_scale = np.maximum(need_total, TINY)
    mismatch = met = None
    shape, low = np.empty_like(served_scale), np.empty_like(served_scale)
    for d in range(served.shape[1]):
        np.divide(served[:, d], served_scale, out=shape)
        shape -= needs[:, d] / need_scale
        np.abs(shape, out=shape)
        np.minimum(served[:, d], needs[:, d], out=low)
        if d == 0:
            mismatch, met = shape.copy(), low.copy()
        else:
            mismatch += shape
            met += low
    if mismatch is None:  # no domains
        return profile_match(served, needs), fulfilment(served, needs)
    match = 1.0 - 0.5 * mismatch
    accuracy = np.where(served_total > 0, np.clip(match, 0.0, 1.0), 0.0)
    met /= need_scale
    return accuracy, np.where(need_total > 0, met, 1.0)


def _row_sums(array: np.ndarray) -> np.ndarray:
    """``array.sum(axis=1)`` of a column-major array: its columns added in order."""
    if array.shape[1] == 0:
        return array.sum(axis=1)
    total = array[:, 0].copy()
    for d in range(1, array.shape[1]):
        total += array[:, d]
    return total
