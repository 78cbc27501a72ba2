"""The charts, drawn in the browser by Plotly from data (``FigureWidget``; its JavaScript comes
from the installed ``plotly`` package through anywidget, never from a CDN).

Each chart is built once per model and language; a new month sends only the data that changed
(a few hundred numbers), so the server does no drawing. Text is sized for a projector: axis
titles with units, legends above the plot area, never over the lines.

The network: citizens on the outer circle in order of resources (``resource_circle_layout``),
coloured by legitimacy on a scale fitted to this month's spread, sized by resources; arena
participants ringed and tied to their unit's leader, co-producers (diamonds) tied to their
professional, volunteers as stars. Professionals (squares) sit in their unit's sector, coloured by
unit; leaders (triangles) inside; politicians (hexagons) in the middle; grey lines are social ties.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import plotly.graph_objects as go
import scipy.sparse as sp

from samskaping.simulation.metrics import HEADLINE, LEGITIMACY_COMPONENTS
from samskaping.simulation.model import SamskapingModel
from samskaping.simulation.network import resource_circle_layout
from samskaping.ui.band import Band
from samskaping.ui.frame import RECENT, Frame
from samskaping.ui.texts import number, say, whole

#: citizens drawn at most (a fixed random sample beyond this)
DRAWN = 500
COLOURS = {
    "legitimacy": "#1f77b4",
    "accuracy": "#2ca02c",
    "inequality": "#d62728",
    "legitimacy_input": "#6baed6",
    "legitimacy_throughput": "#3182bd",
    "legitimacy_output": "#08519c",
}
UNIT_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf")
FONT = {"size": 15}
HEIGHT = 340


#: the browser sizes each chart to its place on the page, and again when the window changes
CONFIG = {"responsive": True, "displaylogo": False}


def _figure(traces: list, layout: dict) -> go.FigureWidget:
    widget = go.FigureWidget(traces, layout=layout)
    widget._config = CONFIG
    return widget


def _empty(mode: str, **style) -> go.Scatter:
    """A trace of the network with no data yet (``draw`` and ``show`` fill it), not hovered."""
    return go.Scatter(x=[], y=[], mode=mode, hoverinfo="skip", **style)


def _layout(**more) -> dict:
    return {
        "font": FONT,
        "height": HEIGHT,
        "autosize": True,
        "margin": {"l": 60, "r": 20, "t": 70, "b": 50},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "plot_bgcolor": "white",
        **more,
    }


def _axis(title: str, **more) -> dict:
    return {"title": {"text": title}, "gridcolor": "#e5e5e5", "zeroline": False, **more}


class Chart:
    """A chart of the page: a ``FigureWidget`` built once, its words set by :meth:`label` (a
    new language relabels the same chart: a chart's JavaScript is sent to the browser once)."""

    #: the text key of each trace's name, in order (None: no name)
    NAMES: ClassVar[tuple[str | None, ...]] = ()
    #: the text keys of the axes' titles, and of the chart's title
    AXES: ClassVar[dict[str, str]] = {}
    TITLE: str | None = None
    widget: go.FigureWidget
    language = "en"

    def label(self, language: str) -> None:
        """Every word of the chart in ``language``, and its numbers as the language writes them."""
        self.language = language
        with self.widget.batch_update():
            for trace, key in zip(self.widget.data, self.NAMES, strict=False):
                if key is not None:
                    trace.name = say(key, language)
            for axis, key in self.AXES.items():
                self.widget.layout[axis].title.text = say(key, language)
            if self.TITLE is not None:
                self.widget.layout.title.text = say(self.TITLE, language, months=RECENT)
            self.widget.layout.separators = ",\u00a0" if language == "nb" else ".,"
            self.relabel(language)

    def relabel(self, language: str) -> None:
        """Words of the chart beyond names and titles (none here)."""

    def draw(self, model: SamskapingModel) -> None:
        """Lay out a new model (nothing here: every frame brings all the chart shows)."""


def _segments(a: np.ndarray, b: np.ndarray) -> tuple[list, list]:
    """Segments from points ``a`` to ``b`` (rows of xy) as one line trace's data, a gap (None:
    JSON has no NaN) between each."""
    xs = np.column_stack([a[:, 0], b[:, 0], np.zeros(len(a))]).astype(object)
    ys = np.column_stack([a[:, 1], b[:, 1], np.zeros(len(a))]).astype(object)
    xs[:, 2] = ys[:, 2] = None
    return xs.ravel().tolist(), ys.ravel().tolist()


class OutcomeChart(Chart):
    """The headline outcomes month by month (legitimacy's three components one click away, in
    the legend), with a vertical line at each lever moved mid-run."""

    NAMES = (*HEADLINE, *LEGITIMACY_COMPONENTS)
    AXES: ClassVar[dict[str, str]] = {"xaxis": "month", "yaxis": "share_axis"}

    def __init__(self, language: str) -> None:
        traces = [
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                line={"color": COLOURS[m], "width": 3},
            )
            for m in HEADLINE
        ] + [
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                visible="legendonly",
                line={"color": COLOURS[m], "width": 2, "dash": "dot"},
            )
            for m in LEGITIMACY_COMPONENTS
        ]
        self.widget = _figure(
            traces,
            layout=_layout(
                xaxis=_axis("", range=[0, 12]),
                yaxis=_axis("", range=[0, 1]),
            ),
        )
        self._changes: tuple = ()
        self.label(language)

    def relabel(self, language: str) -> None:
        self._mark(self._changes)

    def _mark(self, changes: tuple) -> None:
        """A dashed vertical line at each lever change, named."""
        self._changes = changes
        line = {"color": "#555", "dash": "dash", "width": 2}
        self.widget.layout.shapes = [
            {"type": "line", "x0": c.month, "x1": c.month, "y0": 0, "y1": 1, "yref": "paper",
             "line": line}
            for c in changes
        ]  # fmt: skip
        self.widget.layout.annotations = [
            {"x": c.month, "y": 1, "yref": "paper", "text": lever_text(c, self.language),
             "showarrow": False, "xanchor": "left", "yanchor": "top", "textangle": -90,
             "font": {"size": 13, "color": "#333"}, "bgcolor": "rgba(255,255,255,0.8)"}
            for c in changes
        ]  # fmt: skip

    def show(self, frame: Frame) -> None:
        months = list(range(frame.month + 1))
        with self.widget.batch_update():
            for trace, name in zip(
                self.widget.data, (*HEADLINE, *LEGITIMACY_COMPONENTS), strict=True
            ):
                trace.x, trace.y = months, frame.series[name].tolist()
            self.widget.layout.xaxis.range = [0, max(12, frame.month)]
            if frame.changes != self._changes:
                self._mark(frame.changes)


