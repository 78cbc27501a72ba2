"""The pictures: the network, the outcome charts and the difference chart, drawn with matplotlib.

Each picture is one ``Figure`` per page and model, built once; a new month only updates its
artists (colours, line data), which keeps a frame at a few tens of milliseconds. With large
populations the network view draws a fixed sample of citizens.

The network: citizens on the outer circle in order of resources (``resource_circle_layout``),
coloured by legitimacy, sized by resources and ringed while in an arena; professionals (squares)
on a ring inside, grouped by unit; leaders (triangles) inside that; politicians (diamonds) in the
middle. Grey lines are social ties, faint ones client ties.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from samskaping.simulation.metrics import HEADLINE
from samskaping.simulation.model import SamskapingModel
from samskaping.simulation.network import resource_circle_layout
from samskaping.ui.texts import say

#: citizens drawn at most (a fixed random sample beyond this)
DRAWN = 500
COLOURS = {"legitimacy": "tab:blue", "accuracy": "tab:green", "inequality": "tab:red"}


class NetworkPicture:
    """The network of one model: built once, recoloured each month."""

    def __init__(self, model: SamskapingModel) -> None:
        c = model.citizens
        self.model = model
        n = c.count
        pick = np.random.default_rng(0)  # the sample is a view, not part of the simulation
        self.sample = np.sort(pick.choice(n, DRAWN, replace=False)) if n > DRAWN else np.arange(n)
        layout = resource_circle_layout(c.resources)
        xy = np.array([layout[int(i)] for i in self.sample])

        units = model.professionals.unit
        d = max(1, int(units.max()) + 1)
        # professionals spread over their unit's sector of the ring
        counts = np.bincount(units, minlength=d)
        order = np.argsort(units, kind="stable")
        rank = np.empty(units.size)
        rank[order] = np.arange(units.size) - (np.cumsum(counts) - counts)[units[order]]
        angle_p = 2 * np.pi * (units + 0.1 + 0.8 * (rank + 0.5) / counts[units]) / d
        professionals = 0.62 * np.column_stack([np.cos(angle_p), np.sin(angle_p)])
        angle_l = 2 * np.pi * (np.arange(d) + 0.5) / d
        leaders = 0.35 * np.column_stack([np.cos(angle_l), np.sin(angle_l)])
        k = len(model.politicians)
        angle_c = 2 * np.pi * np.arange(k) / max(1, k)
        politicians = 0.12 * np.column_stack([np.cos(angle_c), np.sin(angle_c)])

        among = sp.triu(model.ties[self.sample][:, self.sample], k=1).tocoo()  # sample's own ties
        social = np.stack([xy[among.row], xy[among.col]], axis=1)
        clients = np.stack([xy, professionals[model.professional_of[self.sample]]], axis=1)

        self.figure = Figure(figsize=(6, 6), dpi=80)
        ax = self.figure.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.add_collection(LineCollection(clients, linewidths=0.3, colors="0.9", zorder=1))
        ax.add_collection(LineCollection(social, linewidths=0.4, colors="0.7", zorder=2))
        sizes = 6 + 60 * c.resources[self.sample]
        self.citizens = ax.scatter(
            xy[:, 0], xy[:, 1], s=sizes, c=self._legitimacy(), cmap="RdYlGn", vmin=0.2, vmax=0.9,
            linewidths=0, edgecolors="black", zorder=3,
        )  # fmt: skip
        ax.scatter(*professionals.T, marker="s", s=14, color="tab:blue", zorder=3)
        ax.scatter(*leaders.T, marker="^", s=60, color="tab:purple", zorder=3)
        ax.scatter(*politicians.T, marker="D", s=40, color="tab:brown", zorder=3)
        ax.set_xlim(-1.08, 1.08)
        ax.set_ylim(-1.08, 1.08)

    def _legitimacy(self) -> np.ndarray:
        return self.model.citizens.overall_legitimacy()[self.sample]

    def update(self) -> Figure:
        """Recolour for the model's current month."""
        self.citizens.set_array(self._legitimacy())
        self.citizens.set_linewidths(np.where(self.model.citizens.took_part[self.sample], 1.2, 0.0))
        return self.figure


class OutcomePicture:
    """The headline outcomes month by month, and participation by resource quintile
    (legitimacy's components are in the status line beside it: three more lines here would cost
    a sixth more per frame)."""

    def __init__(self, language: str) -> None:
        # a fixed layout: a layout engine would redo its work on every frame
        self.figure = Figure(figsize=(8, 3), dpi=80)
        self.lines_ax, self.bars_ax = self.figure.subplots(1, 2, width_ratios=(2, 1))
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.9, wspace=0.2)
        self.lines = {
            m: self.lines_ax.plot([], [], color=COLOURS[m], label=say(m, language))[0]
            for m in HEADLINE
        }
        self.lines_ax.set_ylim(0, 1)
        self.lines_ax.set_xlabel(say("month", language))
        self.lines_ax.legend(loc="upper left", fontsize="small", ncols=3)
        self.bars = self.bars_ax.bar(["q1", "q2", "q3", "q4", "q5"], [0] * 5, color="tab:orange")
        self.bars_ax.set_title(say("participation", language), fontsize="small")

    def update(self, model: SamskapingModel) -> Figure:
        frame = model.datacollector.get_model_vars_dataframe()
        for metric, line in self.lines.items():
            line.set_data(frame.index, frame[metric])
        self.lines_ax.set_xlim(0, max(12, len(frame)))
        recent = frame.tail(12)
        shares = [float(np.nan_to_num(recent[f"participation_q{q}"].mean())) for q in range(1, 6)]
        for bar, share in zip(self.bars, shares, strict=True):
            bar.set_height(share)
        self.bars_ax.set_ylim(0, max(0.05, max(shares) * 1.2))
        return self.figure


class DifferencePicture:
    """Right minus left, month by month, for the headline outcomes."""

    def __init__(self, language: str) -> None:
        self.figure = Figure(figsize=(8, 2.6), dpi=80)
        self.ax = self.figure.subplots()
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.18, top=0.88)
        self.ax.axhline(0, color="black", lw=0.8)
        self.lines = {
            m: self.ax.plot([], [], color=COLOURS[m], label=say(m, language))[0] for m in HEADLINE
        }
        self.ax.set_xlabel(say("month", language))
        self.ax.set_title(say("difference", language), fontsize="small")
        self.ax.legend(loc="upper left", fontsize="small", ncols=3)

    def update(self, left: SamskapingModel, right: SamskapingModel) -> Figure:
        a = left.datacollector.get_model_vars_dataframe()
        b = right.datacollector.get_model_vars_dataframe()
        months = min(len(a), len(b))
        gaps = []
        for metric, line in self.lines.items():
            gap = b[metric].to_numpy()[:months] - a[metric].to_numpy()[:months]
            line.set_data(np.arange(months), gap)
            gaps.append(gap)
        self.ax.set_xlim(0, max(12, months))
        spread = max(0.02, float(np.nanmax(np.abs(np.concatenate(gaps)))) * 1.2)
        self.ax.set_ylim(-spread, spread)
        return self.figure
