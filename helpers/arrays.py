"""Array helpers for the citizens' arrays of an ensemble of towns: a row of towns, then citizens,
then (for arrays with a column per domain) domains, each town's block column-major."""

from __future__ import annotations

import numpy as np


def by_domain(towns: int, citizens: int, columns: int) -> np.ndarray:
    """An empty (towns, citizens, columns) array whose every town's block is column-major: each
    column of a town runs over its citizens in one block of memory, exactly the array one town
    alone would hold."""
    return np.empty((towns, columns, citizens)).transpose(0, 2, 1)


def per_town(value: float | np.ndarray) -> float | np.ndarray:
    """A parameter (a number, or a column with a row per town) as a number or a row of towns."""
    return value[:, 0] if isinstance(value, np.ndarray) else value


def power(base: np.ndarray, exponent: float | np.ndarray) -> np.ndarray:
    """``base ** exponent`` with one exponent per town (a number, or a column with a row per
    town), each town raised to its own number: numpy computes ``x ** 2`` or ``x ** 0.5`` by
    faster routes than ``pow``, and a town must get the same numbers alone as side by side."""
    if not isinstance(exponent, np.ndarray):
        return base**exponent
    result = np.empty_like(base)
    for town, value in enumerate(exponent[:, 0]):
        result[town] = base[town] ** float(value)
    return result


def row_sums(array: np.ndarray, minus: np.ndarray | None = None) -> np.ndarray:
    """Per citizen, the sum over domains (the last axis) of ``array`` (or of
    ``|array - minus|``), adding the columns in order, without a temporary of all domains."""
    total, column = np.zeros(array.shape[:-1]), np.empty(array.shape[:-1])
    for d in range(array.shape[-1]):
        if minus is None:
            total += array[..., d]
        else:
            total += np.abs(np.subtract(array[..., d], minus[..., d], out=column), out=column)
    return total
