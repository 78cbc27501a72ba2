"""The figures of a sensitivity study, one panel per output:

- ``indices.png``: Sobol' or FAST first-order and total indices (PAWN and delta for a PAWN design)
  per parameter, with their 95 % bootstrap intervals as error bars;
- ``morris.png``: Morris μ* against σ, each parameter a labelled point (above the diagonal σ = μ*
  an effect is mostly non-linear or through interactions);
- ``interactions.png``: second-order Sobol' indices as a heat map of parameter pairs;
- ``convergence.png``: the main index of each parameter at n/4, n/2 and n; lines that have
  settled say the sample is large enough.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from samskaping.experiments.figures import plt, save

#: parameters a panel labels (the rest of a long table is in indices.csv)
MAX_PARAMETERS = 20
BARS = {"sobol": ("S1", "ST"), "fast": ("S1", "ST"), "pawn": ("pawn", "delta")}


def _grid(count: int, width: float, height: float):
    columns = min(3, count)
    rows = math.ceil(count / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(width * columns, height * rows), squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:count])


def indices(table: pd.DataFrame, kind: str, main: str, path: Path) -> Path | None:
    if kind not in BARS or table.empty:
        return None
    outputs = list(dict.fromkeys(table["output"]))
    order = _order(table, main)
    height = 1.2 + 0.28 * min(len(order), MAX_PARAMETERS)
    fig, axes = _grid(len(outputs), 4.6, height)
    for ax, output in zip(axes, outputs, strict=True):
        rows = table[table["output"] == output]
        shown = _order(rows, main)[:MAX_PARAMETERS]
        y = np.arange(len(shown))
        for offset, name in zip((-0.2, 0.2), BARS[kind], strict=True):
            part = rows[rows["index"] == name].set_index("parameter").reindex(shown)
            conf = part["conf"].fillna(0).to_numpy()
            ax.barh(y + offset, part["value"], height=0.4, xerr=conf, label=name, capsize=2)
        ax.set_yticks(y, shown, fontsize="small")
        ax.invert_yaxis()
        ax.axvline(0, color="grey", linewidth=0.5)
        if kind in ("sobol", "fast"):  # shares of variance: beyond these, noise (report.md says)
            ax.set_xlim(-0.25, 1.25)
        ax.set_title(output, fontsize="medium")
    axes[0].legend(fontsize="small")
    fig.suptitle("Sensitivity indices with 95 % bootstrap intervals")
    return save(fig, path)


def morris(table: pd.DataFrame, path: Path) -> Path | None:
    if table.empty or "mu_star" not in set(table["index"]):
        return None
    outputs = list(dict.fromkeys(table["output"]))
    fig, axes = _grid(len(outputs), 4.4, 4.0)
    for ax, output in zip(axes, outputs, strict=True):
        rows = table[table["output"] == output]
        mu = rows[rows["index"] == "mu_star"].set_index("parameter")
        sigma = rows[rows["index"] == "sigma"].set_index("parameter")["value"].reindex(mu.index)
        ax.errorbar(mu["value"], sigma, xerr=mu["conf"].fillna(0), fmt="o", markersize=4)
        for name in mu["value"].sort_values(ascending=False).index[:10]:
            ax.annotate(name, (mu.loc[name, "value"], sigma[name]), fontsize="x-small")
        top = max(float(mu["value"].max()), float(sigma.max()), 1e-12) * 1.1
        ax.plot([0, top], [0, top], color="grey", linewidth=0.5, linestyle="--")
        ax.set_xlabel("μ* (mean absolute effect)")
        ax.set_ylabel("σ (non-linearity, interactions)")
        ax.set_title(output, fontsize="medium")
    fig.suptitle("Morris elementary effects (the ten largest labelled)")
    return save(fig, path)


def interactions(table: pd.DataFrame, path: Path) -> Path | None:
    pairs = table[table["index"] == "S2"]
    if pairs.empty:
        return None
    outputs = list(dict.fromkeys(pairs["output"]))
    names = list(dict.fromkeys([*pairs["parameter"], *pairs["partner"]]))
    fig, axes = _grid(len(outputs), 4.8, 4.2)
    for ax, output in zip(axes, outputs, strict=True):
        matrix = np.full((len(names), len(names)), np.nan)
        for row in pairs[pairs["output"] == output].itertuples():
            i, j = names.index(row.parameter), names.index(row.partner)
            matrix[i, j] = matrix[j, i] = row.value
        image = ax.imshow(matrix, cmap="viridis", vmin=0)
        ax.set_xticks(range(len(names)), names, rotation=90, fontsize="x-small")
        ax.set_yticks(range(len(names)), names, fontsize="x-small")
        ax.set_title(output, fontsize="medium")
        fig.colorbar(image, ax=ax, shrink=0.8)
    fig.suptitle("Second-order Sobol' indices: the share of variance due to each pair together")
    return save(fig, path)


def convergence(table: pd.DataFrame, main: str, path: Path) -> Path | None:
    if table.empty or table["n"].nunique() < 2:
        return None
    outputs = list(dict.fromkeys(table["output"]))
    fig, axes = _grid(len(outputs), 4.4, 3.4)
    for ax, output in zip(axes, outputs, strict=True):
        rows = table[table["output"] == output]
        final = rows[rows["n"] == rows["n"].max()].nlargest(6, "value")["parameter"]
        for name in final:
            line = rows[rows["parameter"] == name].sort_values("n")
            ax.errorbar(line["n"], line["value"], yerr=line["conf"].fillna(0), marker="o",
                        markersize=3, capsize=2, label=name)  # fmt: skip
        ax.set_xscale("log", base=2)
        ax.set_xlabel("n")
        ax.set_ylabel(main)
        ax.set_title(output, fontsize="medium")
        ax.legend(fontsize="xx-small")
    fig.suptitle(f"Convergence: {main} of the six largest at n/4, n/2 and n")
    return save(fig, path)


def _order(rows: pd.DataFrame, main: str) -> list[str]:
    """Parameters by their main index, largest first."""
    found = rows[rows["index"] == main].groupby("parameter")["value"].max()
    return list(found.sort_values(ascending=False).index)