def lever_text(change, language: str) -> str:
    """A lever change as the chart names it: 'power sharing → 0,20'."""
    value = change.value
    if isinstance(value, bool):
        shown = say("on" if value else "off", language)
    elif isinstance(value, float):
        shown = number(value, language, 2)
    else:
        shown = say(str(value), language)
    return f"{say(change.name, language)} → {shown}"


class ParticipationChart(Chart):
    """Who takes part: the share of each resource quintile in an arena, last months' mean."""

    AXES: ClassVar[dict[str, str]] = {"xaxis": "resources_axis", "yaxis": "taking_part_axis"}
    TITLE = "participation"

    def __init__(self, language: str) -> None:
        self.widget = _figure(
            [
                go.Bar(
                    x=[f"q{q}" for q in range(1, 6)],
                    y=[0] * 5,
                    marker_color="#ff7f0e",
                    hovertemplate="%{x}: %{y:.1%}<extra></extra>",
                )
            ],
            layout=_layout(
                title={"text": "", "font": FONT},
                xaxis=_axis(""),
                yaxis=_axis("", tickformat=".0%", rangemode="tozero"),
                showlegend=False,
            ),
        )
        self.label(language)

    def relabel(self, language: str) -> None:
        self.widget.data[0].x = [say(f"quintile_{q}", language) for q in range(1, 6)]

    def show(self, frame: Frame) -> None:
        with self.widget.batch_update():
            self.widget.data[0].y = frame.quintiles.tolist()
            top = max(0.05, float(frame.quintiles.max()) * 1.2)
            self.widget.layout.yaxis.range = [0, top]


