"""The figures of an experiment's report, drawn with matplotlib and saved atomically.

- ``timeseries.png``: each headline metric month by month, one line per arm with its 95 % band;
- ``outcomes.png``: the final value of each headline metric, one box (and every run) per arm;
- ``effects.png`` (sweeps): each headline metric against each varied parameter, mean and 95 %
  interval over everything else, one line per regime when the regime is varied too.
Large designs get only the figures that stay readable (see the limits below).

Every word a figure writes comes from ``words`` (by default :data:`WORDS`, English), so the same
code draws a finished folder's figures in another language (the UI's bokmål, ``ui/texts.py``);
the saved files are always English. Figures are made without pyplot (``Figure``), so that a
server may draw them in several threads at once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from samskaping.experiments.single_run import PARAMETER_PREFIX
from samskaping.experiments.statistics import interval
from samskaping.experiments.store import atomic_write
from samskaping.simulation.metrics import HEADLINE

#: arms drawn as lines with bands, and as boxes
MAX_LINES = 8
MAX_BOXES = 30
DPI = 110
#: the regimes, whose names a figure writes where they are arm labels or a regime's value
REGIMES = ("npm", "co-creation", "bureaucracy")

#: every word the figures write, in English; another language gives a mapping with the same
#: keys (a missing key falls back to the English word). A varied parameter's name or a word
#: value of it (``counter_strategy = "none"``) may be given too: otherwise it is written as is.
WORDS: dict[str, str] = {
    **{metric: metric for metric in HEADLINE},
    **{regime: regime for regime in REGIMES},
    "month": "month",
    "final": "final {metric}",
    "timeseries_title": "Mean over replications, with 95 % confidence band",
    "outcomes_title": "Final outcomes: one point per run",
    "effects_title": "Effect of each varied parameter (mean and 95 % interval over the other "
    "factors)",
    "all_runs": "all runs",
    #: the decimal mark of the numbers on the axes
    "decimal": ".",
}


def word(words: Mapping[str, str], key: str, **values: object) -> str:
    """``words[key]`` (the English word where it is missing), filled in with ``values``."""
    text = words.get(key) or WORDS.get(key, key)
    return text.format(**values) if values else text


def arm_label(label: str, words: Mapping[str, str]) -> str:
    """An arm's label with the regimes in it in ``words``: ``npm``, ``elderly-care / npm`` (a
    comparison of scenarios under regimes), ``regime=npm, recognition=0.2`` (a sweep)."""
    if label in REGIMES:
        return word(words, label)
    head, slash, tail = label.rpartition(" / ")
    if slash and tail in REGIMES:
        return f"{head}{slash}{word(words, tail)}"
    return re.sub(r"(?<=regime=)([\w-]+)",
                  lambda m: word(words, m[1]) if m[1] in REGIMES else m[1], label)  # fmt: skip


class _DecimalComma(ScalarFormatter):
    """Matplotlib's numbers on an axis, with a decimal comma (0,55)."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return super().__call__(x, pos).replace(".", ",")

    def get_offset(self) -> str:
        return super().get_offset().replace(".", ",")


def _numbers(fig: Figure, words: Mapping[str, str]) -> None:
    """The axes' numbers with the decimal mark of ``words`` (English's stay as drawn)."""
    if word(words, "decimal") == ".":
        return
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(_DecimalComma())


def save(fig: Figure, path: Path, dpi: int = DPI) -> Path:
    """Lay out, write atomically as PNG, and free the figure."""
    fig.tight_layout()
    atomic_write(path, lambda p: fig.savefig(p, dpi=dpi, format="png"))
    plt.close(fig)  # a pyplot figure's (one made with Figure has nothing to close)
    return path


def png(fig: Figure, dpi: int = DPI) -> bytes:
    """Lay out and draw as PNG, in memory."""
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=dpi, format="png")
    return buffer.getvalue()


def _saved(fig: Figure | None, path: Path) -> Path | None:
    return save(fig, path) if fig is not None else None


def timeseries(
    bands: pd.DataFrame, arms: list[str], path: Path, words: Mapping[str, str] = WORDS
) -> Path | None:
    return _saved(timeseries_figure(bands, arms, words), path)


def outcomes(
    runs: pd.DataFrame, arms: list[str], path: Path, words: Mapping[str, str] = WORDS
) -> Path | None:
    return _saved(outcomes_figure(runs, arms, words), path)


def effects(
    runs: pd.DataFrame, factors: list[str], path: Path, words: Mapping[str, str] = WORDS
) -> Path | None:
    return _saved(effects_figure(runs, factors, words), path)


def sweep_figures(
    runs: pd.DataFrame,
    arms: list[str],
    bands: pd.DataFrame,
    factors: list[str],
    words: Mapping[str, str] = WORDS,
) -> dict[str, Figure]:
    """A sweep's or comparison's figures by file name, in the report's order (those that are
    drawn: see the limits above)."""
    drawn = {
        "timeseries.png": timeseries_figure(bands, arms, words),
        "outcomes.png": outcomes_figure(runs, arms, words),
        "effects.png": effects_figure(runs, factors, words),
    }
    return {name: fig for name, fig in drawn.items() if fig is not None}


