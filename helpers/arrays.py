"""Array helpers for the model's column-major citizen arrays (one column per domain)."""

from __future__ import annotations

import numpy as np


def row_sums(array: np.ndarray, minus: np.ndarray | None = None) -> np.ndarray:
    """Per citizen, the sum over domains of ``array`` (or of ``|array - minus|``), adding the
    columns of a column-major array in order, without a temporary of all domains."""
    total, column = np.zeros(array.shape[0]), np.empty(array.shape[0])
    for d in range(array.shape[1]):
        if minus is None:
            total += array[:, d]
        else:
            total += np.abs(np.subtract(array[:, d], minus[:, d], out=column), out=column)
    return total
