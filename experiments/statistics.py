"""Means with 95 % confidence intervals, and paired differences between arms.

Replication r of every arm shares its seed (common random numbers), so the difference between two
arms is estimated from the per-replication differences (a paired t interval; Law 2015, *Simulation
Modeling and Analysis*, section 10.2.1), which is much narrower than comparing two independent means.
Runs that failed and metrics without a value (no arena met) are left out of each figure; ``n``
says how many runs it rests on.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.95
SUMMARY_COLUMNS = ["kind", "arm", "versus", "metric", "n", "mean", "sd", "ci_low", "ci_high"]


def interval(values: np.ndarray) -> dict[str, float]:
    """n, mean, standard deviation and the 95 % t interval of the mean (NaN below two values)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = x.size
    if n == 0:
        return {"n": 0, "mean": np.nan, "sd": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    mean = float(x.mean())
    if n < 2:
        return {"n": 1, "mean": mean, "sd": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    sd = float(x.std(ddof=1))
    half = float(stats.t.ppf(0.5 + LEVEL / 2, n - 1)) * sd / np.sqrt(n)
    return {"n": n, "mean": mean, "sd": sd, "ci_low": mean - half, "ci_high": mean + half}


def summarise(
    runs: pd.DataFrame,
    arms: list[str],
    metrics: tuple[str, ...],
    contrasts: list[tuple[str, str]] = (),
    factors: dict[str, dict[str, Any]] | None = None,
) -> pd.DataFrame:
    """One row per arm and metric (``kind = "arm"``), and one per contrast (arm, versus) and
    metric (``kind = "difference"``: arm minus versus, paired by replication). ``factors`` maps an
    arm to the values that set it apart; they become columns."""
    ok = runs[runs["status"] == "ok"]
    by_arm = {arm: ok[ok["arm"] == arm].set_index("replication") for arm in arms}
    records = []
    for arm in arms:
        for metric in metrics:
            values = by_arm[arm][metric].to_numpy()
            records.append({"kind": "arm", "arm": arm, "versus": None, "metric": metric}
                           | interval(values))  # fmt: skip
    for arm, versus in contrasts:
        paired = by_arm[arm].index.intersection(by_arm[versus].index)
        for metric in metrics:
            gap = by_arm[arm].loc[paired, metric] - by_arm[versus].loc[paired, metric]
            records.append({"kind": "difference", "arm": arm, "versus": versus,
                            "metric": metric} | interval(gap.to_numpy()))  # fmt: skip
    summary = pd.DataFrame.from_records(records, columns=SUMMARY_COLUMNS)
    if factors:
        names = list(dict.fromkeys(k for values in factors.values() for k in values))
        for i, name in enumerate(names):
            summary.insert(2 + i, name, summary["arm"].map(lambda a, n=name: factors[a].get(n)))
    return summary


class Bands:
    """Mean and 95 % interval of each metric, month by month, for each arm, accumulated one run
    at a time (sums and sums of squares), so the time series never has to be held at once."""

    def __init__(self, metrics: tuple[str, ...]) -> None:
        self.metrics = metrics
        self.sums: dict[str, list[np.ndarray]] = {}

    def add(self, arm: str, table: Any) -> None:
        """Add one run's time series (a table with ``step`` and the metrics)."""
        values = np.column_stack([table[m].to_numpy(zero_copy_only=False) for m in self.metrics])
        values = values.astype(float)
        seen = ~np.isnan(values)
        values = np.where(seen, values, 0.0)
        parts = [values, values**2, seen.astype(float)]
        if arm not in self.sums:
            self.sums[arm] = parts
            return
        sums = self.sums[arm]
        rows = min(sums[0].shape[0], values.shape[0])  # runs that stopped early: common months
        self.sums[arm] = [s[:rows] + p[:rows] for s, p in zip(sums, parts, strict=True)]

    def frame(self) -> pd.DataFrame:
        """Long table: arm, step, metric, n, mean, ci_low, ci_high."""
        records = []
        for arm, (total, squares, count) in self.sums.items():
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = total / count
                var = (squares - count * mean**2) / (count - 1)
                t = stats.t.ppf(0.5 + LEVEL / 2, np.maximum(count - 1, 1))
                half = t * np.sqrt(np.maximum(var, 0.0) / count)
            half = np.where(count >= 2, half, np.nan)
            for j, metric in enumerate(self.metrics):
                records.append(
                    pd.DataFrame({
                        "arm": arm, "step": np.arange(total.shape[0]), "metric": metric,
                        "n": count[:, j], "mean": mean[:, j],
                        "ci_low": mean[:, j] - half[:, j], "ci_high": mean[:, j] + half[:, j],
                    })
                )  # fmt: skip
        columns = ["arm", "step", "metric", "n", "mean", "ci_low", "ci_high"]
        return pd.concat(records, ignore_index=True) if records else pd.DataFrame(columns=columns)
