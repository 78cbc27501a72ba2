"""The outputs a sensitivity study analyses and scenario discovery explains: one row per point.

A **point** is one set of values of the varied parameters. When the regime is among the varied
factors, each point ran under every regime with the same seeds, and the table holds each
regime's value (``accuracy_npm``, ``accuracy_co_creation``) and the **paired difference** from the
first regime listed (``accuracy_diff``: co-creation − NPM at the same point and seed, averaged
over the replications). Without a varied regime the outputs keep the metrics' names. With three
or more regimes each difference is named after its regime (``accuracy_diff_bureaucracy``).

A metric is its final month's value, or with ``last_months = K`` its mean over the last K months
(less sensitive to where month T happens to fall in a cycle). ``points.parquet`` is this table:
``point``, the varied parameters (``param_<name>``, as in ``runs.parquet``) and the outputs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from samskaping.experiments.single_run import PARAMETER_PREFIX

#: the difference's suffix, as ``--where "accuracy_diff < 0"`` names it
DIFF = "diff"


def slug(regime: str) -> str:
    """A regime as part of a column name a ``--where`` expression can use (no hyphen)."""
    return regime.replace("-", "_")


def names(metrics: Sequence[str], regimes: Sequence[str]) -> list[str]:
    """The output columns, in order: each metric under each regime, then the differences."""
    if len(regimes) < 2:
        return list(metrics)
    each = [f"{m}_{slug(r)}" for m in metrics for r in regimes]
    if len(regimes) == 2:
        return each + [f"{m}_{DIFF}" for m in metrics]
    return each + [f"{m}_{DIFF}_{slug(r)}" for m in metrics for r in regimes[1:]]


def last_months_means(series: pd.DataFrame, metrics: Sequence[str], months: int) -> dict:
    """One run's metrics averaged over its last ``months`` months (step 0, the start, excluded)."""
    months_run = series[series["step"] > 0]
    return {m: float(np.nanmean(months_run[m].to_numpy()[-months:])) for m in metrics}


def points(
    runs: pd.DataFrame,
    point_of: dict[str, int],
    regime_of: dict[str, str | None],
    regimes: Sequence[str],
    metrics: Sequence[str],
    factors: Sequence[str],
) -> pd.DataFrame:
    """One row per point: ``point``, the factors' values, and the outputs (:func:`names`), each
    the mean over the point's replications. ``runs`` has a row per run (``arm``,
    ``replication``, ``status`` and the metrics); ``point_of`` and ``regime_of`` say which point
    and regime each arm is. A failed run's values are missing, and so are its point's outputs."""
    frame = runs.copy()
    frame.loc[frame["status"] != "ok", list(metrics)] = np.nan
    frame["point"] = frame["arm"].map(point_of)
    columns = [PARAMETER_PREFIX + f for f in factors]
    first = frame.sort_values("run_id").groupby("point", sort=True)[columns].first()
    if len(regimes) < 2:
        values = frame.groupby(["point", "replication"])[list(metrics)].mean()
    else:
        frame["regime"] = frame["arm"].map(regime_of)
        wide = frame.pivot_table(
            index=["point", "replication"], columns="regime", values=list(metrics),
            dropna=False, aggfunc="first",
        )  # fmt: skip
        parts = {f"{m}_{slug(r)}": wide[(m, r)] for m in metrics for r in regimes if (m, r) in wide}
        base = regimes[0]
        for m in metrics:
            for r in regimes[1:]:
                name = f"{m}_{DIFF}" if len(regimes) == 2 else f"{m}_{DIFF}_{slug(r)}"
                parts[name] = wide.get((m, r), np.nan) - wide.get((m, base), np.nan)
        values = pd.DataFrame(parts)
    # a point's output is missing if any of its runs is (mean would hide a failed replication)
    means = values.groupby(level="point").agg(lambda s: s.mean() if s.notna().all() else np.nan)
    table = first.join(means.reindex(columns=names(metrics, regimes)), how="left")
    return table.reset_index().rename_axis(None, axis=1)