class NetworkChart(Chart):
    """The town's network (see the module's docstring): one chart per page, redrawn for each
    new model."""

    NAMES = (
        "social_ties", "arena_ties", "coproduction_ties", "citizens_legend",
        "professionals_legend", "leaders_legend", "politicians_legend",
    )  # fmt: skip

    def __init__(self, model: SamskapingModel, language: str) -> None:
        self.widget = _figure(
            [
                _empty("lines", line={"color": "#c8c8c8", "width": 0.6}),  # social ties
                _empty("lines", line={"color": "#ff7f0e", "width": 1.4}),  # arena ties
                _empty("lines", line={"color": "rgba(44,160,44,0.5)", "width": 1}),  # co-production
                go.Scatter(  # citizens: coloured by legitimacy, with their values on hover
                    x=[],
                    y=[],
                    mode="markers",
                    marker={
                        "colorscale": "RdYlGn",
                        "cmin": 0.0,
                        "cmax": 1.0,
                        "line": {"color": "black", "width": 0},
                    },
                ),
                _empty("markers", marker={"symbol": "square", "size": 8}),  # professionals
                _empty("markers", marker={"symbol": "triangle-up", "size": 16, "color": "#6a3d9a"}),
                _empty("markers", marker={"symbol": "hexagon", "size": 13, "color": "#8c564b"}),
            ],
            layout=_layout(
                height=480,
                margin={"l": 5, "r": 5, "t": 5, "b": 5},
                legend={
                    "orientation": "h",
                    "x": 0,
                    "y": -0.02,
                    "yanchor": "top",
                    "font": {"size": 12},
                },
                xaxis={"visible": False, "range": [-1.1, 1.1]},
                yaxis={"visible": False, "range": [-1.1, 1.1], "scaleanchor": "x"},
            ),
        )
        self.label(language)
        self.draw(model)

    def draw(self, model: SamskapingModel) -> None:
        """Lay out ``model``'s town: the chart of a new model is the same chart redrawn."""
        c = model.citizens
        n = c.count
        pick = np.random.default_rng(0)  # the sample is a view, not part of the simulation
        self.sample = np.sort(pick.choice(n, DRAWN, replace=False)) if n > DRAWN else np.arange(n)
        layout = resource_circle_layout(c.resources)
        self.xy = np.array([layout[int(i)] for i in self.sample])

        units = model.professionals.unit
        d = max(1, int(units.max()) + 1)
        counts = np.bincount(units, minlength=d)
        order = np.argsort(units, kind="stable")
        rank = np.empty(units.size)
        rank[order] = np.arange(units.size) - (np.cumsum(counts) - counts)[units[order]]
        angle_p = 2 * np.pi * (units + 0.1 + 0.8 * (rank + 0.5) / counts[units]) / d
        self.professionals = 0.62 * np.column_stack([np.cos(angle_p), np.sin(angle_p)])
        angle_l = 2 * np.pi * (np.arange(d) + 0.5) / d
        self.leaders = 0.35 * np.column_stack([np.cos(angle_l), np.sin(angle_l)])
        k = len(model.politicians)
        angle_c = 2 * np.pi * np.arange(k) / max(1, k)
        politicians = 0.12 * np.column_stack([np.cos(angle_c), np.sin(angle_c)])
        self.professional_of = np.asarray(model.professional_of)[self.sample]
        self.unit_of = np.asarray(model.unit_of_citizen)[self.sample]

        among = sp.triu(model.ties[self.sample][:, self.sample], k=1).tocoo()
        sx, sy = _segments(self.xy[among.row], self.xy[among.col])
        sizes = 7 + 14 * np.asarray(c.resources)[self.sample]
        with self.widget.batch_update():
            ties, citizens, professionals, leaders, council = (self.widget.data[i] for i in
                                                               (0, 3, 4, 5, 6))  # fmt: skip
            ties.x, ties.y = sx, sy
            citizens.x, citizens.y = self.xy[:, 0].tolist(), self.xy[:, 1].tolist()
            citizens.marker.size = sizes.tolist()
            professionals.x = self.professionals[:, 0].tolist()
            professionals.y = self.professionals[:, 1].tolist()
            professionals.marker.color = [UNIT_COLOURS[u % len(UNIT_COLOURS)] for u in units]
            leaders.x, leaders.y = self.leaders[:, 0].tolist(), self.leaders[:, 1].tolist()
            council.x, council.y = politicians[:, 0].tolist(), politicians[:, 1].tolist()

    def relabel(self, language: str) -> None:
        citizens = self.widget.data[3]
        citizens.hovertemplate = say("legitimacy", language) + " %{marker.color:.3f}<extra></extra>"

    def show(self, frame: Frame) -> None:
        sample = self.sample
        legitimacy = frame.legitimacy[sample]
        took_part = frame.took_part[sample]
        coproduced = frame.coproduced[sample]
        volunteered = frame.volunteered[sample]
        low, high = colour_scale(legitimacy)
        arena = np.flatnonzero(took_part)
        ax, ay = _segments(self.xy[arena], self.leaders[self.unit_of[arena]])
        co = np.flatnonzero(coproduced)
        cx, cy = _segments(self.xy[co], self.professionals[self.professional_of[co]])
        symbols = np.where(volunteered, "star", np.where(coproduced, "diamond", "circle"))
        with self.widget.batch_update():
            arenas, coproduction, citizens = self.widget.data[1:4]
            arenas.x, arenas.y = ax, ay
            coproduction.x, coproduction.y = cx, cy
            citizens.marker.color = legitimacy.tolist()
            citizens.marker.cmin, citizens.marker.cmax = float(low), float(high)
            citizens.marker.line.width = np.where(took_part, 2.0, 0.0).tolist()
            citizens.marker.symbol = symbols.tolist()


