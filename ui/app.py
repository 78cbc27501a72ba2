"""The browser UI for the classroom: Explore, Compare and Results, in English or bokmål.

Start it with ``samskaping ui`` (``server.py``); in Jupyter, display ``Page()`` (or ``Explore()``,
``Compare()``, ``Results()`` alone) as any Solara component. No Markdown or Altair components
are used: their browser assets would come from a public CDN, and the page must work offline.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import ipyvue
import ipyvuetify
import pandas as pd
import solara
import solara.lab
import solara.toestand
import traitlets
from solara.alias import rv as v
from solara.server import kernel_context

from samskaping.experiments.design import RESULTS
from samskaping.experiments.indices import ranking
from samskaping.scenarios import library
from samskaping.scenarios.parameters import parameter_specs
from samskaping.simulation.metrics import HEADLINE, HEADLINE_TABLE, LEGITIMACY_COMPONENTS
from samskaping.ui import session
from samskaping.ui.address import Address
from samskaping.ui.band import HORIZON, MOST_SEEDS, Band, band
from samskaping.ui.charts import (
    DifferenceChart,
    NetworkChart,
    OutcomeChart,
    ParticipationChart,
    colour_scale,
)
from samskaping.ui.classroom import ClassroomPage
from samskaping.ui.frame import Frame, frame_of
from samskaping.ui.line import line
from samskaping.ui.session import Side, turn
from samskaping.ui.texts import LANGUAGES, TEXTS, figure_words, number, say, whole

#: Play's speed control: months a second (at most), and draw every this many months
FASTEST, DRAW_EVERY_MOST = 30, 12
#: the sliders' steps
SLIDERS = {"recognition": 0.05, "power_sharing": 0.05, "arena_rate": 0.01, "complexity": 0.05}
MODES = ("mode_a", "mode_b", "mode_c", "mode_d")
#: the longest refused entry echoed back whole
ECHO = 24

explore_playing = solara.reactive(False)
compare_playing = solara.reactive(False)
#: each page's play-loop generation: a loop runs only while it is the newest
explore_loops = solara.Reactive(
    solara.toestand.KernelStoreFactory(lambda: [0], key="samskaping:explore:loops")
)
compare_loops = solara.Reactive(
    solara.toestand.KernelStoreFactory(lambda: [0], key="samskaping:compare:loops")
)
CSS = """
.hidden { display: none !important; }
.chart { width: 100%; }
.projector .status-line { font-size: 1.6em !important; }
.projector .story { font-size: 1.3em !important; }
.status-line { font-size: 1.15em; }
.story { font-size: 1.05em; color: #333; }
.pending { color: #8a4b00; font-weight: bold; }
.results-table table { border-collapse: collapse; font-size: 0.95em; }
.results-table th, .results-table td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
.results-table th { background: #f0f0f0; }
.report { white-space: pre-wrap; font-family: inherit; }
"""


def t(key: str, **values: object) -> str:
    return say(key, session.language.value, **values)


def n(value: float, digits: int = 3) -> str:
    return number(value, session.language.value, digits)


# --- controls --------------------------------------------------------------------------------


@solara.component
def Help(key: str, **values: object):
    solara.Text(t(key, **values), style={"font-size": "0.8em", "color": "#666"}, classes=["help"])


@solara.component
def Choice(label: str, values: list[str], value: str, on_value, css: str, disabled: bool = False):
    """A drop-down whose entries are shown in the page's language and mean the same in both."""
    items = [{"text": t(v) if v in TEXTS else v, "value": v} for v in values]
    v.Select(label=label, items=items, v_model=value, on_v_model=on_value, class_=css,
             hide_details=True, dense=True, disabled=disabled)  # fmt: skip


@solara.component
def NumberInput(label: str, value: int, on_value, low: int, high: int, help_key: str, css: str):
    """A whole number typed by the user: refused with a message unless it is in [low, high];
    the field then shows again the number in use."""
    text, set_text = solara.use_state(str(value))
    problem, set_problem = solara.use_state("")
    solara.use_effect(lambda: set_text(str(value)), [value])  # the field shows what is in use
    language = session.language.value

    def typed(new: str) -> None:
        shown = new if len(new) <= ECHO else new[:ECHO] + "…"
        try:
            cleaned = new.strip().replace("_", "")
            if not (cleaned.isascii() and cleaned.isdigit()):
                raise ValueError(new)
            number_ = int(cleaned)
        except ValueError:
            set_problem(f"{t('refused')}: '{shown}' — {low}–{whole(high, language)}")
            set_text(str(value))
            return
        if not low <= number_ <= high:
            big = whole(number_, language) if len(cleaned) <= ECHO else shown
            set_problem(f"{t('refused')}: {big} — {low}–{whole(high, language)}")
            set_text(str(value))
            return
        set_problem("")
        set_text(str(number_))
        on_value(number_)

    solara.InputText(label, value=text, on_value=typed, continuous_update=False, classes=[css])
    if problem:
        solara.Text(problem, style={"color": "#b00020"}, classes=["input-error"])
    Help(help_key, most=whole(session.MOST, language))


@solara.component
def Controls(side: Side, seed_input: bool = True):
    settings = side.settings.value
    specs = parameter_specs()
    solara.Text(t("live"), style={"font-weight": "bold"})
    Choice(t("regime"), list(specs["regime"].choices), settings["regime"],
           lambda value: side.change("regime", value), f"{side.key}-regime")  # fmt: skip
    Help("help_regime")
    # the modes and the counter-strategy act under co-creation only: under another regime they
    # are kept for a switch to co-creation, shown unticked and greyed, and say so
    acting = settings["regime"] == "co-creation"
    solara.Text(t("modes") + ("" if acting else f" ({t('co_creation_only')})"),
                style={"font-weight": "bold"}, classes=[f"{side.key}-modes-title"])  # fmt: skip
    for mode in MODES:
        with solara.Div(classes=[f"{side.key}-{mode.replace('_', '-')}"]):
            solara.Checkbox(label=t(mode), value=acting and bool(settings[mode]),
                            disabled=not acting,
                            on_value=lambda value, m=mode: side.change(m, value))  # fmt: skip
    Help("help_modes")
    Choice(t("counter_strategy"), list(specs["counter_strategy"].choices),
           settings["counter_strategy"], lambda value: side.change("counter_strategy", value),
           f"{side.key}-counter-strategy", disabled=not acting)  # fmt: skip
    Help("help_counter_strategy")
    for lever in ("recognition", "power_sharing", "arena_rate"):
        Slider(side, lever)
    solara.Text(t("structure"), style={"font-weight": "bold", "margin-top": "12px"})
    solara.Select(t("scenario"), values=library.available(), value=side.scenario.value,
                  on_value=side.choose_scenario, classes=[f"{side.key}-scenario"])  # fmt: skip
    Help("help_scenario")
    Slider(side, "complexity")
    NumberInput(t("citizens"), int(settings["citizens"]), lambda value: side.change("citizens", value),
                10, session.MOST, "help_citizens", f"{side.key}-citizens")  # fmt: skip
    if seed_input:
        NumberInput(t("seed"), side.seed.value, side.choose_seed, 0, 2**31 - 1, "help_seed",
                    f"{side.key}-seed")  # fmt: skip
    Pending(side)


@solara.component
def Slider(side: Side, lever: str):
    spec = parameter_specs()[lever]
    value = float(side.settings.value[lever])
    with solara.Div(classes=[f"{side.key}-{lever.replace('_', '-')}"]):
        solara.SliderFloat(f"{t(lever)}: {n(value, 2)}", value=value, min=spec.low,
                           max=spec.high, step=SLIDERS[lever], thumb_label="always",
                           on_value=lambda new: side.change(lever, new))  # fmt: skip
    Help(f"help_{lever}")


@solara.component
def Pending(side: Side):
    if side.pending.value:
        names = ", ".join(t(name) for name in side.pending.value)
        solara.Text(t("pending", names=names), classes=["pending", f"{side.key}-pending"])


@solara.component
def Buttons(step, reset, playing: solara.Reactive[bool], name: str):
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(t("step"), on_click=step, color="primary", classes=[f"{name}-step"])
        solara.Button(t("pause") if playing.value else t("play"),
                      on_click=lambda: playing.set(not playing.value), classes=[f"{name}-play"])  # fmt: skip
        solara.Button(t("reset"), on_click=reset, classes=[f"{name}-reset"])
    Help("help_reset")


@solara.component
def Speed(name: str):
    """Play's speed: months a second, and how often the charts are drawn (NetLogo's speed
    slider; SolaraViz's play and render intervals)."""
    with solara.Div(classes=[f"{name}-speed"]):
        solara.SliderInt(f"{t('speed')}: {session.speed.value}", value=session.speed,
                         min=1, max=FASTEST, thumb_label="always")  # fmt: skip
    with solara.Div(classes=[f"{name}-draw-every"]):
        solara.SliderInt(f"{t('draw_every')}: {session.draw_every.value}",
                         value=session.draw_every, min=1, max=DRAW_EVERY_MOST)  # fmt: skip
    Help("help_speed")


def use_play(playing: solara.Reactive[bool], generation, sides: list[Side]) -> None:
    """Step month after month in a thread while ``playing`` is on, at the page's speed. Only the
    newest loop of a page runs (Pause, Play and a page switch pressed quickly must not leave two
    loops stepping one model); leaving the page pauses; a closed page's loop ends with it. Each
    month is stepped in the sides' :func:`turn`, and its frames are shown after it: drawing
    never holds the lock that a click, a lever or a reset waits for."""
    try:
        closed = kernel_context.get_current_context().closed_event
    except RuntimeError:  # in Jupyter, outside the server: the notebook's kernel is the page
        closed = threading.Event()

    def loop() -> None:
        newest = generation.value
        newest[0] += 1
        mine = newest[0]
        months = 0
        while True:
            started = time.monotonic()
            with turn(*sides):
                if not (playing.value and newest[0] == mine and not closed.is_set()):
                    behind = months % session.draw_every.value != 0
                    frames = [frame_of(s.model, s.frame.value, s.changes.value) if behind
                              else None for s in sides]  # fmt: skip
                    break
                months += 1
                draw = months % session.draw_every.value == 0
                frames = [side.advance(draw) for side in sides]
            for side, frame in zip(sides, frames, strict=True):
                side.show(frame)
            time.sleep(max(0.0, 1.0 / session.speed.value - (time.monotonic() - started)))
        for side, frame in zip(sides, frames, strict=True):  # the last months, if not drawn
            side.show(frame)

    solara.lab.use_task(loop, dependencies=[playing.value], prefer_threaded=True)
    solara.use_effect(lambda: lambda: playing.set(False), [])  # on leaving the page


# --- what a model shows ------------------------------------------------------------------------


@solara.component
def Shown(side: Side):
    """What a model shows, drawn month by month without re-rendering the page: its parts are
    rendered from the latest frame, and each new frame is then written into widgets of their own
    (a re-render walks and re-sets every widget of the page: it cost the server more than the
    month itself)."""
    Status(side, live=True)
    Story(side, live=True)
    Outcomes(side, live=True)
    with solara.Columns([1, 1]):
        Participation(side, live=True)
        Network(side, live=True)


def use_frame(side: Side, live: bool) -> Frame:
    """The frame a component renders: the side's latest. Not ``live``, the component renders
    again at every new frame; ``live``, it reads the frame without waiting for the next one, and
    draws the next ones with :func:`use_month`."""
    return side.latest() if live else side.current()


def use_month(side: Side, live: bool, draw: Callable[[Frame], None]) -> None:
    """Draw each new frame of ``side`` with ``draw`` (``live`` only), after each render first
    the latest frame, which may be newer than the frame rendered."""
    if not live:
        return

    def listen():
        draw(side.latest())
        return side.frame.subscribe(draw)

    solara.use_effect(listen)  # after every render: the language, the model may be new


def use_text(text: str, classes: list[str], style: dict | None = None) -> ipyvuetify.Html:
    """A line of text (as ``solara.Text``) in a widget of the component's own, in a ``Div``: a
    month writes its text, and a re-render elsewhere on the page does not set it back (every
    render sets each widget it made to what was last rendered)."""
    widget = solara.use_memo(lambda: line(text, classes, style), [])
    widget.children = [text]
    solara.Div(children=[widget])
    return widget


def _writer(widget: ipyvuetify.Html, text: Callable[[Frame], str]) -> Callable[[Frame], None]:
    def write(frame: Frame) -> None:
        widget.children = [text(frame)]

    return write


def month_text(frame: Frame) -> str:
    return f"{t('month')}: {frame.month}"


def outcomes_text(frame: Frame) -> str:
    metrics = frame.metrics
    parts = ", ".join(f"{t(m)} {n(metrics[m])}" for m in LEGITIMACY_COMPONENTS)
    return " · ".join(
        f"{t(m)} {n(metrics[m])}" + (f" ({parts})" if m == "legitimacy" else "") for m in HEADLINE
    )


@solara.component
def Status(side: Side, live: bool = False):
    frame = use_frame(side, live)
    counter = use_text(month_text(frame), [f"{side.key}-counter", "step-counter"],
                       {"font-size": "1.3em", "font-weight": "bold"})  # fmt: skip
    outcomes = use_text(outcomes_text(frame), [f"{side.key}-outcomes", "status-line"])
    if side.error.value:
        solara.Error(side.error.value, classes=["refused-message"])
    writes = _writer(counter, month_text), _writer(outcomes, outcomes_text)
    use_month(side, live, lambda frame: [write(frame) for write in writes])


def story_text(side: Side, frame: Frame) -> str:
    """What happened this month, in one line."""
    language = session.language.value
    if frame.month == 0:
        text = t("story_start")
    else:
        regime = side.model.regime
        parts = []
        if regime.arenas:
            arenas = int(frame.metrics["arenas"])
            parts.append(t("story_arenas", arenas=arenas, lowest=frame.lowest,
                           participants=frame.participants) if arenas else t("story_no_arenas"))  # fmt: skip
        if regime.coproduction or regime.volunteering:
            parts.append(t("story_coproduction", coproducers=frame.coproducers,
                           volunteers=frame.volunteers))  # fmt: skip
        if regime.surveys or regime.customer_choice:
            parts.append(t("story_npm", answered=frame.answered, chose=frame.chose))
        moved = number(100 * frame.budget_moved, language, 1) + " %"
        parts.append(t("story_budget", moved=moved))
        text = " ".join(parts)
    return f"{t('this_month')}: {text}"


@solara.component
def Story(side: Side, live: bool = False):
    """What happened this month, in one line."""
    frame = use_frame(side, live)
    story = use_text(story_text(side, frame), [f"{side.key}-story", "story"])
    use_month(side, live, _writer(story, lambda frame: story_text(side, frame)))


def use_chart(side: Side, kind: str, make, frame: Frame, live: bool = False):
    """The side's chart ``kind`` (built once, relabelled for a new language, the network
    redrawn for a new model), shown at every frame."""
    language = session.language.value
    chart = side.chart(kind, lambda: make(language))
    if chart.language != language:
        chart.label(language)

    def show(frame: Frame) -> None:
        if getattr(chart, "model", frame.model) != frame.model:  # the network of a new model
            chart.draw(side.model)
        chart.model = frame.model
        chart.show(frame)

    if getattr(chart, "model", frame.model) != frame.model:
        chart.draw(side.model)
    chart.model = frame.model
    if not live:
        solara.use_effect(lambda: chart.show(frame), [chart, frame])
    use_month(side, live, show)
    solara.Column(children=[chart.widget], classes=["chart", f"{side.key}-{kind}"])
    return chart


@solara.component
def Outcomes(side: Side, live: bool = False):
    use_chart(side, "chart", OutcomeChart, use_frame(side, live), live)


@solara.component
def Participation(side: Side, live: bool = False):
    use_chart(side, "participation", ParticipationChart, use_frame(side, live), live)


@solara.component
def Network(side: Side, live: bool = False):
    frame = use_frame(side, live)
    chart = use_chart(
        side, "network", lambda language: NetworkChart(side.model, language), frame, live
    )

    def key_text(frame: Frame) -> str:
        language = session.language.value
        total = side.model.citizens.count
        low, high = colour_scale(frame.legitimacy[chart.sample])
        return (t("drawn", drawn=whole(chart.sample.size, language), total=whole(total, language))
                + ". " + t("colour_key", low=n(low), high=n(high)))  # fmt: skip

    key = use_text(key_text(frame), [f"{side.key}-colour-key"], {"font-size": "0.95em"})
    use_month(side, live, _writer(key, key_text))


@solara.component
def Info(side: Side):
    """The scenario's description, from its file, and what to try."""
    scenario = library.load(side.scenario.value)
    language = session.language.value
    with solara.Details(summary=f"{t('info')}: {scenario.text('title', language)}"):
        solara.Text(scenario.text("description", language), classes=[f"{side.key}-info"])
        if scenario.text("try", language):
            solara.Text(f"{t('to_try')}: {scenario.text('try', language)}",
                        classes=[f"{side.key}-to-try"])  # fmt: skip
        Help("help_power_sharing")


# --- the pages -------------------------------------------------------------------------------


@solara.component
def Explore():
    side = session.explore
    use_play(explore_playing, explore_loops, [side])

    def reset() -> None:
        explore_playing.set(False)  # a reset while playing would race the loop
        with turn(side):
            side.reset()

    def controls() -> None:
        Buttons(side.step, reset, explore_playing, "explore")
        Speed("explore")
        Controls(side)
        Info(side)

    if session.projector.value:
        Buttons(side.step, reset, explore_playing, "explore")
        Shown(side)  # the outcomes first, the width of the page: in view at 1280 x 720
        return
    with solara.Columns([1, 3]):
        with solara.Column():
            controls()
        with solara.Column():
            Shown(side)


@solara.component
def Compare():
    left, right = session.left, session.right

    def step() -> None:
        with turn(left, right):
            frames = [left.advance(), right.advance()]
        left.show(frames[0])
        right.show(frames[1])

    def reset() -> None:
        compare_playing.set(False)  # both sides start again together
        seed = session.compare_seed.value
        with turn(left, right):
            left.reset(seed)
            right.reset(seed)

    use_play(compare_playing, compare_loops, [left, right])
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        Buttons(step, reset, compare_playing, "compare")
        Speed("compare")
    NumberInput(t("seed"), session.compare_seed.value, session.compare_seed.set, 0, 2**31 - 1,
                "help_seed", "compare-seed")  # fmt: skip
    solara.Text(t("same_seed"))
    with solara.Columns([1, 1]):
        for side, title in ((left, "left"), (right, "right")):
            with solara.Column():
                running = side.model.scenario
                solara.Text(f"{t(title)}: {side.scenario.value} · {t(running.regime)}",
                            style={"font-weight": "bold", "font-size": "1.2em"},
                            classes=[f"{side.key}-title"])  # fmt: skip
                Status(side, live=True)
                Outcomes(side, live=True)
                if not session.projector.value:
                    with solara.Details(summary=t("controls")):
                        Controls(side, seed_input=False)
    Difference(left, right)


@solara.component
def Difference(left: Side, right: Side):
    language = session.language.value
    chart = left.chart("difference", lambda: DifferenceChart(language))
    if chart.language != language:
        chart.label(language)
    task = use_band(left, right)
    drawn = task.value if task.finished else None
    solara.use_effect(lambda: chart.band(drawn), [chart, drawn])

    def listen():  # each new frame of either side drawn without re-rendering (see ``Shown``)
        def draw(_: Frame | None = None) -> None:
            chart.show(left.latest(), right.latest())

        draw()
        stops = [side.frame.subscribe(draw) for side in (left, right)]
        return lambda: [stop() for stop in stops]

    solara.use_effect(listen)
    solara.Column(children=[chart.widget], classes=["chart", "difference-chart"])
    seeds = session.band_seeds.value
    if seeds and task.pending:
        solara.Text(t("band_computing", seeds=whole(seeds, language), months=whole(HORIZON,
                      language)), classes=["band-status", "band-computing"])  # fmt: skip
    elif seeds and task.error:
        solara.Error(t("band_failed", error=task.exception), classes=["band-status"])
    elif drawn is not None:
        solara.Text(t("band_caption", seeds=whole(drawn.seeds, language),
                      months=whole(drawn.months, language), seconds=n(drawn.seconds, 1)),
                    style={"font-size": "0.95em"}, classes=["band-status", "band-caption"])  # fmt: skip
    if not session.projector.value:
        NumberInput(t("band_seeds"), seeds, session.band_seeds.set, 0, MOST_SEEDS, "help_band",
                    "band-seeds")  # fmt: skip


def use_band(left: Side, right: Side) -> solara.lab.Task:
    """The band of the two sides as their models were built (``band.py``), computed in a thread
    whenever a side is built from other settings or another seed, or the number of seeds
    changes; a newer band stops an older one between months. It reads what the models were
    built from, never the running models: it never waits for the sides' turn, nor they for it."""
    seeds = session.band_seeds.value
    recipes = (left.built, right.built)

    def compute() -> Band | None:
        if not seeds:
            return None
        return band(*recipes, seeds, going=task.is_current)

    task = solara.lab.use_task(
        compute, dependencies=[*recipes, seeds], raise_error=False, prefer_threaded=True
    )
    return task


def results_root() -> Path:
    """The results folder the server was started with (``samskaping ui --results``)."""
    return Path(os.environ.get("SAMSKAPING_RESULTS", RESULTS)).resolve()


def result_folders(root: Path) -> list[str]:
    """The folders of ``compare``, ``sweep`` or ``objections`` directly under ``root``: the only
    names the page offers, so no other path can be read."""
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir()
        if not p.name.startswith(".") and p.is_dir() and p.resolve().is_relative_to(root)
        and any(_readable(p / name, root) for name in ("summary.csv", "verdicts.csv",
                                                        "indices.csv"))
    )  # fmt: skip


def _readable(path: Path, root: Path) -> bool:
    """A file that is really inside the results folder (a link out of it is not)."""
    return path.is_file() and path.resolve().is_relative_to(root)


@solara.component
def Results():
    root = results_root()
    names = result_folders(root)
    chosen, choose = solara.use_state(names[0] if names else "")
    if not names:
        solara.Info(t("no_results", folder=str(root)))
        return
    name = chosen if chosen in names else names[0]  # only a name the folder scan offered
    solara.Select(t("results_folder"), values=names, value=name, on_value=choose,
                  classes=["results-folder"])  # fmt: skip
    folder = (root / name).resolve()
    try:
        ResultsFolder(folder, root)
    except (OSError, ValueError, KeyError, pd.errors.ParserError) as error:
        solara.Error(
            f"{folder.name}: {error.__class__.__name__}: {error}", classes=["refused-message"]
        )


def ResultsFolder(folder: Path, root: Path) -> None:
    """The tables and figures of one folder of the results folder ``root`` (raises on a damaged
    file)."""
    if _readable(folder / "verdicts.csv", root):
        verdicts = pd.read_csv(folder / "verdicts.csv")  # objection or evil, then the verdict
        verdicts = verdicts.iloc[:, :2].drop_duplicates()
        solara.Text(t("verdicts"), style={"font-weight": "bold"})
        solara.HTML(
            tag="div", unsafe_innerHTML=verdicts.to_html(index=False), classes=["results-table"]
        )
    if _readable(folder / "summary.csv", root):
        summary = pd.read_csv(folder / "summary.csv")
        headline = summary[summary["metric"].isin(HEADLINE_TABLE)]
        for kind, title, index in (("arm", "summary", "arm"), ("difference", "differences",
                                                               ["arm", "versus"])):  # fmt: skip
            rows = headline[headline["kind"] == kind]
            if rows.empty:
                continue
            cells = rows.assign(
                value=rows.apply(
                    lambda r: f"{n(r['mean'])} [{n(r['ci_low'])}, {n(r['ci_high'])}]", axis=1
                ),
                metric=rows["metric"].map(t),
            ).pivot_table(
                index=index, columns="metric", values="value", aggfunc="first", sort=False
            )
            cells.index.names = [t(name) for name in cells.index.names]
            cells.columns.name = None
            solara.Text(t(title), style={"font-weight": "bold"})
            solara.HTML(tag="div", unsafe_innerHTML=cells.to_html(), classes=["results-table"])
    if _readable(folder / "indices.csv", root):  # a sensitivity study: its levers, ranked
        levers = ranking(pd.read_csv(folder / "indices.csv"))
        solara.Text(t("levers"), style={"font-weight": "bold"})
        solara.HTML(tag="div", unsafe_innerHTML=levers.to_html(index=False),
                    classes=["results-table"])  # fmt: skip
    if _readable(folder / "report.md", root):
        with solara.Details(summary=t("report")):
            solara.Text((folder / "report.md").read_text(encoding="utf-8"),
                        classes=["report", "results-report"])  # fmt: skip
    pictures = sorted((folder / "figures").glob("*.png")) if (folder / "figures").is_dir() else []
    pictures = [picture for picture in pictures if _readable(picture, root)]
    if pictures:
        solara.Text(t("figures"), style={"font-weight": "bold"})
    for image in figures_in(folder, root, pictures, session.language.value):
        solara.Image(image, width="100%", classes=["results-figure"])


#: the files a sweep's or comparison's figures are drawn from (``runner.redraw``)
DRAWN_FROM = ("manifest.json", "runs.parquet", "timeseries.parquet", "summary.csv")


def figures_in(folder: Path, root: Path, pictures: list[Path], language: str) -> list[bytes]:
    """The folder's saved figures ``pictures`` in ``language``: as saved in English; in another
    language a sweep's or comparison's drawn again from its files in that language (each
    picture the runner draws; the figures of sensitivity studies and objections stay
    English). Only a folder whose files are all inside ``root`` is drawn again."""
    saved = {picture.name: picture for picture in pictures}
    data = [*folder.glob("*.parquet"), *folder.glob("*.csv"), *(folder / n for n in DRAWN_FROM)]
    if language == "en" or not all(_readable(path, root) for path in data):
        return [picture.read_bytes() for picture in pictures]
    stamps = tuple((folder / name).stat().st_mtime_ns for name in DRAWN_FROM)
    drawn = _drawn(folder, language, stamps)
    return [drawn.get(name) or picture.read_bytes() for name, picture in saved.items()]


@functools.lru_cache(maxsize=16)
def _drawn(folder: Path, language: str, stamps: tuple[int, ...]) -> dict[str, bytes]:
    """A folder's figures in ``language``, drawn once per folder, language and the times its
    files were written (``stamps``): switching language back and forth draws nothing again.
    The runner (and matplotlib) is imported here, on first use: the page itself needs neither."""
    from samskaping.experiments.runner import redraw

    return redraw(folder, figure_words(language))


class FitCharts(ipyvue.VueTemplate):
    """Tells the page's charts the size of their place: a window resize event, which Plotly's
    responsive charts follow, a few times after it appears (a chart drawn before its place had a
    width takes Plotly's default width) and whenever a chart's place changes size (the projector
    view, the other page)."""

    template = traitlets.Unicode(
        "<template><span></span></template><script>module.exports = {"
        " mounted() {"
        "  const fit = () => window.dispatchEvent(new Event('resize'));"
        "  this.timers = [300, 1000, 2500, 5000].map(t => setTimeout(fit, t));"
        "  this.observer = new ResizeObserver(fit);"
        "  document.querySelectorAll('.chart').forEach(e => this.observer.observe(e));"
        " },"
        " beforeDestroy() {"
        "  this.timers.forEach(clearTimeout); this.observer.disconnect();"
        " } };</script>"
    ).tag(sync=True)


def go_to(page: str) -> None:
    """Show another page; the one left pauses (a page no one watches does not play)."""
    explore_playing.set(False)
    compare_playing.set(False)
    session.visited.set(session.visited.value | {session.page.value})
    session.page.set(page)


@solara.component
def Page():
    language = session.language.value
    solara.Title("samskaping")
    solara.Style(CSS)
    classes = ["projector"] if session.projector.value else []
    with solara.Column(style={"padding": "12px"}, classes=classes):
        Address()
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Text(t("title"), style={"font-size": "1.4em", "font-weight": "bold"},
                        classes=["page-title"])  # fmt: skip
            for name in session.PAGES:
                solara.Button(t(name), on_click=lambda n=name: go_to(n),
                              color="primary" if session.page.value == name else None,
                              text=session.page.value != name, classes=[f"nav-{name}"])  # fmt: skip
            solara.Text(t("language") + ":")
            for code, name in LANGUAGES.items():
                solara.Button(name, on_click=lambda c=code: session.language.set(c),
                              text=language != code, classes=[f"lang-{code}"])  # fmt: skip
            solara.Button(t("projector"), on_click=lambda: session.projector.set(
                not session.projector.value), text=not session.projector.value,
                icon_name="mdi-projector-screen", classes=["projector-toggle"])  # fmt: skip
        # a page once shown stays in the page, hidden while another is shown: its charts are
        # the browser's already (shown again, a chart widget lost its state in the browser).
        # Keyed by name: a page opened first stays mounted when one before it joins
        for name, component in (("explore", Explore), ("compare", Compare), ("results", Results),
                                ("classroom", ClassroomPage)):  # fmt: skip
            if name == session.page.value or name in session.visited.value:
                hidden = ["hidden"] if name != session.page.value else []
                with solara.Div(classes=[f"page-{name}", *hidden]).key(f"page-{name}"):
                    component()
        # anew whenever what is shown changes: a page, the projector view, a language
        FitCharts.element().key(f"fit-{session.page.value}-{session.projector.value}-{language}")
