"""The charts, drawn in the browser by plotly.js from data (its JavaScript comes from the
installed ``plotly`` package through anywidget, never from a CDN).

Each chart is built once per model and language; a new month sends only the data that changed
(a few hundred numbers), so the server does no drawing. Text is sized for a projector: axis
titles with units, legends above the plot area, never over the lines.

The Explore charts are :class:`Plot` widgets: a figure's ``data`` and ``layout`` are sent when a
chart is built, relabelled or laid out for a new model, and each month only a ``patch`` (the
properties that month changes, by Plotly's dotted paths) goes to the browser, one message a
chart, with nothing sent back. (Plotly's ``FigureWidget`` validates every value in Python, keeps
a copy of the figure and of the browser's defaults per chart, and answers every update with a
round trip of deltas: about 30 websocket messages a month for three charts.)

The network: citizens on the outer circle in order of resources (``resource_circle_layout``),
coloured by legitimacy on a scale fitted to this month's spread, sized by resources; arena
participants ringed and tied to their unit's leader, co-producers (diamonds) tied to their
professional, volunteers as stars. Professionals (squares) sit in their unit's sector, coloured by
unit; leaders (triangles) inside; politicians (hexagons) in the middle; grey lines are social ties.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import numpy as np
import plotly
import plotly.graph_objects as go
import scipy.sparse as sp
import traitlets

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


#: plotly.js, the installed package's, served by our own server at ``PLOTLY_ROUTE``
#: (``server.py``) and loaded in the browser once per page however many charts it shows. (Sent
#: inside each widget's module it was 4.6 MB of every chart's first message, a page's memory on
#: the server.) Each chart is drawn by ``Plotly.react`` from ``data`` and ``layout`` with the
#: month's ``patch`` applied, at most once a browser frame. A chart out of sight (a hidden page)
#: is drawn when it is shown; a trace the user showed or hid in the legend stays so.
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_ROUTE = "samskaping/plotly.min.js"
ESM = (
    f"const PLOTLY = {PLOTLY_ROUTE!r};\n"
    """
