"""The figures of an experiment's report, drawn with matplotlib and saved atomically.

- ``timeseries.png``: each headline metric month by month, one line per arm with its 95 % band;
- ``outcomes.png``: the final value of each headline metric, one box (and every run) per arm;
- ``effects.png`` (sweeps): each headline metric against each varied parameter, mean and 95 %
  interval over everything else, one line per regime when the regime is varied too.
Large designs get only the figures that stay readable (see the limits below).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from samskaping.experiments.single_run import PARAMETER_PREFIX
from samskaping.experiments.statistics import interval
from samskaping.experiments.store import atomic_write
from samskaping.simulation.metrics import HEADLINE

#: arms drawn as lines with bands, and as boxes
MAX_LINES = 8
MAX_BOXES = 30


def save(fig: plt.Figure, path: Path, dpi: int = 110) -> Path:
    """Lay out, write atomically as PNG, and free the figure."""
    fig.tight_layout()
    atomic_write(path, lambda p: fig.savefig(p, dpi=dpi, format="png"))
    plt.close(fig)
    return path


def timeseries(bands: pd.DataFrame, arms: list[str], path: Path) -> Path | None:
    if bands.empty or len(arms) > MAX_LINES:
        return None
    fig, axes = plt.subplots(1, len(HEADLINE), figsize=(4.2 * len(HEADLINE), 3.6), sharex=True)
    for ax, metric in zip(axes, HEADLINE, strict=True):
        for arm in arms:
            b = bands[(bands["arm"] == arm) & (bands["metric"] == metric)]
            line = ax.plot(b["step"], b["mean"], label=arm)[0]
            ax.fill_between(b["step"], b["ci_low"], b["ci_high"], color=line.get_color(), alpha=0.2)
        ax.set_title(metric)
        ax.set_xlabel("month")
    axes[0].legend(fontsize="small")
    fig.suptitle("Mean over replications, with 95 % confidence band")
    return save(fig, path)


def outcomes(runs: pd.DataFrame, arms: list[str], path: Path) -> Path | None:
    ok = runs[runs["status"] == "ok"]
    if ok.empty or len(arms) > MAX_BOXES:
        return None
    fig, axes = plt.subplots(
        1, len(HEADLINE), figsize=(4.2 * len(HEADLINE), 1.2 + 0.35 * max(4, len(arms)))
    )
    for ax, metric in zip(axes, HEADLINE, strict=True):
        data = [ok.loc[ok["arm"] == arm, metric].dropna().to_numpy() for arm in arms]
        ax.boxplot(data, orientation="horizontal", widths=0.5, showfliers=False)
        for i, values in enumerate(data, start=1):
            jitter = np.linspace(-0.15, 0.15, values.size) if values.size > 1 else np.zeros(1)
            ax.scatter(values, i + jitter[: values.size], s=8, alpha=0.6, color="black")
        ax.set_yticks(range(1, len(arms) + 1), arms if metric == HEADLINE[0] else [""] * len(arms))
        ax.invert_yaxis()
        ax.set_title(f"final {metric}")
    fig.suptitle("Final outcomes: one point per run")
    return save(fig, path)


def effects(runs: pd.DataFrame, factors: list[str], path: Path) -> Path | None:
    """Main effects of each factor: numbers, switches and words (in the order of the design)."""
    ok = runs[runs["status"] == "ok"]
    shown = [
        f
        for f in factors
        if f != "regime"
        and f"{PARAMETER_PREFIX}{f}" in ok
        and ok[f"{PARAMETER_PREFIX}{f}"].nunique() > 1
    ]
    if ok.empty or not shown:
        return None
    by_regime = "regime" in factors and ok[f"{PARAMETER_PREFIX}regime"].nunique() > 1
    fig, axes = plt.subplots(
        len(HEADLINE), len(shown), figsize=(3.8 * len(shown), 2.8 * len(HEADLINE)), squeeze=False
    )
    groups = list(ok.groupby(f"{PARAMETER_PREFIX}regime")) if by_regime else [("all runs", ok)]
    for col, factor in enumerate(shown):
        for row, metric in enumerate(HEADLINE):
            ax = axes[row][col]
            column = ok[f"{PARAMETER_PREFIX}{factor}"]
            words = None if pd.api.types.is_numeric_dtype(column) else list(dict.fromkeys(column))
            for label, group in groups:
                values = group[f"{PARAMETER_PREFIX}{factor}"]
                # words (a counter-strategy, a network) stand at 0, 1, 2, ... in design order
                level = values.map(words.index) if words else _levels(values.astype(float))
                levels = sorted(level.unique())
                stats = [interval(group.loc[level == v, metric]) for v in levels]
                x = np.array(levels, dtype=float)
                mean = np.array([s["mean"] for s in stats])
                low = np.array([s["ci_low"] for s in stats])
                high = np.array([s["ci_high"] for s in stats])
                line = ax.plot(x, mean, marker="o", ms=3, label=str(label))[0]
                ax.fill_between(x, low, high, color=line.get_color(), alpha=0.2)
            if words:
                ax.set_xticks(range(len(words)), words, fontsize="small")
            ax.set_xlabel(factor)
            ax.set_ylabel(f"final {metric}")
    axes[0][0].legend(fontsize="small")
    fig.suptitle("Effect of each varied parameter (mean and 95 % interval over the other factors)")
    return save(fig, path)


def _levels(values: pd.Series) -> pd.Series:
    """The x of each run: its value, or, where values hardly repeat (a Latin hypercube), the mean
    of its eighth of the range."""
    if values.nunique() <= 12:
        return values
    bins = pd.qcut(values, 8, duplicates="drop")
    return values.groupby(bins, observed=True).transform("mean")