def colour_scale(legitimacy: np.ndarray) -> tuple[float, float]:
    """The legitimacy at the red and at the green end of the network's colours: fitted to this
    month's spread (2nd to 98th percentile), never narrower than 0.01."""
    low, high = np.percentile(legitimacy, [2, 98]) if legitimacy.size else (0.0, 1.0)
    if high - low < 0.01:
        middle = (low + high) / 2
        low, high = middle - 0.005, middle + 0.005
    return float(low), float(high)


class DifferenceChart(Chart):
    """Right minus left, month by month, for the headline outcomes: the live seed's difference,
    a line per outcome, over the band of many seeds (``band.py``) when there is one, its mean
    dashed and its 95 % interval shaded in the outcome's colour. The band's traces are set once
    per band (:meth:`band`); a month changes only the live lines (:meth:`show`)."""

    #: the band's shaded intervals, then its means, then the live lines, then the band's key
    NAMES = (*(None,) * (2 * len(HEADLINE)), *HEADLINE)
    AXES: ClassVar[dict[str, str]] = {"xaxis": "month", "yaxis": "difference_axis"}
    TITLE = "difference"

    def __init__(self, language: str) -> None:
        intervals = [
            go.Scatter(x=[], y=[], mode="lines", fill="toself", fillcolor=_light(COLOURS[m]),
                       line={"width": 0}, hoverinfo="skip", legendgroup="band", showlegend=False)
            for m in HEADLINE
        ]  # fmt: skip
        means = [
            go.Scatter(x=[], y=[], mode="lines", line={"color": COLOURS[m], "width": 1.5,
                       "dash": "dash"}, legendgroup="band", showlegend=False)
            for m in HEADLINE
        ]  # fmt: skip
        lines = [
            go.Scatter(x=[], y=[], mode="lines", line={"color": COLOURS[m], "width": 3})
            for m in HEADLINE
        ]
        # the band's one entry in the legend (a click hides or shows the whole band)
        key = go.Scatter(x=[None], y=[None], mode="lines", fill="toself", legendgroup="band",
                         fillcolor="rgba(110,110,110,0.25)", visible=False,
                         line={"color": "#555", "width": 1.5, "dash": "dash"})  # fmt: skip
        self.widget = _figure(
            [*intervals, *means, *lines, key],
            layout=_layout(
                title={"text": "", "font": FONT},
                xaxis=_axis("", range=[0, 12]),
                yaxis=_axis("", zeroline=True, zerolinecolor="black"),
            ),
        )
        self._band: Band | None = None
        self._months = 1
        self.label(language)

    @property
    def _traces(self) -> tuple[tuple, tuple, tuple, go.Scatter]:
        k = len(HEADLINE)
        data = self.widget.data
        return data[:k], data[k : 2 * k], data[2 * k : 3 * k], data[3 * k]

    def relabel(self, language: str) -> None:
        _, means, _, key = self._traces
        seeds = self._band.seeds if self._band is not None else 0
        key.name = say("band_legend", language, seeds=whole(seeds, language))
        for trace, metric in zip(means, HEADLINE, strict=True):
            mean = say("band_mean", language, seeds=whole(seeds, language))
            trace.name = f"{say(metric, language)}, {mean}"
            trace.hovertemplate = (f"{say(metric, language)}, {mean}: %{{y:.3f}} "
                                   "[%{customdata[0]:.3f}, %{customdata[1]:.3f}]<extra></extra>")  # fmt: skip

    def band(self, band: Band | None) -> None:
        """Draw ``band`` behind the live lines (None: no band), once per band."""
        if band is self._band:
            return
        self._band = band
        intervals, means, _, key = self._traces
        with self.widget.batch_update():
            months = list(range(band.months + 1)) if band is not None else []
            for shaded, mean, metric in zip(intervals, means, HEADLINE, strict=True):
                if band is None:
                    shaded.x = shaded.y = mean.x = mean.y = mean.customdata = []
                    continue
                low, high = band.low[metric], band.high[metric]
                shaded.x, shaded.y = (
                    (months + months[::-1], _json(high) + _json(low)[::-1])
                    if not np.isnan(low).all()
                    else ([], [])
                )
                mean.x, mean.y = months, _json(band.mean[metric])
                mean.customdata = np.column_stack([low, high])
            key.visible = band is not None
            self.relabel(self.language)
            self._fit()

    def show(self, left: Frame, right: Frame) -> None:
        self._months = min(left.month, right.month) + 1
        _, _, lines, _ = self._traces
        with self.widget.batch_update():
            for trace, name in zip(lines, HEADLINE, strict=True):
                trace.x = list(range(self._months))
                trace.y = (
                    right.series[name][: self._months] - left.series[name][: self._months]
                ).tolist()
            self._fit()

    def _fit(self) -> None:
        """The x axis: the months run so far, at least a year, and the band's months."""
        horizon = self._band.months if self._band is not None else 12
        self.widget.layout.xaxis.range = [0, max(12, horizon, self._months - 1)]


def _light(colour: str, alpha: float = 0.18) -> str:
    """A light, see-through version of a ``#rrggbb`` colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _json(values: np.ndarray) -> list:
    """Numbers for the browser, NaN (JSON has none) as None: a gap."""
    return [None if np.isnan(value) else float(value) for value in values]