async function load(model) {
  try {
    const response = await fetch(new URL(PLOTLY, document.baseURI));
    if (!response.ok) throw new Error(`plotly.js: ${response.status}`);
    return run(await response.text());
  } catch (error) {  // not served by ``samskaping ui`` (Jupyter): the kernel sends it, once
    return run(await new Promise((resolve) => {
      const sent = (message) => {
        if (!message || typeof message.plotly !== "string") return;
        model.off("msg:custom", sent);
        resolve(message.plotly);
      };
      model.on("msg:custom", sent);
      model.send({ want: "plotly" });
    }));
  }
}
function run(script) {  // as CommonJS: the page's require.js would take it as an AMD module
  const module = { exports: {} };
  new Function("module", "exports", "define", script)(module, module.exports);
  if (typeof module.exports.react !== "function") throw new Error("plotly.js did not load");
  return module.exports;
}
function apply(target, patch) {
  for (const [path, value] of Object.entries(patch || {})) {
    const keys = path.split(".");
    let o = target;
    for (const key of keys.slice(0, -1)) {
      if (typeof o[key] !== "object" || o[key] === null) o[key] = {};
      o = o[key];
    }
    o[keys[keys.length - 1]] = value;
  }
}
export default {
  async render({ model, el }) {
    // plotly.js is fetched at the first chart's first view, not when the module loads:
    // anywidget gives a module two seconds to load
    const Plotly = await (globalThis.samskapingPlotly ??= load(model));
    const div = document.createElement("div");
    el.appendChild(div);
    let data, layout, revision = 0, queued = false, waiting = false, stale = true, gone = false;
    const draw = () => {
      stale = true;
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        if (gone || !stale) return;
        if (div.offsetParent === null) {  // not in sight (yet): drawn once it is
          if (!waiting) {
            waiting = true;
            setTimeout(() => { waiting = false; draw(); }, 250);
          }
          return;
        }
        stale = false;
        // a copy: Plotly changes the layout it is given (a window resize took its height away)
        Plotly.react(div, data, structuredClone(layout), model.get("config"));
      });
    };
    const patch = () => {
      const p = model.get("patch") || {};
      for (const [i, props] of Object.entries(p.data || {})) apply(data[Number(i)], props);
      apply(layout, p.layout);
      layout.datarevision = ++revision;
      draw();
    };
    let sent = [];  // each trace's visibility as the server last sent it
    const rebuild = () => {  // a trace the user showed or hid in the legend stays so
      const shown = (data || []).map((trace) => trace.visible);
      data = structuredClone(model.get("data"));
      shown.forEach((visible, i) => { if (data[i] && visible !== sent[i]) data[i].visible = visible; });
      sent = model.get("data").map((trace) => trace.visible);
      layout = structuredClone(model.get("plot_layout"));
      patch();
    };
    rebuild();
    model.on("change:data", rebuild);
    model.on("change:plot_layout", rebuild);
    model.on("change:patch", patch);
    return () => {
      gone = true;
      model.off("change:data", rebuild);
      model.off("change:plot_layout", rebuild);
      model.off("change:patch", patch);
      Plotly.purge(div);
    };
  },
};
"""
)


class Plot(anywidget.AnyWidget):
    """A Plotly figure in the browser: ``data`` (traces) and ``plot_layout`` (``layout`` is the
    widget's own CSS), and this month's ``patch``, ``{"data": {trace index: {path: value}},
    "layout": {path: value}}``, applied on top of them (each month's patch replaces the last, so
    it holds everything a month changes)."""

    _esm = ESM
    data = traitlets.List().tag(sync=True)
    plot_layout = traitlets.Dict().tag(sync=True)
    patch = traitlets.Dict().tag(sync=True)
    config = traitlets.Dict().tag(sync=True)

    def __init__(self, **traits: Any) -> None:
        super().__init__(**traits)
        self.on_msg(self._asked)

    def _asked(self, _: Any, content: dict, buffers: list) -> None:
        """A browser that could not fetch plotly.js from ``PLOTLY_ROUTE`` (a page not served
        by ``samskaping ui``: Jupyter) asks for it in a message."""
        if isinstance(content, dict) and content.get("want") == "plotly":
            self.send({"plotly": PLOTLY_JS.read_text(encoding="utf-8")})


def _json(trace: Any) -> dict:
    """A trace as plain JSON data (a graph object is checked by Plotly once, when built)."""
    return trace.to_plotly_json() if hasattr(trace, "to_plotly_json") else dict(trace)


def _floats(values: np.ndarray) -> list:
    """Numbers for JSON: a missing value (NaN) is a gap (None)."""
    values = np.asarray(values, dtype=float)
    if np.isfinite(values).all():
        return values.tolist()
    return [v if np.isfinite(v) else None for v in values.tolist()]


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


class PlotChart(Chart):
    """A chart drawn by a :class:`Plot`: its traces and layout kept here as JSON data, its words
    set by :meth:`label` (the figure sent anew, the page's widget kept), each month's changes
    sent by :meth:`patch`."""

    widget: Plot

    def __init__(self, traces: list, layout: dict, language: str, publish: bool = True) -> None:
        """``publish=False``: the widget is made by the first :meth:`publish` (the browser's
        first view of a chart must have its whole figure: a figure's height set after its
        first drawing left it no height)."""
        #: the figure without its words (a trace's nested dicts are replaced, never changed in
        #: place: the widget's figure shares them)
        self._traces = [_json(trace) for trace in traces]
        self._layout = layout
        self.language = language
        if publish:
            self.publish()

    def label(self, language: str) -> None:
        self.language = language
        self.publish()

    def publish(self) -> None:
        """Send the figure, with its words in the chart's language."""
        language = self.language
        data = [dict(trace) for trace in self._traces]
        for trace, key in zip(data, self.NAMES, strict=False):
            if key is not None:
                trace["name"] = say(key, language)
        layout = copy.deepcopy(self._layout)
        for axis, key in self.AXES.items():
            layout[axis]["title"]["text"] = say(key, language)
        if self.TITLE is not None:
            layout["title"]["text"] = say(self.TITLE, language, months=RECENT)
        layout["separators"] = ",\u00a0" if language == "nb" else ".,"
        self.words(data, layout, language)
        if not hasattr(self, "widget"):
            self.widget = Plot(data=data, plot_layout=layout, config=CONFIG)
            return
        with self.widget.hold_sync():
            self.widget.data = data
            self.widget.plot_layout = layout

    def words(self, data: list[dict], layout: dict, language: str) -> None:
        """Words of the figure beyond names and titles (none here)."""

    def patch(self, data: dict[int, dict[str, Any]], layout: dict[str, Any] | None = None) -> None:
        """This month's changes: ``{trace index: {path: value}}`` and ``{path: value}``."""
        self.widget.patch = {"data": {str(i): props for i, props in data.items()},
                             "layout": layout or {}}  # fmt: skip


class OutcomeChart(PlotChart):
    """The headline outcomes month by month (legitimacy's three components one click away, in
    the legend), with a vertical line at each lever moved mid-run. Months are counted from 0 by
    Plotly (``x0``, ``dx``): each month sends the series' values only."""

    NAMES = (*HEADLINE, *LEGITIMACY_COMPONENTS)
    AXES: ClassVar[dict[str, str]] = {"xaxis": "month", "yaxis": "share_axis"}

    def __init__(self, language: str) -> None:
        traces = [
            go.Scatter(y=[], x0=0, dx=1, mode="lines", line={"color": COLOURS[m], "width": 3})
            for m in HEADLINE
        ] + [
            go.Scatter(
                y=[],
                x0=0,
                dx=1,
                mode="lines",
                visible="legendonly",
                line={"color": COLOURS[m], "width": 2, "dash": "dot"},
            )
            for m in LEGITIMACY_COMPONENTS
        ]
        self._changes: tuple = ()
        super().__init__(
            traces, _layout(xaxis=_axis("", range=[0, 12]), yaxis=_axis("", range=[0, 1])), language
        )

    def words(self, data: list[dict], layout: dict, language: str) -> None:
        """A dashed vertical line at each lever change, named."""
        line = {"color": "#555", "dash": "dash", "width": 2}
        layout["shapes"] = [
            {"type": "line", "x0": c.month, "x1": c.month, "y0": 0, "y1": 1, "yref": "paper",
             "line": line}
            for c in self._changes
        ]  # fmt: skip
        layout["annotations"] = [
            {"x": c.month, "y": 1, "yref": "paper", "text": lever_text(c, language),
             "showarrow": False, "xanchor": "left", "yanchor": "top", "textangle": -90,
             "font": {"size": 13, "color": "#333"}, "bgcolor": "rgba(255,255,255,0.8)"}
            for c in self._changes
        ]  # fmt: skip

    def show(self, frame: Frame) -> None:
        if frame.changes != self._changes:
            self._changes = frame.changes
            self.publish()
        self.patch(
            {i: {"y": _floats(frame.series[name])} for i, name in enumerate(self.NAMES)},
            {"xaxis.range": [0, max(12, frame.month)]},
        )


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


class ParticipationChart(PlotChart):
    """Who takes part: the share of each resource quintile in an arena, last months' mean."""

    AXES: ClassVar[dict[str, str]] = {"xaxis": "resources_axis", "yaxis": "taking_part_axis"}
    TITLE = "participation"

    def __init__(self, language: str) -> None:
        super().__init__(
            [
                go.Bar(
                    x=[f"q{q}" for q in range(1, 6)],
                    y=[0] * 5,
                    marker_color="#ff7f0e",
                    hovertemplate="%{x}: %{y:.1%}<extra></extra>",
                )
            ],
            _layout(
                title={"text": "", "font": FONT},
                xaxis=_axis(""),
                yaxis=_axis("", tickformat=".0%", rangemode="tozero"),
                showlegend=False,
            ),
            language,
        )

    def words(self, data: list[dict], layout: dict, language: str) -> None:
        data[0]["x"] = [say(f"quintile_{q}", language) for q in range(1, 6)]

    def show(self, frame: Frame) -> None:
        top = max(0.05, float(frame.quintiles.max()) * 1.2)
        self.patch({0: {"y": _floats(frame.quintiles)}}, {"yaxis.range": [0, top]})


class NetworkChart(PlotChart):
    """The town's network (see the module's docstring): one chart per page, laid out anew for
    each new model (the positions, sizes and social ties are sent then; a month sends colours,
    rings, symbols and the month's arena and co-production ties)."""

    NAMES = (
        "social_ties", "arena_ties", "coproduction_ties", "citizens_legend",
        "professionals_legend", "leaders_legend", "politicians_legend", "students_legend",
    )  # fmt: skip

    def __init__(self, model: SamskapingModel, language: str, marked: bool = False) -> None:
        """``marked``: a trace of citizens marked by name (the classroom's students: set
        :attr:`marks` before :meth:`show`)."""
        #: the marked citizens and their labels
        self.marks: tuple[list[int], list[str]] = ([], [])
        marks = [
            go.Scatter(x=[], y=[], mode="markers+text", textposition="top center",
                       marker={"symbol": "circle-open", "size": 24, "color": "#111111",
                               "line": {"width": 3}},
                       textfont={"size": 14, "color": "#111111"}, hoverinfo="text")
        ] if marked else []  # fmt: skip
        super().__init__(
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
                *marks,
            ],
            _layout(
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
            language,
            publish=False,
        )
        self.draw(model)

    def draw(self, model: SamskapingModel) -> None:
        """Lay out ``model``'s town: the chart of a new model is the same chart redrawn."""
        c = model.citizens
        n = c.count
        pick = np.random.default_rng(0)  # the sample is a view, not part of the simulation
        self.sample = np.sort(pick.choice(n, DRAWN, replace=False)) if n > DRAWN else np.arange(n)
        layout = resource_circle_layout(c.resources)
        self.xy = np.array([layout[int(i)] for i in self.sample])
        self.positions = layout

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
        ties, citizens, professionals, leaders, council = (self._traces[i] for i in
                                                           (0, 3, 4, 5, 6))  # fmt: skip
        ties |= {"x": sx, "y": sy}
        citizens |= {"x": self.xy[:, 0].tolist(), "y": self.xy[:, 1].tolist(),
                     "marker": {**citizens["marker"], "size": sizes.tolist()}}  # fmt: skip
        colours = [UNIT_COLOURS[u % len(UNIT_COLOURS)] for u in units]
        professionals |= {"x": self.professionals[:, 0].tolist(),
                          "y": self.professionals[:, 1].tolist(),
                          "marker": {**professionals["marker"], "color": colours}}  # fmt: skip
        leaders |= {"x": self.leaders[:, 0].tolist(), "y": self.leaders[:, 1].tolist()}
        council |= {"x": politicians[:, 0].tolist(), "y": politicians[:, 1].tolist()}
        self.publish()

    def words(self, data: list[dict], layout: dict, language: str) -> None:
        data[3]["hovertemplate"] = (
            say("legitimacy", language) + " %{marker.color:.3f}<extra></extra>"
        )

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
        patch = {
            1: {"x": ax, "y": ay},
            2: {"x": cx, "y": cy},
            3: {"marker.color": _floats(legitimacy), "marker.cmin": low, "marker.cmax": high,
                "marker.line.width": np.where(took_part, 2.0, 0.0).tolist(),
                "marker.symbol": symbols.tolist()},
        }  # fmt: skip
        if len(self._traces) > 7:
            marked, names = self.marks
            xy = np.array([self.positions[i] for i in marked]).reshape(-1, 2)
            patch[7] = {"x": xy[:, 0].tolist(), "y": xy[:, 1].tolist(), "text": list(names)}
        self.patch(patch)


def colour_scale(legitimacy: np.ndarray) -> tuple[float, float]:
    """The legitimacy at the red and at the green end of the network's colours: fitted to this
    month's spread (2nd to 98th percentile), never narrower than 0.01."""
    low, high = np.percentile(legitimacy, [2, 98]) if legitimacy.size else (0.0, 1.0)
    if high - low < 0.01:
        middle = (low + high) / 2
        low, high = middle - 0.005, middle + 0.005
    return float(low), float(high)


class DifferenceChart(PlotChart):
    """Right minus left, month by month, for the headline outcomes: the live seed's difference,
    a line per outcome, over the band of many seeds (``band.py``) when there is one, its mean
    dashed and its 95 % interval shaded in the outcome's colour. The band's traces are sent once
    per band (:meth:`band`); a month patches only the live lines (:meth:`show`)."""

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
            go.Scatter(y=[], x0=0, dx=1, mode="lines", line={"color": COLOURS[m], "width": 3})
            for m in HEADLINE
        ]
        # the band's one entry in the legend (a click hides or shows the whole band)
        key = go.Scatter(x=[None], y=[None], mode="lines", fill="toself", legendgroup="band",
                         fillcolor="rgba(110,110,110,0.25)", visible=False,
                         line={"color": "#555", "width": 1.5, "dash": "dash"})  # fmt: skip
        self._band: Band | None = None
        self._months = 1
        super().__init__(
            [*intervals, *means, *lines, key],
            _layout(
                title={"text": "", "font": FONT},
                xaxis=_axis("", range=[0, 12]),
                yaxis=_axis("", zeroline=True, zerolinecolor="black"),
            ),
            language,
        )

    def words(self, data: list[dict], layout: dict, language: str) -> None:
        k = len(HEADLINE)
        seeds = whole(self._band.seeds if self._band is not None else 0, language)
        mean = say("band_mean", language, seeds=seeds)
        data[3 * k]["name"] = say("band_legend", language, seeds=seeds)
        for trace, metric in zip(data[k : 2 * k], HEADLINE, strict=True):
            trace["name"] = f"{say(metric, language)}, {mean}"
            trace["hovertemplate"] = (
                f"{say(metric, language)}, {mean}: %{{y:.3f}} "
                "[%{customdata[0]:.3f}, %{customdata[1]:.3f}]<extra></extra>"
            )
        layout["xaxis"]["range"] = self._range()

    def band(self, band: Band | None) -> None:
        """Draw ``band`` behind the live lines (None: no band), once per band: the figure is
        sent anew with it."""
        if band is self._band:
            return
        self._band = band
        k = len(HEADLINE)
        months = list(range(band.months + 1)) if band is not None else []
        for i, metric in enumerate(HEADLINE):
            shaded, mean = self._traces[i], self._traces[k + i]
            if band is None:
                self._traces[i] = shaded | {"x": [], "y": []}
                self._traces[k + i] = mean | {"x": [], "y": [], "customdata": []}
                continue
            low, high = band.low[metric], band.high[metric]
            self._traces[i] = shaded | (
                {"x": months + months[::-1], "y": _floats(high) + _floats(low)[::-1]}
                if not np.isnan(low).all()
                else {"x": [], "y": []}
            )
            self._traces[k + i] = mean | {
                "x": months,
                "y": _floats(band.mean[metric]),
                "customdata": [
                    list(pair) for pair in zip(_floats(low), _floats(high), strict=True)
                ],
            }
        self._traces[3 * k] = self._traces[3 * k] | {"visible": band is not None}
        self.publish()

    def show(self, left: Frame, right: Frame) -> None:
        self._months = min(left.month, right.month) + 1
        k, m = len(HEADLINE), self._months
        self.patch(
            {2 * k + i: {"y": _floats(right.series[name][:m] - left.series[name][:m])}
             for i, name in enumerate(HEADLINE)},
            {"xaxis.range": self._range()},
        )  # fmt: skip

    def _range(self) -> list[int]:
        """The x axis: the months run so far, at least a year, and the band's months."""
        horizon = self._band.months if self._band is not None else 12
        return [0, max(12, horizon, self._months - 1)]


def _light(colour: str, alpha: float = 0.18) -> str:
    """A light, see-through version of a ``#rrggbb`` colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