def timeseries_figure(
    bands: pd.DataFrame, arms: list[str], words: Mapping[str, str] = WORDS
) -> Figure | None:
    if bands.empty or len(arms) > MAX_LINES:
        return None
    fig = Figure(figsize=(4.2 * len(HEADLINE), 3.6))
    axes = fig.subplots(1, len(HEADLINE), sharex=True)
    for ax, metric in zip(axes, HEADLINE, strict=True):
        for arm in arms:
            b = bands[(bands["arm"] == arm) & (bands["metric"] == metric)]
            line = ax.plot(b["step"], b["mean"], label=arm_label(arm, words))[0]
            ax.fill_between(b["step"], b["ci_low"], b["ci_high"], color=line.get_color(), alpha=0.2)
        ax.set_title(word(words, metric))
        ax.set_xlabel(word(words, "month"))
    axes[0].legend(fontsize="small")
    fig.suptitle(word(words, "timeseries_title"))
    _numbers(fig, words)
    return fig


def outcomes_figure(
    runs: pd.DataFrame, arms: list[str], words: Mapping[str, str] = WORDS
) -> Figure | None:
    ok = runs[runs["status"] == "ok"]
    if ok.empty or len(arms) > MAX_BOXES:
        return None
    fig = Figure(figsize=(4.2 * len(HEADLINE), 1.2 + 0.35 * max(4, len(arms))))
    axes = fig.subplots(1, len(HEADLINE))
    labels = [arm_label(arm, words) for arm in arms]
    for ax, metric in zip(axes, HEADLINE, strict=True):
        data = [ok.loc[ok["arm"] == arm, metric].dropna().to_numpy() for arm in arms]
        ax.boxplot(data, orientation="horizontal", widths=0.5, showfliers=False)
        for i, values in enumerate(data, start=1):
            jitter = np.linspace(-0.15, 0.15, values.size) if values.size > 1 else np.zeros(1)
            ax.scatter(values, i + jitter[: values.size], s=8, alpha=0.6, color="black")
        ax.set_yticks(
            range(1, len(arms) + 1), labels if metric == HEADLINE[0] else [""] * len(arms)
        )
        ax.invert_yaxis()
        ax.set_title(word(words, "final", metric=word(words, metric)))
    fig.suptitle(word(words, "outcomes_title"))
    _numbers(fig, words)
    return fig


def effects_figure(
    runs: pd.DataFrame, factors: list[str], words: Mapping[str, str] = WORDS
) -> Figure | None:
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
    fig = Figure(figsize=(3.8 * len(shown), 2.8 * len(HEADLINE)))
    axes = fig.subplots(len(HEADLINE), len(shown), squeeze=False)
    groups = (
        list(ok.groupby(f"{PARAMETER_PREFIX}regime"))
        if by_regime
        else [(word(words, "all_runs"), ok)]
    )
    for col, factor in enumerate(shown):
        for row, metric in enumerate(HEADLINE):
            ax = axes[row][col]
            column = ok[f"{PARAMETER_PREFIX}{factor}"]
            values_in_order = (
                None if pd.api.types.is_numeric_dtype(column) else list(dict.fromkeys(column))
            )
            for label, group in groups:
                values = group[f"{PARAMETER_PREFIX}{factor}"]
                # words (a counter-strategy, a network) stand at 0, 1, 2, ... in design order
                level = (
                    values.map(values_in_order.index)
                    if values_in_order
                    else _levels(values.astype(float))
                )
                levels = sorted(level.unique())
                stats = [interval(group.loc[level == v, metric]) for v in levels]
                x = np.array(levels, dtype=float)
                mean = np.array([s["mean"] for s in stats])
                low = np.array([s["ci_low"] for s in stats])
                high = np.array([s["ci_high"] for s in stats])
                line = ax.plot(x, mean, marker="o", ms=3, label=arm_label(str(label), words))[0]
                ax.fill_between(x, low, high, color=line.get_color(), alpha=0.2)
            if values_in_order:
                shown_words = [word(words, str(v)) for v in values_in_order]
                ax.set_xticks(range(len(values_in_order)), shown_words, fontsize="small")
            ax.set_xlabel(word(words, factor))
            ax.set_ylabel(word(words, "final", metric=word(words, metric)))
    axes[0][0].legend(fontsize="small")
    fig.suptitle(word(words, "effects_title"))
    _numbers(fig, words)
    return fig


def _levels(values: pd.Series) -> pd.Series:
    """The x of each run: its value, or, where values hardly repeat (a Latin hypercube), the mean
    of its eighth of the range."""
    if values.nunique() <= 12:
        return values
    bins = pd.qcut(values, 8, duplicates="drop")
    return values.groupby(bins, observed=True).transform("mean")
